// Failed tool calls per day for the tools that fail most: where the failures cluster in time.
import { QUARTER_MS } from '../../schema/rollups.js';
import { inRange, rowInSessions } from '../filters.js';
import type { Report } from '../report.js';
import { onlyBounded, quartersInRange, unfiltered } from '../rolled-tools.js';

// Failures per tool and UTC quarter hour: every one, read by the roll-up's index for each top tool
// (a copy would need an index built), or those of the range and sessions asked for, counted once.
const ROLLED = `
  SELECT tool_name, quarter AS q, n FROM tool_failure_rollup`;
const COUNTED = `
  SELECT t.tool_name, t.created_at / ${QUARTER_MS} AS q, count(*) AS n
  FROM tools t
  WHERE t.success = 0 AND ${inRange('t.created_at')} AND ${rowInSessions('t.session_id')}
  GROUP BY 1, 2`;
// A range alone: the roll-up's whole quarter hours in it, and the failures of the partial ones at its ends.
const range = quartersInRange('quarter');
const IN_RANGE = `
  SELECT tool_name, quarter AS q, n FROM tool_failure_rollup WHERE ${range.whole}
  ${range.edges
    .map(
      (edge) => `UNION ALL
  SELECT t.tool_name, t.created_at / ${QUARTER_MS}, count(*) FROM tools t WHERE t.success = 0 AND ${edge} GROUP BY 1, 2`,
    )
    .join('\n  ')}`;

export const failuresByDay: Report = {
  name: 'failures-by-day',
  title: 'Failures over time',
  description: 'Failed tool calls per local day, for the six tools with the most failures.',
  defaultLimit: -1,
  sql: (p) => `
WITH failed AS ${unfiltered(p) ? `NOT MATERIALIZED (${ROLLED})` : `MATERIALIZED (${onlyBounded(p) ? IN_RANGE : COUNTED})`},
top AS MATERIALIZED (
  SELECT tool_name, sum(n) AS total FROM failed GROUP BY tool_name ORDER BY total DESC, tool_name LIMIT 6
)
-- Grouped in the order shown, so one sort serves both. local_bucket remembers each quarter hour's
-- date, so asking it per row cost less than joining a table of the quarters dated once.
SELECT local_bucket(f.q * ${QUARTER_MS}, 'day', :tz) AS day, f.tool_name AS tool_name, sum(f.n) AS failures
FROM top JOIN failed f ON f.tool_name = top.tool_name
GROUP BY top.total, f.tool_name, day
ORDER BY top.total DESC, f.tool_name, day
LIMIT :limit`,
  columns: [
    { key: 'day', label: 'Day', type: 'date' },
    { key: 'tool_name', label: 'Tool', type: 'text' },
    { key: 'failures', label: 'Failures', type: 'int' },
  ],
  roles: { day: 'time', tool_name: 'category', failures: { role: 'measure', unit: 'calls' } },
  page: { order: 30 },
};
