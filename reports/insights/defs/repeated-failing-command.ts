// The same shell command failing the same way again and again in one session: the agent is not learning from it.
import { inRange } from '../../filters.js';
import { type Finding, topSubjects } from '../finding.js';
import { shellCommand } from '../shell-command.js';

export const repeatedFailingCommand: Finding = {
  id: 'repeated-failing-command',
  class: 'habit',
  basis: 'measured',
  title: 'The same command failing the same way repeatedly in a session',
  thresholds: { min_repeats: 3 },
  // One hit per session, command (whitespace collapsed) and kind of error, when it failed at least
  // :min_repeats times. A command that fails and then passes fails fewer times than that.
  sql: `
WITH failed AS (
  SELECT t.session_id, t.created_at, t.duration_ms,
    trim(replace(replace(replace(${shellCommand('t')}, char(10), ' '), char(9), ' '), '  ', ' ')) AS command,
    coalesce(t.error_kind, error_kind(t.error_message)) AS kind
  FROM tools t
  WHERE t.success = 0 AND t.category = 'shell'
    -- a hit is timed by its first failure, so only sessions with a failure in the period can have one
    AND t.session_id IN (SELECT p.session_id FROM tools p
      WHERE ${inRange('p.created_at')} AND p.success = 0 AND p.category = 'shell')
)
SELECT session_id, min(created_at) AS at, substr(command, 1, 120) AS subject,
  kind || ' (' || count(*) || ' times)' AS detail, NULL AS cost, sum(duration_ms) AS ms, NULL AS tokens
FROM failed
WHERE command IS NOT NULL AND command <> ''
GROUP BY session_id, command, kind
HAVING count(*) >= :min_repeats`,
  advise(hits) {
    const top = topSubjects(hits, 3).map((s) => `\`${s.subject}\``);
    return {
      text:
        `${hits.length} times a command failed with the same error ${this.thresholds.min_repeats} or more times in one session (${top.join(', ')}). ` +
        'Tell the agent to read the error and change something before it runs a failed command again.',
      target: 'CLAUDE.md / AGENTS.md',
      snippet:
        '- When a command fails, read its error and change the command or the code before running it again; never re-run an unchanged command that just failed.',
    };
  },
};
