// Tokens and cost, by day, week, month, session, project or model.
import { QUARTER_MS } from '../../schema/rollups.js';
import { groupCost, modelFilter, projectOf, summedGroupCost } from '../filters.js';
import {
  HOUR_MS,
  hourModelFilter,
  hourlyFilter,
  hourlyRows,
  inSessions,
  isBounded,
  regrouped,
  usageByModel,
  usagePath,
  usageRows,
  type UsagePath,
} from '../rolled-usage.js';
import type { Column, Report, ReportParams } from '../report.js';
import { sumRow } from '../totals.js';

// Summed from usage_rollup (schema/rollups.ts) per local period and model, then priced: prices are
// linear in tokens, so pricing a day's sums gives each quarter hour's prices summed, but for float
// rounding in the last digits. Every zone offset is a whole number of quarter hours, so a roll-up row
// (a quarter hour) never spans two local periods.
const period = (unit: string) => `local_bucket(u.quarter * ${QUARTER_MS}, '${unit}', :tz)`;
const GROUPS = {
  day: { key: period('day'), label: 'Day', type: 'date' },
  week: { key: period('week'), label: 'Week of', type: 'date' },
  month: { key: period('month'), label: 'Month', type: 'date' },
  session: { key: 'u.session_id', label: 'Session', type: 'text' },
  // Summed per session first, then each session's project looked up once.
  project: { key: 'u.session_id', label: 'Project', type: 'text' },
  model: { key: "coalesce(u.model, '(unknown)')", label: 'Model', type: 'text' },
  // A team database's machine column; on a local database, this host (pg-dialect.ts, sql-functions.ts).
  machine: { key: 'machine_of(u.session_id)', label: 'Machine', type: 'text' },
} as const;
type Group = keyof typeof GROUPS;
const isTime = (by: Group) => by === 'day' || by === 'week' || by === 'month';

// From usage_hourly (no session): summed per UTC hour and model first, in the index's order, so a
// local period is looked up once per hour rather than once per row. Read for --no-subagents (and by
// project), which usage_hour_model cannot answer.
const HOURLY_KEYS: Partial<Record<Group, (g: string) => string>> = {
  day: (g) => regrouped(`local_bucket(x.k * ${HOUR_MS}, 'day', :tz)`, `(${g}) x`),
  week: (g) => regrouped(`local_bucket(x.k * ${HOUR_MS}, 'week', :tz)`, `(${g}) x`),
  month: (g) => regrouped(`local_bucket(x.k * ${HOUR_MS}, 'month', :tz)`, `(${g}) x`),
  project: (g) => g,
  model: (g) => g,
};
const HOURLY_KEY: Partial<Record<Group, string>> = { project: 'u.project', model: GROUPS.model.key };

// From usage_hour_model (per UTC hour, model and agent), grouped once per local period and model: it
// has about a row per (hour, model) group, so grouping per hour first would only add a pass.
const LEAN_KEYS: Partial<Record<Group, string>> = {
  day: `local_bucket(u.hour * ${HOUR_MS}, 'day', :tz)`,
  week: `local_bucket(u.hour * ${HOUR_MS}, 'week', :tz)`,
  month: `local_bucket(u.hour * ${HOUR_MS}, 'month', :tz)`,
  model: GROUPS.model.key,
};

/** The roll-up that answers this grouping and these filters. */
const pathOf = (by: Group, p: ReportParams) => usagePath(p, isTime(by), by in LEAN_KEYS, by in HOURLY_KEYS);

/** The sums per group and model (`k`, `model` and tokensByModel's columns) for a grouping. */
function sums(by: Group, bounded: boolean, path: UsagePath): string {
  if (path === 'lean')
    return usageByModel(LEAN_KEYS[by]!, `${hourlyRows(bounded, 'usage_hour_model')} u`, hourModelFilter);
  if (path === 'hourly') {
    const g = usageByModel(HOURLY_KEY[by] ?? 'u.hour', `${hourlyRows(bounded)} u`, hourlyFilter);
    return HOURLY_KEYS[by]!(g);
  }
  // Bounded rows are a union, which carries machine_of() as a column (PostgreSQL's is the rows' own).
  const machine = by === 'machine' && bounded;
  const key = machine ? 'u.machine' : GROUPS[by].key;
  const from = `${usageRows(bounded, machine)} u`;
  const g = usageByModel(key, from, `${inSessions('u.session_id')} AND ${modelFilter('u.model')}`);
  return by === 'project' ? regrouped(projectOf('s'), `(${g}) x JOIN sessions s ON s.id = x.k`) : g;
}

