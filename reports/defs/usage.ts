// Tokens and cost, by day, week, month, session, project or model.
import {
  groupCost,
  inRange,
  modelFilter,
  projectOf,
  sessionFilter,
  summedGroupCost,
  tokensByModel,
} from '../filters.js';
import type { Column, Report } from '../report.js';
import { sumRow } from '../totals.js';

// Time buckets are taken per quarter hour first (every zone offset is a whole number of quarter
// hours, so a quarter hour never spans two local days): the JavaScript bucketing then runs once per
// quarter hour that has messages, not once per message.
const QUARTER = 900000;
const GROUPS = {
  day: {
    key: `m.created_at / ${QUARTER}`,
    label: 'Day',
    type: 'date',
    outer: `local_bucket(k * ${QUARTER}, 'day', :tz)`,
  },
  week: {
    key: `m.created_at / ${QUARTER}`,
    label: 'Week of',
    type: 'date',
    outer: `local_bucket(k * ${QUARTER}, 'week', :tz)`,
  },
  month: {
    key: `m.created_at / ${QUARTER}`,
    label: 'Month',
    type: 'date',
    outer: `local_bucket(k * ${QUARTER}, 'month', :tz)`,
  },
  session: { key: 'm.session_id', label: 'Session', type: 'text', outer: 'k' },
  project: { key: projectOf('s'), label: 'Project', type: 'text', outer: 'k' },
  model: { key: "coalesce(m.model, '(unknown)')", label: 'Model', type: 'text', outer: 'k' },
  // A team database's machine column; on a local database, this host (pg-dialect.ts, sql-functions.ts).
  machine: { key: 'machine_of(m.session_id)', label: 'Machine', type: 'text', outer: 'k' },
} as const;
type Group = keyof typeof GROUPS;
const isTime = (by: Group) => by === 'day' || by === 'week' || by === 'month';

// One fixed text per grouping: the alias (the JSON key) is the --by value itself.
const SQL = Object.fromEntries(
  (Object.keys(GROUPS) as Group[]).map((by) => [
    by,
    `
WITH g AS (${tokensByModel(GROUPS[by].key, `${inRange('m.created_at')} AND ${sessionFilter('s')} AND ${modelFilter('m.model')}`)}),
priced AS (SELECT ${GROUPS[by].outer} AS k, i, o, w, r, t, ${groupCost} AS c FROM g)
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
LIMIT :limit`,
  ]),
) as Record<Group, string>;

// A model's tokens and cost under each row of `--breakdown`.
const BREAKDOWN = Object.fromEntries(
  (Object.keys(GROUPS) as Group[]).map((by) => [
    by,
    `
WITH g AS (${tokensByModel(GROUPS[by].key, `${inRange('m.created_at')} AND ${sessionFilter('s')} AND ${modelFilter('m.model')}`)}),
priced AS (SELECT ${GROUPS[by].outer} AS k, coalesce(model, '(unknown)') AS model, i, o, w, r, t, ${groupCost} AS c FROM g)
SELECT k, model, sum(i) AS input_tokens, sum(o) AS output_tokens, sum(w) AS cache_write_tokens,
  sum(r) AS cache_read_tokens, sum(t) AS total_tokens, ${summedGroupCost('c')} AS cost
FROM priced GROUP BY k, model ORDER BY k, total_tokens DESC, model`,
  ]),
) as Record<Group, string>;

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
  sql: (p) => SQL[groupOf(p.by)],
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
  breakdown: (p) => BREAKDOWN[groupOf(p.by)],
};

const TOTAL_KEYS = ['input_tokens', 'output_tokens', 'cache_write_tokens', 'cache_read_tokens', 'total_tokens'];
