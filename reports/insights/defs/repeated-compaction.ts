// Sessions whose context filled up twice or more in mid-task, and what the agent read again after each compaction.
import type { Finding } from '../finding.js';

export const repeatedCompaction: Finding = {
  id: 'repeated-compaction',
  class: 'habit',
  basis: 'estimated',
  title: 'Sessions that compacted twice or more in mid-task',
  thresholds: { min_compactions: 2, chars_per_token: 4 },
  // One hit per compaction (not Claude Code's microcompaction, which clears old tool output) that
  // the session went on working after (a tool call follows it), in sessions with :min_compactions
  // such compactions or more. What it cost: the files read again after it (until the next one) that
  // had been read before it, their outputs estimated at :chars_per_token characters a token.
  sql: `
WITH mid AS (
  SELECT e.id, e.session_id, e.created_at, e.trigger, e.tokens_before,
    (SELECT min(n.created_at) FROM compaction_events n
      WHERE n.session_id = e.session_id AND n.kind = 'compact' AND n.created_at > e.created_at) AS next_at
  FROM compaction_events e
  WHERE e.kind = 'compact' AND e.created_at IS NOT NULL
    AND EXISTS (SELECT 1 FROM tools t WHERE t.session_id = e.session_id AND t.created_at > e.created_at)
),
repeated AS (
  SELECT m.* FROM mid m
  WHERE (SELECT count(*) FROM mid m2 WHERE m2.session_id = m.session_id) >= :min_compactions
),
reread AS (
  SELECT r.id, count(DISTINCT f.file_path) AS files, sum(coalesce(t.output_size, length(t.tool_output), 0)) AS chars
  FROM repeated r
  JOIN file_operations f ON f.session_id = r.session_id AND f.operation_type = 'read'
    AND f.created_at > r.created_at AND (r.next_at IS NULL OR f.created_at < r.next_at)
  LEFT JOIN tools t ON t.id = f.tool_id
  WHERE EXISTS (SELECT 1 FROM file_operations b WHERE b.session_id = r.session_id AND b.operation_type = 'read'
    AND b.file_path = f.file_path AND b.created_at < r.created_at)
  GROUP BY r.id
)
SELECT r.session_id AS session_id, r.created_at AS at,
  CASE WHEN r.trigger IS NULL THEN 'compaction' ELSE r.trigger || ' compaction' END AS subject,
  coalesce('from ' || r.tokens_before || ' tokens; ', '') || coalesce(x.files, 0) || ' files read again' AS detail,
  NULL AS cost, NULL AS ms, CAST(coalesce(x.chars, 0) / :chars_per_token AS INTEGER) AS tokens
FROM repeated r LEFT JOIN reread x ON x.id = r.id`,
  advise(hits) {
    const sessions = new Set(hits.map((h) => h.session_id)).size;
    const files = hits.reduce((n, h) => n + (Number(/(\d+) files read again/.exec(h.detail ?? '')?.[1]) || 0), 0);
    const tokens = hits.reduce((n, h) => n + (h.tokens ?? 0), 0);
    return {
      text:
        `${sessions} sessions compacted twice or more in mid-task (${hits.length} compactions)` +
        (files
          ? `; after them the agent read ${files} files again (about ${Math.round(tokens / 1000)} k tokens)`
          : '') +
        '. Give a long task its own session, keep its plan and findings in a file the agent updates, and send broad searches to a subagent, so the context fills up less often and a compaction loses less.',
      target: 'CLAUDE.md / AGENTS.md',
      snippet:
        '- On a long task, keep a short progress file (done, next, key files and facts) and update it after each step; after a compaction, read that file instead of the sources again.',
    };
  },
};
