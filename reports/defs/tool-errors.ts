// Which tools fail, how often, and the most common kind of failure of each.
import { inRange, rowInSessions } from '../filters.js';
import type { Report, ReportParams } from '../report.js';
import { insideRange, lessOutside, onlyBounded, unfiltered } from '../rolled-tools.js';
import { sumRow } from '../totals.js';

const ROLLED = `
  SELECT tool_name, success, error_kind AS kind, n FROM tool_rollup`;
const COUNTED = `
  SELECT t.tool_name, t.success, t.error_kind AS kind, count(*) AS n
  FROM tools t
  WHERE ${inRange('t.created_at')} AND ${rowInSessions('t.session_id')}
  GROUP BY 1, 2, 3`;
// A range alone: when it covers most calls, the roll-up less the calls outside it (a year's page
// reads a month of calls, not eleven); otherwise the calls in it, counted.
const inRangeOf = (p: ReportParams) => `
  SELECT tool_name, success, kind, sum(n) AS n FROM (
    ${lessOutside(p, 'tools', 'SELECT tool_name, success, error_kind AS kind, n FROM tool_rollup', 't.tool_name, t.success, t.error_kind, -1', 'TRUE')}
  ) AS less GROUP BY 1, 2, 3 HAVING sum(n) > 0
  UNION ALL
  SELECT t.tool_name, t.success, t.error_kind, count(*) FROM tools t WHERE ${insideRange(p, 'tools')} GROUP BY 1, 2, 3`;

export const toolErrors: Report = {
  name: 'tool-errors',
  title: 'Tool calls and failures',
  description: 'Tool calls and failures per tool, with the error rate and the most frequent kind of failure.',
  defaultLimit: 20,
  // Calls per tool, outcome and kind of failure, from the roll-up (every call) or one pass over the
  // covering index (a range or a session filter); the totals and the most frequent kind are then
  // taken from those few rows, by the tool's display name (OpenCode's bash counts as Bash).
  // Failures imported before kinds were stored are classified here, and only when there are any.
  sql: (p) => `
WITH stored AS MATERIALIZED (${unfiltered(p) ? ROLLED : onlyBounded(p) ? inRangeOf(p) : COUNTED}),
counts AS MATERIALIZED (
  SELECT tool_display_name(tool_name) AS tool_name, success, kind, sum(n) AS n FROM stored GROUP BY 1, 2, 3
),
kinds AS (
  SELECT tool_name, kind, sum(n) AS n FROM (
    SELECT tool_name, kind, n FROM counts WHERE success = 0 AND kind IS NOT NULL
    UNION ALL
    SELECT tool_display_name(t.tool_name), error_kind(t.error_message), 1 FROM tools t
    WHERE EXISTS (SELECT 1 FROM counts WHERE success = 0 AND kind IS NULL)
      AND t.success = 0 AND t.error_kind IS NULL AND ${inRange('t.created_at')} AND ${rowInSessions('t.session_id')}
  ) AS all_kinds GROUP BY tool_name, kind
),
top AS (
  SELECT tool_name, kind FROM (
    SELECT tool_name, kind, row_number() OVER (PARTITION BY tool_name ORDER BY n DESC, kind) AS rn FROM kinds
  ) AS ranked WHERE rn = 1
),
per_tool AS (
  SELECT tool_name, sum(n) AS total, coalesce(sum(CASE WHEN success = 0 THEN n END), 0) AS failures
  FROM counts GROUP BY tool_name
)
SELECT p.tool_name AS tool_name, p.total AS total, p.failures AS failures,
  round(100.0 * p.failures / p.total, 2) AS error_rate,
  top.kind AS top_error
FROM per_tool p LEFT JOIN top ON top.tool_name = p.tool_name
ORDER BY error_rate DESC, total DESC, tool_name
LIMIT :limit`,
  columns: [
    { key: 'tool_name', label: 'Tool', type: 'text' },
    { key: 'total', label: 'Calls', type: 'int' },
    { key: 'failures', label: 'Failures', type: 'int' },
    { key: 'error_rate', label: 'Error rate', type: 'percent' },
    { key: 'top_error', label: 'Most frequent failure', type: 'text' },
  ],
  roles: {
    tool_name: 'category',
    total: { role: 'measure', unit: 'calls' },
    failures: { role: 'measure', unit: 'calls' },
    error_rate: { role: 'measure', unit: '%', average: true },
  },
  page: { order: 20 },
  total: (rows) => {
    const t = sumRow(rows, 'tool_name', ['total', 'failures']);
    const calls = t.total as number;
    return { ...t, error_rate: calls ? Math.round((10000 * (t.failures as number)) / calls) / 100 : null };
  },
};
