// API errors (failed requests) by kind and day.
import { inRange, modelFilter, sessionFilter } from '../filters.js';
import type { Report } from '../report.js';

export const errors: Report = {
  name: 'errors',
  title: 'API errors',
  description: 'Session errors (failed API requests) by day and error type, with an example message.',
  defaultLimit: 50,
  // The day is taken once per error, and the example is the latest counted error of its group,
  // picked by a window over those rows (a subquery per group that bucketed every error of the
  // table again was quadratic).
  sql: `
WITH e AS MATERIALIZED (
  SELECT local_bucket(e.created_at, 'day', :tz) AS day, e.error_type, e.session_id, e.status_code,
    e.error_message,
    row_number() OVER (PARTITION BY local_bucket(e.created_at, 'day', :tz), e.error_type
      ORDER BY e.created_at DESC, e.id) AS latest
  FROM session_errors e JOIN sessions s ON s.id = e.session_id
  WHERE ${inRange('e.created_at')} AND ${sessionFilter('s')} AND ${modelFilter('s.model')}
)
SELECT e.day AS day,
  e.error_type AS error_type,
  count(*) AS count,
  count(DISTINCT e.session_id) AS sessions,
  max(e.status_code) AS status_code,
  max(CASE WHEN e.latest = 1 THEN e.error_message END) AS example
FROM e
GROUP BY e.day, e.error_type
ORDER BY day DESC, count DESC, error_type
LIMIT :limit`,
  columns: [
    { key: 'day', label: 'Day', type: 'date' },
    { key: 'error_type', label: 'Error', type: 'text' },
    { key: 'count', label: 'Count', type: 'int' },
    { key: 'sessions', label: 'Sessions', type: 'int' },
    { key: 'status_code', label: 'HTTP', type: 'text' },
    { key: 'example', label: 'Example', type: 'text' },
  ],
  roles: { day: 'time', error_type: 'series', count: { role: 'measure', unit: 'errors' } },
  page: { order: 70, limit: -1 },
};
