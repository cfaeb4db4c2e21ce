// Permission prompts the user answers the same way every time: the settings could answer them instead.
import { type Finding, topSubjects } from '../finding.js';

// The hits' subjects are rules as the agent's settings take them: Claude Code's `Bash(npm test:*)`,
// `Write(//abs/path)` (`//` marks an absolute path there), `WebFetch(domain:host)` or a bare tool
// name; OpenCode's `permission.bash(npm test *)`, the key and patterns of its `permission` config.
const OPENCODE = 'permission.';

/** `permission.bash(echo *, ls *)` → ['bash', ['echo *', 'ls *']]. */
function opencodeRule(subject: string): [string, string[]] {
  const open = subject.indexOf('(');
  if (open < 0) return [subject.slice(OPENCODE.length), ['*']];
  return [subject.slice(OPENCODE.length, open), subject.slice(open + 1, -1).split(', ')];
}

function snippets(allow: string[], deny: string[]): { target: string[]; snippet: string[] } {
  const claude = (list: string[]) => list.filter((s) => !s.startsWith(OPENCODE)).map((s) => JSON.stringify(s));
  const target: string[] = [];
  const snippet: string[] = [];
  const [claudeAllow, claudeDeny] = [claude(allow), claude(deny)];
  if (claudeAllow.length || claudeDeny.length) {
    target.push(
      `.claude/settings.json ${[claudeAllow.length ? 'permissions.allow' : '', claudeDeny.length ? 'permissions.deny' : ''].filter(Boolean).join(' and ')}`,
    );
    const parts = [
      claudeAllow.length ? `"allow": [${claudeAllow.join(', ')}]` : '',
      claudeDeny.length ? `"deny": [${claudeDeny.join(', ')}]` : '',
    ].filter(Boolean);
    snippet.push(`{ "permissions": { ${parts.join(', ')} } }`);
  }
  const opencode = new Map<string, string[]>();
  for (const [list, action] of [
    [allow, 'allow'],
    [deny, 'deny'],
  ] as const)
    for (const s of list.filter((x) => x.startsWith(OPENCODE))) {
      const [key, patterns] = opencodeRule(s);
      const entries = opencode.get(key) ?? [];
      for (const p of patterns) entries.push(`${JSON.stringify(p)}: "${action}"`);
      opencode.set(key, entries);
    }
  if (opencode.size) {
    target.push('opencode.json permission');
    snippet.push(
      `{ "permission": { ${[...opencode].map(([k, e]) => `${JSON.stringify(k)}: { ${e.join(', ')} }`).join(', ')} } }`,
    );
  }
  return { target, snippet };
}

export const permissionPrompts: Finding = {
  id: 'permission-prompts',
  class: 'fix',
  basis: 'measured',
  title: 'Permission prompts answered the same way every time',
  thresholds: { min_asks: 3, match_window_ms: 600_000 },
  // One hit per answered prompt whose subject was asked about at least :min_asks times and always
  // got the same answer (over the whole history: a subject once answered otherwise is a real
  // question). OpenCode records the answer; Claude Code tells its hook only the question, so the
  // answer is the call's: the latest call of that tool and subject in the session up to
  // :match_window_ms before the prompt, rejected by the user (denied) or run (approved). A call
  // whose result is not imported yet leaves the prompt unanswered, counted neither way. The
  // command prefix below is agents/permission-subject.ts's commandPrefix, as user-rejected-tool has it.
  sql: `
WITH asks AS (
  SELECT id, source, session_id, tool_name, subject, asked_at, decision, decided_at
  FROM permission_events WHERE asked_at IS NOT NULL AND tool_name IS NOT NULL
),
calls AS (
  SELECT t.session_id, t.tool_name, t.created_at, t.success, t.error_kind, t.error_message, t.file_path,
    CASE WHEN json_valid(t.tool_input) THEN trim(json_extract(t.tool_input, '$.command')) END AS full_command
  FROM tools t
  WHERE t.source = 'claude-code' AND t.session_id IN (SELECT session_id FROM asks WHERE decision IS NULL)
),
call_commands AS (
  SELECT *, CASE WHEN full_command LIKE 'cd %&&%' THEN trim(substr(full_command, instr(full_command, '&&') + 2))
    ELSE full_command END AS command
  FROM calls
),
call_subjects AS (
  SELECT *, CASE
    WHEN tool_name = 'Bash' AND command IS NOT NULL THEN
      CASE WHEN instr(substr(command || ' ', instr(command || ' ', ' ') + 1), ' ') > 0
        THEN substr(command, 1, instr(command || ' ', ' ') + instr(substr(command || ' ', instr(command || ' ', ' ') + 1), ' ') - 1)
        ELSE command END
    ELSE file_path END AS subject
  FROM call_commands
),
answered AS (
  SELECT a.*, coalesce(a.decision, (
    SELECT CASE WHEN c.success IS NULL THEN NULL
      WHEN c.success = 0 AND (c.error_kind = 'rejected by user' OR error_kind(c.error_message) = 'rejected by user')
        THEN 'denied' ELSE 'approved' END
    FROM call_subjects c
    WHERE c.session_id = a.session_id AND c.tool_name = a.tool_name
      AND c.created_at BETWEEN a.asked_at - :match_window_ms AND a.asked_at
      AND (c.subject IS NULL OR a.subject IS NULL OR c.subject = a.subject)
    ORDER BY c.created_at DESC LIMIT 1)) AS answer
  FROM asks a
),
rules AS (
  SELECT *, CASE WHEN source = 'opencode'
      THEN 'permission.' || tool_name || CASE WHEN subject IS NULL THEN '' ELSE '(' || subject || ')' END
    ELSE tool_name || CASE
      WHEN subject IS NULL THEN ''
      WHEN tool_name = 'Bash' THEN '(' || subject || ':*)'
      WHEN subject LIKE '/%' THEN '(/' || subject || ')'
      ELSE '(' || subject || ')' END
    END AS rule
  FROM answered WHERE answer IS NOT NULL
),
consistent AS (
  SELECT rule, min(answer) AS answer FROM rules GROUP BY rule
  HAVING count(*) >= :min_asks AND count(DISTINCT answer) = 1
)
SELECT r.session_id, r.asked_at AS at, r.rule AS subject,
  CASE c.answer WHEN 'approved' THEN 'always approved' ELSE 'always denied' END AS detail,
  NULL AS cost, CASE WHEN r.decided_at >= r.asked_at THEN r.decided_at - r.asked_at END AS ms, NULL AS tokens
FROM rules r JOIN consistent c ON c.rule = r.rule`,
  advise(hits) {
    const allowed = topSubjects(
      hits.filter((h) => h.detail !== 'always denied'),
      10,
    );
    const denied = topSubjects(
      hits.filter((h) => h.detail === 'always denied'),
      10,
    );
    const list = (l: { subject: string; count: number }[]) => l.map((s) => `${s.subject} ×${s.count}`).join(', ');
    const { target, snippet } = snippets(
      allowed.map((s) => s.subject),
      denied.map((s) => s.subject),
    );
    return {
      text:
        `You answered ${hits.length} permission prompts the same way each time` +
        (allowed.length ? `; always yes: ${list(allowed)}` : '') +
        (denied.length ? `; always no: ${list(denied)}` : '') +
        '. Let the settings answer them: allow what you always allow, deny what you always deny.',
      target: target.join(', ') || '.claude/settings.json permissions.allow',
      snippet: snippet.join('\n'),
    };
  },
};
