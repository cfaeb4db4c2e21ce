// Cost and tokens per day, split by agent and model: the data of the stacked cost chart.
import { QUARTER_MS } from '../../schema/rollups.js';
import { groupCost, modelFilter, sessionFilter, summedGroupCost } from '../filters.js';
import type { Report } from '../report.js';
import {
  COST_SUMS,
  HOUR_MS,
  hourModelFilter,
  hourlyFilter,
  hourlyRows,
  isBounded,
  regrouped,
  usageByModel,
  usagePath,
  usageRows,
  type UsagePath,
} from '../rolled-usage.js';

// Summed from usage_rollup per local day, agent and model, then priced, as in usage.ts (prices are
// linear in tokens; a quarter hour never spans two local days).

const quarterly = (bounded: boolean) =>
  usageByModel(
    `local_bucket(u.quarter * ${QUARTER_MS}, 'day', :tz) || char(31) || s.source`,
    `${usageRows(bounded)} u JOIN sessions s ON s.id = u.session_id`,
    `${sessionFilter('s')} AND ${modelFilter('u.model')}`,
    COST_SUMS,
  );
// From usage_hourly (no session join), for --no-subagents: summed per hour, agent and model first (in
// its index's order), then per local day. Only the sums the report shows or prices: the tokens of each
// kind were a third of the sums, and of the time.
const hourly = (bounded: boolean) =>
  regrouped(
    `local_bucket(x.h * ${HOUR_MS}, 'day', :tz) || char(31) || x.source`,
    `(SELECT u.hour AS h, u.source AS source, u.model AS model, ${COST_SUMS}
      FROM ${hourlyRows(bounded)} u WHERE ${hourlyFilter} GROUP BY u.hour, u.model, u.source) x`,
    true,
  );
// From usage_hour_model (per hour, model and agent: about a row per such group), grouped once per
// local day, agent and model.
const lean = (bounded: boolean) =>
  usageByModel(
    `local_bucket(u.hour * ${HOUR_MS}, 'day', :tz) || char(31) || u.source`,
    `${hourlyRows(bounded, 'usage_hour_model')} u`,
    hourModelFilter,
    COST_SUMS,
  );

const SUMS: Record<UsagePath, (bounded: boolean) => string> = { rollup: quarterly, hourly, lean };

const sqlFor = (bounded: boolean, path: UsagePath) => `
WITH g AS (${SUMS[path](bounded)}),
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
// The texts per path and bound (0 or 1).
const SQL = Object.fromEntries(
  (Object.keys(SUMS) as UsagePath[]).map((path) => [path, [sqlFor(false, path), sqlFor(true, path)]]),
) as Record<UsagePath, [string, string]>;

export const dailySpend: Report = {
  name: 'daily-spend',
  title: 'Cost and tokens per day',
  description: 'Cost in USD and tokens per local day, by agent and model.',
  defaultLimit: -1,
  sql: (p) => SQL[usagePath(p, true)][isBounded(p) ? 1 : 0],
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
