// Commits the pre-commit checks rejected: the agent waits for the hook, then fixes and commits again.
import type { Finding } from '../finding.js';

export const commitBlockedByChecks: Finding = {
  id: 'commit-blocked-by-checks',
  class: 'fix',
  basis: 'measured',
  title: 'Commits blocked by pre-commit checks',
  thresholds: {},
  // The stored kind, or for rows imported before that kind existed, the kind of the stored message;
  // or an agent's own hook (Claude Code's PreToolUse) that blocked the call. Minutes: the call's
  // measured run time, else the blocking hook's.
  sql: `
SELECT t.session_id AS session_id, t.created_at AS at, 'git commit' AS subject,
  substr(t.error_message, 1, 200) AS detail, NULL AS cost,
  coalesce(t.duration_ms, (SELECT max(h.duration_ms) FROM hook_events h
    WHERE h.call_id = t.call_id AND h.source = t.source AND h.outcome = 'blocking_error')) AS ms,
  NULL AS tokens
FROM tools t
WHERE t.success = 0 AND t.category = 'shell' AND t.tool_input LIKE '%git commit%'
  AND (t.error_kind = 'blocked by pre-commit check' OR error_kind(t.error_message) = 'blocked by pre-commit check'
    OR EXISTS (SELECT 1 FROM hook_events h
      WHERE h.call_id = t.call_id AND h.source = t.source AND h.outcome = 'blocking_error'))`,
  advise(hits) {
    const minutes = hits.reduce((n, h) => n + (h.ms ?? 0), 0) / 60_000;
    const checks = [
      ...new Set(hits.flatMap((h) => [...(h.detail ?? '').matchAll(/\[([A-Z][A-Z_-]+)\]/g)].map((m) => m[1]!))),
    ];
    return {
      text:
        `${hits.length} commits were rejected by the pre-commit hook (${minutes.toFixed(1)} minutes of hook runs)` +
        (checks.length ? `, by ${checks.join(', ')}` : '') +
        '. Have the agent run the same checks before it commits, where they are cheaper to fix.',
      target: 'CLAUDE.md / AGENTS.md of the project',
      snippet: `- Before \`git commit\`, run the checks the pre-commit hook runs${checks.length ? ` (${checks.join(', ').toLowerCase()})` : ' (format, lint, type check)'} and fix what they report.`,
    };
  },
};