// One fixed text per grouping and bound: the alias (the JSON key) is the --by value itself.
const sqlFor = (by: Group, bounded: boolean, path: UsagePath) => `
WITH g AS (${sums(by, bounded, path)}),
priced AS (SELECT k, i, o, w, r, t, ${groupCost} AS c FROM g)
SELECT k AS ${by},
  sum(i) AS input_tokens,
  sum(o) AS output_tokens,
  sum(w) AS cache_write_tokens,
  sum(r) AS cache_read_tokens,
  sum(t) AS total_tokens,
  ${summedGroupCost('c')} AS cost,
  sum(c) AS priced_cost,
  coalesce(sum(CASE WHEN c IS NULL THEN t END), 0) AS unpriced_tokens${
    by === 'session'
      ? `,
  (SELECT title FROM sessions WHERE id = k) AS title,
  (SELECT ${projectOf('x')} FROM sessions x WHERE x.id = k) AS project_name`
      : ''
  }
FROM priced
GROUP BY k
ORDER BY ${isTime(by) ? 'k' : 'total_tokens DESC, k'}
LIMIT :limit`;

// A model's tokens and cost under each row of `--breakdown`.
const breakdownFor = (by: Group, bounded: boolean, path: UsagePath) => `
WITH g AS (${sums(by, bounded, path)}),
priced AS (SELECT k, coalesce(model, '(unknown)') AS model, i, o, w, r, t, ${groupCost} AS c FROM g)
SELECT k, model, sum(i) AS input_tokens, sum(o) AS output_tokens, sum(w) AS cache_write_tokens,
  sum(r) AS cache_read_tokens, sum(t) AS total_tokens, ${summedGroupCost('c')} AS cost
FROM priced GROUP BY k, model ORDER BY k, total_tokens DESC, model`;

// The texts per grouping, path and bound (0 or 1); a path that cannot answer a grouping has none.
type Texts = Record<Group, Partial<Record<UsagePath, [string, string]>>>;
const texts = (make: (by: Group, bounded: boolean, path: UsagePath) => string): Texts =>
  Object.fromEntries(
    (Object.keys(GROUPS) as Group[]).map((by) => {
      const paths: UsagePath[] = [
        'rollup',
        ...(by in HOURLY_KEYS ? ['hourly' as const] : []),
        ...(by in LEAN_KEYS ? ['lean' as const] : []),
      ];
      return [by, Object.fromEntries(paths.map((path) => [path, [make(by, false, path), make(by, true, path)]]))];
    }),
  ) as Texts;
const SQL = texts(sqlFor);
const BREAKDOWN = texts(breakdownFor);
const pick = (t: Texts, p: ReportParams) => {
  const by = groupOf(p.by);
  return t[by][pathOf(by, p)]![isBounded(p) ? 1 : 0];
};

const TOTALS: Column[] = [
  { key: 'input_tokens', label: 'Input', type: 'int' },
  { key: 'output_tokens', label: 'Output', type: 'int' },
  { key: 'cache_write_tokens', label: 'Cache write', type: 'int', drop: 2 },
  { key: 'cache_read_tokens', label: 'Cache read', type: 'int', drop: 1 },
  { key: 'total_tokens', label: 'Total tokens', type: 'int' },
  { key: 'cost', label: 'Cost (USD)', type: 'money' },
];

const groupOf = (by: string | null): Group => (by && by in GROUPS ? (by as Group) : 'day');

export const usage: Report = {
  name: 'usage',
  title: 'Tokens and cost',
  description:
    'Input, output, cache write and cache read tokens and cost in USD, by day, week, month, session, project, model or machine.',
  option: { name: 'by', description: 'group by', choices: Object.keys(GROUPS), default: 'day' },
  defaultLimit: -1,
  sql: (p) => pick(SQL, p),
  columns: (p) => {
    const g = groupOf(p.by);
    const first: Column = { key: g, label: GROUPS[g].label, type: GROUPS[g].type as 'date' | 'text' };
    if (g !== 'session') return [first, ...TOTALS];
    return [
      first,
      { key: 'title', label: 'Title', type: 'text', drop: 3 },
      { key: 'project_name', label: 'Project', type: 'text', drop: 4 },
      ...TOTALS,
    ];
  },
  roles: {
    day: 'time',
    week: 'time',
    month: 'time',
    session: 'category',
    project: 'category',
    model: 'category',
    total_tokens: { role: 'measure', unit: 'tokens' },
    cost: { role: 'measure', unit: 'USD' },
  },
  page: { order: 90, by: 'model' },
  totalKeys: ['priced_cost', 'unpriced_tokens'],
  total: (rows, p) => sumRow(rows, groupOf(p.by), TOTAL_KEYS),
  timeOrdered: (p) => isTime(groupOf(p.by)),
  breakdown: (p) => pick(BREAKDOWN, p),
};

const TOTAL_KEYS = ['input_tokens', 'output_tokens', 'cache_write_tokens', 'cache_read_tokens', 'total_tokens'];
