// Tool calls the user said no to: each one is a question the settings or the instructions could answer.
import { type Finding, topSubjects } from '../finding.js';
import { shellCommand } from '../shell-command.js';

export const userRejectedTool: Finding = {
  id: 'user-rejected-tool',
  class: 'fix',
  basis: 'measured',
  title: 'Tool calls the user rejected',
  thresholds: {},
  // By tool and the command's first two words (or the file). A rejected plan (ExitPlanMode) is a
  // conversation about the plan, not a tool the agent should stop using.
  sql: `
WITH rejected AS (
  SELECT t.session_id, t.created_at, t.tool_name, t.file_path, t.error_message, t.duration_ms,
    CASE WHEN t.category = 'shell' THEN trim(${shellCommand('t')}) END AS full_command
  FROM tools t
  WHERE t.success = 0 AND t.tool_name NOT IN ('ExitPlanMode', 'exit_plan_mode')
    AND (t.error_kind = 'rejected by user'
      -- error_kind() runs its rules in JavaScript, once per failed call of the period: only for messages
      -- with a word of its rejection rule (schema/error-kind.ts), which are few; LIKE ignores case as its /i does
      OR ((t.error_message LIKE '%rejected%' OR t.error_message LIKE '%doesn''t want to%')
        AND error_kind(t.error_message) = 'rejected by user'))
),
-- "cd somewhere && npm install" is about npm install
rejected_commands AS (
  SELECT *, CASE WHEN full_command LIKE 'cd %&&%' THEN trim(substr(full_command, instr(full_command, '&&') + 2))
    ELSE full_command END AS command
  FROM rejected
)
SELECT session_id, created_at AS at,
  tool_name || CASE
    WHEN command IS NOT NULL AND command <> '' THEN '(' ||
      CASE WHEN instr(command || ' ', ' ') > 0 AND instr(substr(command || ' ', instr(command || ' ', ' ') + 1), ' ') > 0
        THEN substr(command, 1, instr(command || ' ', ' ') + instr(substr(command || ' ', instr(command || ' ', ' ') + 1), ' ') - 1)
        ELSE command END || ')'
    WHEN file_path IS NOT NULL THEN '(' || file_path || ')'
    ELSE '' END AS subject,
  -- the reason the user gave (in the words of Claude Code or OpenCode), or the message when it is the reason
  -- itself (feedback as older Claude Code versions stored it); NULL for a plain no
  CASE WHEN instr(error_message, 'reason for the rejection:') > 0
    THEN trim(substr(error_message, instr(error_message, 'reason for the rejection:') + 25))
    WHEN instr(error_message, 'with the following feedback:') > 0
    THEN trim(substr(error_message, instr(error_message, 'with the following feedback:') + 28))
    WHEN error_message NOT LIKE '%doesn''t want to%' AND error_message NOT LIKE '%rejected permission%'
      AND error_message NOT LIKE '%rejected by user%' THEN error_message END AS detail,
  NULL AS cost, duration_ms AS ms, NULL AS tokens
FROM rejected_commands`,
  advise(hits) {
    const top = topSubjects(hits, 5);
    // A plain refusal is a candidate for deny; one with a reason ("add X first") is a conversation.
    const refused = topSubjects(
      hits.filter((h) => h.detail === null),
      5,
    );
    // Claude Code's Bash rules take a prefix ("Bash(npm install:*)"), OpenCode's bash rules a glob.
    const shell = refused
      .filter((s) => s.subject.startsWith('Bash('))
      .map((s) => `"Bash(${s.subject.slice(5, -1)}:*)"`);
    const bash = refused
      .filter((s) => s.subject.startsWith('bash('))
      .map((s) => `"${s.subject.slice(5, -1)}*": "deny"`);
    const feedback = hits.map((h) => h.detail).filter((d): d is string => !!d);
    return {
      text:
        `You rejected ${hits.length} tool calls: ${top.map((s) => `${s.subject} ×${s.count}`).join(', ')}.` +
        (feedback.length
          ? ` Your reasons: "${feedback
              .slice(0, 3)
              .map((f) => (f.length > 80 ? `${f.slice(0, 79)}…` : f))
              .join('"; "')}".`
          : '') +
        ' Deny what you always refuse, and write down why so the agent stops asking.',
      target: shell.length
        ? '.claude/settings.json permissions.deny, and CLAUDE.md for the reasons'
        : bash.length
          ? 'opencode.json permission.bash, and AGENTS.md for the reasons'
          : 'CLAUDE.md / AGENTS.md',
      snippet: shell.length
        ? `{ "permissions": { "deny": [${shell.join(', ')}] } }`
        : bash.length
          ? `{ "permission": { "bash": { ${bash.join(', ')} } } }`
          : `- Do not ${top[0]?.subject ?? 'do this'} without asking first.`,
    };
  },
};
