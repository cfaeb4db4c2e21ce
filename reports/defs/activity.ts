// When the agents work: messages by local weekday and hour, every one of the 168 cells (none for an idle period).
import { QUARTER_MS } from '../../schema/rollups.js';
import { inRange, modelFilter, rowInSessionsOfAnyModel } from '../filters.js';
import type { Report } from '../report.js';
import { onlyBounded, quartersInRange, unfiltered } from '../rolled-tools.js';

// Messages per quarter hour, every one of them: the roll-up's rows.
const ROLLED = `
  per_quarter AS (SELECT quarter AS q, n FROM message_rollup),`;
// Those of a range or of some sessions or models. Grouping a million messages by quarter hour made
// SQLite sort them all (GROUP BY an expression cannot use an index's order). Instead the quarters
// that have messages are found by seeking messages_range (a loose index scan), and each is counted by
// a range of that index, without a join to sessions unless a session filter is given.
const COUNTED = `
  quarters(q) AS (
    SELECT min(m.created_at) / ${QUARTER_MS} FROM messages m WHERE ${inRange('m.created_at')}
    UNION ALL
    SELECT (SELECT min(m.created_at) FROM messages m
      WHERE m.created_at >= (quarters.q + 1) * ${QUARTER_MS} AND ${inRange('m.created_at')}) / ${QUARTER_MS}
    FROM quarters WHERE quarters.q IS NOT NULL
  ),
  per_quarter AS (
    SELECT q, (SELECT count(*) FROM messages m
      WHERE m.created_at >= q * ${QUARTER_MS} AND m.created_at < (q + 1) * ${QUARTER_MS} AND ${inRange('m.created_at')}
        AND ${rowInSessionsOfAnyModel('m.session_id')} AND ${modelFilter('m.model')}) AS n
    FROM quarters WHERE q IS NOT NULL
  ),`;

// A range alone: the roll-up's whole quarter hours in it, and the messages of the partial ones at its ends.
const range = quartersInRange('quarter');
const IN_RANGE = `
  per_quarter AS (
    SELECT quarter AS q, n FROM message_rollup WHERE ${range.whole}
    ${range.edges
      .map(
        (edge) => `UNION ALL
    SELECT t.created_at / ${QUARTER_MS}, count(*) FROM messages t WHERE ${edge} GROUP BY 1`,
      )
      .join('\n    ')}
  ),`;

export const activity: Report = {
  name: 'activity',
  title: 'Activity by weekday and hour',
  description:
    'Messages per local weekday and hour of the day (all 7 × 24 cells, zero where idle; no rows when there were none).',
  defaultLimit: -1,
  sql: (p) => `
WITH RECURSIVE
  days(d) AS (SELECT 0 UNION ALL SELECT d + 1 FROM days WHERE d < 6),
  hours(h) AS (SELECT 0 UNION ALL SELECT h + 1 FROM hours WHERE h < 23),
${unfiltered(p) ? ROLLED : onlyBounded(p) ? IN_RANGE : COUNTED}
  -- Each quarter hour is named by its local hour ('2026-11-21 09:00'), and each local date then
  -- gets its weekday once: one zone lookup per quarter hour instead of two.
  hourly AS MATERIALIZED (
    SELECT local_bucket(q * ${QUARTER_MS}, 'hour', :tz) AS b, min(q) AS q, sum(n) AS n FROM per_quarter GROUP BY 1
  ),
  weekdays AS MATERIALIZED (
    SELECT day, local_bucket(q * ${QUARTER_MS}, 'weekday', :tz) AS wd
    FROM (SELECT substr(b, 1, 10) AS day, min(q) AS q FROM hourly GROUP BY 1) AS dates
  ),
  cells AS (
    SELECT CAST(w.wd AS INTEGER) AS d, CAST(substr(hourly.b, 12, 2) AS INTEGER) AS h, sum(hourly.n) AS n
    FROM hourly JOIN weekdays w ON w.day = substr(hourly.b, 1, 10) GROUP BY 1, 2
  )
SELECT substr('MonTueWedThuFriSatSun', days.d * 3 + 1, 3) AS weekday, hours.h AS hour, coalesce(cells.n, 0) AS messages
FROM days CROSS JOIN hours LEFT JOIN cells ON cells.d = days.d AND cells.h = hours.h
WHERE EXISTS (SELECT 1 FROM cells)
ORDER BY days.d, hours.h
LIMIT :limit`,
  columns: [
    { key: 'weekday', label: 'Weekday', type: 'text' },
    { key: 'hour', label: 'Hour', type: 'int' },
    { key: 'messages', label: 'Messages', type: 'int' },
  ],
  roles: { weekday: 'category', hour: 'category', messages: { role: 'measure', unit: 'messages' } },
  page: { order: 80 },
};
