// Tool calls refused because a non-interactive run (claude -p, gemini -p) could not ask for the permission they needed.
import { type Finding, topSubjects } from '../finding.js';
import { shellCommand } from '../shell-command.js';

/** Claude Code's rule for a subject: `Bash(npm test)` allows `npm test` and what follows it. */
const claudeRule = (subject: string) => (subject.startsWith('Bash(') ? `${subject.slice(0, -1)}:*)` : subject);

export const headlessPermissionDenied: Finding = {
  id: 'headless-permission-denied',
  class: 'fix',
  basis: 'measured',
  title: 'Tool calls refused in non-interactive runs for want of a permission',
  thresholds: {},
  // Only a run that cannot ask words a refusal so: Claude Code -p ("Claude requested permissions to
  // use X, but you haven't granted it yet", "This command requires approval") and Gemini CLI -p
  // ("requires user confirmation, which is not supported in non-interactive mode"). A shell's own
  // "Permission denied" has the same kind and none of these words. OpenCode's run rejects the
  // question in the words of a user's rejection (user-rejected-tool counts it); Codex's exec never
  // asks, its sandbox makes the command fail instead.
  // The subject is the tool, and for a shell call the first two words of the command (or of the
  // part of it Claude Code names as needing approval), the shape of a permission rule.
  sql: `
WITH denied AS (
  SELECT t.session_id, t.created_at, t.source, t.tool_name, t.error_message, t.duration_ms,
    CASE WHEN instr(t.error_message, 'requires approval: ') > 0
      THEN trim(substr(t.error_message, instr(t.error_message, 'requires approval: ') + 19))
      WHEN t.category = 'shell' THEN trim(${shellCommand('t')}) END AS command
  FROM tools t
  WHERE t.success = 0
    AND (t.error_message LIKE '%haven''t granted%' OR t.error_message LIKE '%requires approval%'
      OR t.error_message LIKE '%not supported in non-interactive mode%')
    AND (t.error_kind = 'permission denied' OR error_kind(t.error_message) = 'permission denied')
),
words AS (
  SELECT d.*, substr(command, 1, instr(command || ' ', ' ') - 1) AS first_word,
    ltrim(substr(command, instr(command || ' ', ' ') + 1)) AS rest
  FROM denied d
)
SELECT session_id, created_at AS at,
  tool_name || CASE WHEN first_word IS NOT NULL AND first_word <> ''
    THEN '(' || first_word || CASE WHEN rest <> '' THEN ' ' || substr(rest, 1, instr(rest || ' ', ' ') - 1) ELSE '' END || ')'
    ELSE '' END AS subject,
  source || ': ' || substr(error_message, 1, 200) AS detail, NULL AS cost, duration_ms AS ms, NULL AS tokens
FROM words`,
  advise(hits) {
    const top = topSubjects(hits, 8);
    const of = (source: string) =>
      topSubjects(
        hits.filter((h) => h.detail?.startsWith(`${source}: `)),
        8,
      ).map((s) => s.subject);
    const claude = of('claude-code').map(claudeRule);
    const gemini = of('gemini');
    const snippets = [
      claude.length ? `{ "permissions": { "allow": [${claude.map((r) => JSON.stringify(r)).join(', ')}] } }` : '',
      gemini.length ? `{ "tools": { "allowed": [${gemini.map((r) => JSON.stringify(r)).join(', ')}] } }` : '',
    ].filter((s) => s !== '');
    return {
      text:
        `${hits.length} tool calls failed in runs that could not ask for permission: ${top
          .slice(0, 5)
          .map((s) => `${s.subject} ×${s.count}`)
          .join(', ')}. ` +
        'Allow what these runs need ahead of time (or pass it on the command line), or tell the agent not to use the rest.',
      target:
        [
          claude.length ? '.claude/settings.json permissions.allow (or claude -p --allowedTools)' : '',
          gemini.length ? '.gemini/settings.json tools.allowed (or gemini -p --allowed-tools)' : '',
        ]
          .filter((s) => s !== '')
          .join('; ') || 'the settings of the agent that ran them',
      snippet: snippets.join('\n') || `allow: ${top.map((s) => s.subject).join(', ')}`,
    };
  },
};
