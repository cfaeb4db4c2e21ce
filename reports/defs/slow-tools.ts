// Which tools take longest: median, 95th percentile and maximum duration.
import { inRange, rowInSessions } from '../filters.js';
import type { Report, ReportParams } from '../report.js';
import { insideRange, lessOutside, onlyBounded, unfiltered } from '../rolled-tools.js';

// Calls per raw name and duration: every call's, read in the roll-up's index order where used (a
// copy would be sorted again), or those of the range and sessions asked for, counted once.
const ROLLED = `
  SELECT tool_name, duration_ms AS d, n AS c FROM tool_duration_rollup`;
const COUNTED = `
  SELECT t.tool_name, t.duration_ms AS d, count(*) AS c
  FROM tools t
  WHERE t.duration_ms IS NOT NULL AND ${inRange('t.created_at')} AND ${rowInSessions('t.session_id')}
  GROUP BY t.tool_name, t.duration_ms`;
// A range alone: when it covers most calls, the roll-up less the calls outside it; otherwise the
// calls in it, counted.
const inRangeOf = (p: ReportParams) => `
  SELECT tool_name, d, sum(c) AS c FROM (
    ${lessOutside(p, 'tools', 'SELECT tool_name, duration_ms AS d, n AS c FROM tool_duration_rollup', 't.tool_name, t.duration_ms, -1', 't.duration_ms IS NOT NULL')}
  ) AS less GROUP BY 1, 2 HAVING sum(c) > 0
  UNION ALL
  SELECT t.tool_name, t.duration_ms, count(*) FROM tools t
  WHERE t.duration_ms IS NOT NULL AND ${insideRange(p, 'tools')} GROUP BY 1, 2`;

export const slowTools: Report = {
  name: 'slow-tools',
  title: 'Slow tools',
  description: 'Tool durations (call to result): median, 95th percentile and maximum, slowest first.',
  defaultLimit: 20,
  // Calls are counted per raw name and duration (the roll-up's rows, or read in the order of
  // tools_durations, or of tools_range for a time range), so nothing sorts a million rows and no
  // list of every duration is kept for a median; each raw name is named once (bash and Bash are one
  // tool), and the exact percentiles are read off the running counts of those few rows, interpolated
  // as percentile() and percentile_cont do: rank p × (calls − 1), exact in integers.
  sql: (p) => `
WITH per_raw AS ${unfiltered(p) ? `NOT MATERIALIZED (${ROLLED})` : `MATERIALIZED (${onlyBounded(p) ? inRangeOf(p) : COUNTED})`},
names AS MATERIALIZED (
  SELECT tool_name, tool_display_name(tool_name) AS display FROM (SELECT DISTINCT tool_name FROM per_raw) AS raw
),
-- Calls per tool, from the few per-raw-name sums (read in per_raw's order, not sorted).
totals AS MATERIALIZED (
  SELECT n.display AS tool_name, CAST(sum(t.c) AS BIGINT) AS calls
  FROM (SELECT tool_name, sum(c) AS c FROM per_raw GROUP BY tool_name) AS t JOIN names n ON n.tool_name = t.tool_name
  GROUP BY n.display
),
-- Running counts per tool in duration order; a duration two raw names share is two rows, which
-- leaves the first duration whose running count passes a rank unchanged.
running AS (
  SELECT n.display AS tool_name, r.d, r.c,
    CAST(sum(r.c) OVER (PARTITION BY n.display ORDER BY r.d ROWS UNBOUNDED PRECEDING) AS BIGINT) AS upto
  FROM per_raw r JOIN names n ON n.tool_name = r.tool_name
),
-- The ranks each percentile reads (k and k + 1, k = p × (calls − 1) / 100).
wanted AS MATERIALIZED (
  SELECT tool_name, calls, 50 * (calls - 1) / 100 AS k50, 95 * (calls - 1) / 100 AS k95 FROM totals
),
-- Only the rows where the running count passes one of those ranks, and each tool's last row (its
-- maximum), are kept: grouping every row took longer than the window itself. CROSS JOIN reads the
-- running rows once, in order, and looks each tool's ranks up (the other way round, SQLite indexed
-- every running row).
passing AS (
  SELECT r.tool_name, r.d, r.upto, w.calls, w.k50, w.k95
  FROM running r CROSS JOIN wanted w
  WHERE w.tool_name = r.tool_name
    AND ((r.upto > w.k50 AND r.upto - r.c <= w.k50 + 1) OR (r.upto > w.k95 AND r.upto - r.c <= w.k95 + 1)
      OR r.upto = w.calls)
),
ranks AS (
  SELECT tool_name, calls,
    -- the value at rank k is the first duration whose running count exceeds k
    min(CASE WHEN upto > k50 THEN d END) AS lo50,
    min(CASE WHEN upto > k50 + 1 THEN d END) AS hi50,
    50 * (calls - 1) % 100 AS f50,
    min(CASE WHEN upto > k95 THEN d END) AS lo95,
    min(CASE WHEN upto > k95 + 1 THEN d END) AS hi95,
    95 * (calls - 1) % 100 AS f95,
    max(d) AS max_ms
  FROM passing
  GROUP BY tool_name, calls
)
SELECT tool_name, calls,
  round(CASE WHEN f50 = 0 THEN lo50 ELSE lo50 + (hi50 - lo50) * f50 / 100.0 END) AS p50_ms,
  round(CASE WHEN f95 = 0 THEN lo95 ELSE lo95 + (hi95 - lo95) * f95 / 100.0 END) AS p95_ms,
  max_ms
FROM ranks
ORDER BY p95_ms DESC, calls DESC, tool_name
LIMIT :limit`,
  columns: [
    { key: 'tool_name', label: 'Tool', type: 'text' },
    { key: 'calls', label: 'Calls', type: 'int' },
    { key: 'p50_ms', label: 'Median', type: 'duration' },
    { key: 'p95_ms', label: 'p95', type: 'duration' },
    { key: 'max_ms', label: 'Max', type: 'duration' },
  ],
  roles: { tool_name: 'category', p50_ms: 'measure', p95_ms: 'measure' },
  page: { order: 50 },
};
