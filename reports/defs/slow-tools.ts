// Which tools take longest: median, 95th percentile and maximum duration.
import { inRange, rowInSessions } from '../filters.js';
import type { Report } from '../report.js';

export const slowTools: Report = {
  name: 'slow-tools',
  title: 'Slow tools',
  description: 'Tool durations (call to result): median, 95th percentile and maximum, slowest first.',
  defaultLimit: 20,
  // Grouping 1 M rows by tool_display_name(tool_name) made SQLite sort them all. Instead the few raw
  // names are found by seeking the index (a loose index scan), each named once, and the calls are
  // read from tools_durations name by name in display-name order, so the groups come out sorted.
  sql: `
WITH RECURSIVE raw_names(tool_name) AS (
  SELECT min(tool_name) FROM tools WHERE duration_ms IS NOT NULL
  UNION ALL
  SELECT (SELECT min(t.tool_name) FROM tools t WHERE t.duration_ms IS NOT NULL AND t.tool_name > raw_names.tool_name)
  FROM raw_names WHERE raw_names.tool_name IS NOT NULL
),
names AS MATERIALIZED (
  SELECT tool_name, tool_display_name(tool_name) AS display FROM raw_names WHERE tool_name IS NOT NULL ORDER BY 2, 1
)
SELECT n.display AS tool_name,
  count(*) AS calls,
  round(percentile(t.duration_ms, 50)) AS p50_ms,
  round(percentile(t.duration_ms, 95)) AS p95_ms,
  max(t.duration_ms) AS max_ms
FROM names n JOIN tools t ON t.tool_name = n.tool_name
WHERE t.duration_ms IS NOT NULL AND ${inRange('t.created_at')} AND ${rowInSessions('t.session_id')}
GROUP BY n.display
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
