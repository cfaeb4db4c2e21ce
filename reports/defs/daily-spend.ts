// Cost and tokens per day, split by agent and model: the data of the stacked cost chart.
import { groupCost, modelFilter, sessionFilter, summedGroupCost } from '../filters.js';
import type { Report } from '../report.js';
import { isBounded, usageByModel, usageRows } from '../rolled-usage.js';

// Summed from usage_rollup per local day, agent and model, then priced, as in usage.ts (prices are
// linear in tokens; a quarter hour never spans two local days).
const QUARTER = 900000;

const sqlFor = (bounded: boolean) => `
WITH g AS (${usageByModel(
  `local_bucket(u.quarter * ${QUARTER}, 'day', :tz) || char(31) || s.source`,
  `${usageRows(bounded)} u JOIN sessions s ON s.id = u.session_id`,
  `${sessionFilter('s')} AND ${modelFilter('u.model')}`,
)}),
priced AS (
  SELECT substr(k, 1, instr(k, char(31)) - 1) AS day, substr(k, instr(k, char(31)) + 1) AS source,
    coalesce(model, '(unknown)') AS model, t, ${groupCost} AS c
  FROM g
)
SELECT day, source, model, ${summedGroupCost('c')} AS cost, sum(t) AS total_tokens
FROM priced
GROUP BY day, source, model
ORDER BY day, source, model
LIMIT :limit`;
const ALL = sqlFor(false);
const BOUNDED = sqlFor(true);

export const dailySpend: Report = {
  name: 'daily-spend',
  title: 'Cost and tokens per day',
  description: 'Cost in USD and tokens per local day, by agent and model.',
  defaultLimit: -1,
  sql: (p) => (isBounded(p) ? BOUNDED : ALL),
  columns: [
    { key: 'day', label: 'Day', type: 'date' },
    { key: 'source', label: 'Agent', type: 'text' },
    { key: 'model', label: 'Model', type: 'text' },
    { key: 'cost', label: 'Cost', type: 'money' },
    { key: 'total_tokens', label: 'Tokens', type: 'int' },
  ],
  roles: {
    day: 'time',
    source: 'series',
    model: 'series',
    cost: { role: 'measure', unit: 'USD' },
    total_tokens: { role: 'measure', unit: 'tokens' },
  },
  page: { order: 10 },
};
