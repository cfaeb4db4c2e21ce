// Which tools fail, how often, and the most common kind of failure of each.
import { inRange, rowInSessions } from './filters.js';
import type { Report } from './report.js';

export const toolErrors: Report = {
  name: 'tool-errors',
  description: 'Tool calls and failures per tool, with the error rate and the most frequent kind of failure.',
  defaultLimit: 20,
  sql: `
WITH calls AS (
  SELECT t.tool_name, t.success
  FROM tools t
  WHERE ${inRange('t.created_at')} AND ${rowInSessions('t.session_id')}
),
kinds AS (
  SELECT t.tool_name, coalesce(t.error_kind, error_kind(t.error_message)) AS kind, count(*) AS n
  FROM tools t
  WHERE t.success = 0 AND ${inRange('t.created_at')} AND ${rowInSessions('t.session_id')}
  GROUP BY t.tool_name, kind
),
top AS (
  SELECT tool_name, kind FROM (
    SELECT tool_name, kind, row_number() OVER (PARTITION BY tool_name ORDER BY n DESC, kind) AS rn FROM kinds
  ) WHERE rn = 1
)
SELECT c.tool_name AS tool_name,
  count(*) AS total,
  coalesce(sum(c.success = 0), 0) AS failures,
  round(100.0 * coalesce(sum(c.success = 0), 0) / count(*), 2) AS error_rate,
  top.kind AS top_error
FROM calls c LEFT JOIN top ON top.tool_name = c.tool_name
GROUP BY c.tool_name
ORDER BY error_rate DESC, total DESC, tool_name
LIMIT :limit`,
  columns: [
    { key: 'tool_name', label: 'Tool', type: 'text' },
    { key: 'total', label: 'Calls', type: 'int' },
    { key: 'failures', label: 'Failures', type: 'int' },
    { key: 'error_rate', label: 'Error rate', type: 'percent' },
    { key: 'top_error', label: 'Most frequent failure', type: 'text' },
  ],
};
