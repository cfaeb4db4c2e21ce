// Which tools take longest: median, 95th percentile and maximum duration.
import { inRange, rowInSessions } from '../filters.js';
import type { Report } from '../report.js';

export const slowTools: Report = {
  name: 'slow-tools',
  title: 'Slow tools',
  description: 'Tool durations (call to result): median, 95th percentile and maximum, slowest first.',
  defaultLimit: 20,
  sql: `
SELECT tool_display_name(t.tool_name) AS tool_name,
  count(*) AS calls,
  round(percentile(t.duration_ms, 50)) AS p50_ms,
  round(percentile(t.duration_ms, 95)) AS p95_ms,
  max(t.duration_ms) AS max_ms
FROM tools t
WHERE t.duration_ms IS NOT NULL AND ${inRange('t.created_at')} AND ${rowInSessions('t.session_id')}
GROUP BY 1
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
