// Tokens and cost, by day, week, month, session, project or model.
import { inRange, modelFilter, projectOf, sessionFilter, summedCost } from './filters.js';
import type { Column, Report } from './report.js';

const GROUPS = {
  day: { expr: "local_bucket(m.created_at, 'day', :tz)", label: 'Day', type: 'date', time: true },
  week: { expr: "local_bucket(m.created_at, 'week', :tz)", label: 'Week of', type: 'date', time: true },
  month: { expr: "local_bucket(m.created_at, 'month', :tz)", label: 'Month', type: 'date', time: true },
  session: { expr: 'm.session_id', label: 'Session', type: 'text', time: false },
  project: { expr: projectOf('s'), label: 'Project', type: 'text', time: false },
  model: { expr: "coalesce(m.model, '(unknown)')", label: 'Model', type: 'text', time: false },
} as const;
type Group = keyof typeof GROUPS;

// One fixed text per grouping: the alias (the JSON key) is the --by value itself.
const SQL = Object.fromEntries(
  (Object.keys(GROUPS) as Group[]).map((by) => [
    by,
    `
SELECT ${GROUPS[by].expr} AS ${by},
  sum(m.prompt_tokens) AS input_tokens,
  sum(m.completion_tokens) AS output_tokens,
  sum(m.cache_write_tokens) AS cache_write_tokens,
  sum(m.cache_read_tokens) AS cache_read_tokens,
  sum(m.tokens) AS total_tokens,
  ${summedCost('m')} AS cost
FROM messages m JOIN sessions s ON s.id = m.session_id
WHERE m.tokens IS NOT NULL
  AND ${inRange('m.created_at')} AND ${sessionFilter('s')} AND ${modelFilter('m.model')}
GROUP BY 1
ORDER BY ${GROUPS[by].time ? '1' : 'total_tokens DESC, 1'}
LIMIT :limit`,
  ]),
) as Record<Group, string>;

const TOTALS: Column[] = [
  { key: 'input_tokens', label: 'Input', type: 'int' },
  { key: 'output_tokens', label: 'Output', type: 'int' },
  { key: 'cache_write_tokens', label: 'Cache write', type: 'int' },
  { key: 'cache_read_tokens', label: 'Cache read', type: 'int' },
  { key: 'total_tokens', label: 'Total tokens', type: 'int' },
  { key: 'cost', label: 'Cost (USD)', type: 'money' },
];

const groupOf = (by: string | null): Group => (by && by in GROUPS ? (by as Group) : 'day');

export const usage: Report = {
  name: 'usage',
  description:
    'Input, output, cache write and cache read tokens and cost in USD, by day, week, month, session, project or model.',
  option: { name: 'by', description: 'group by', choices: Object.keys(GROUPS), default: 'day' },
  defaultLimit: -1,
  sql: (p) => SQL[groupOf(p.by)],
  columns: (p) => {
    const g = groupOf(p.by);
    return [{ key: g, label: GROUPS[g].label, type: GROUPS[g].type }, ...TOTALS];
  },
};
