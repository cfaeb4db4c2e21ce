// Everything per project: sessions, tool calls, failures, edits, tokens, cost, last activity.
import {
  activeInRange,
  groupCost,
  inRange,
  modelFilter,
  projectOf,
  sessionFilter,
  summedGroupCost,
} from '../filters.js';
import type { Report, ReportParams } from '../report.js';
import { insideRange, outsideRows, readsOutside } from '../rolled-tools.js';
import { hourlyFilter, hourlyServes, isBounded, usageByModel, usageRows } from '../rolled-usage.js';
import { sumRow } from '../totals.js';

// Tokens and cost from usage_rollup (schema/rollups.ts); with --since or --until, its whole quarter
// hours in the range and the messages of the partial ones. They are summed per project and model,
// then priced (prices are linear in tokens: the same cost as pricing each session, but for float
// rounding in the last digits, and a few hundred prices, not one per session and model).
// Calls, failures and edits: without a bound, the counts the writer keeps on each session; with
// one, the session's calls and edits in the range, counted.
// Unfiltered but for --source and --no-subagents, the sums per project and model are usage_hourly's,
// in its project index's order (no session read); --model picks sessions by their own model and a
// bound picks sessions active in the range, which only the sessions can say.
const spendRows = (bounded: boolean, fromHourly: boolean) =>
  fromHourly
    ? usageByModel('u.project', 'usage_hourly u', hourlyFilter)
    : usageByModel('p.project_name', `${usageRows(bounded)} u JOIN picked p ON p.id = u.session_id`, 'TRUE');

// picked is read three times with a bound (per_project, calls, edits): MATERIALIZED keeps SQLite from
// scanning the sessions for each.
const PER_PROJECT = `
picked AS MATERIALIZED (
  SELECT s.id, ${projectOf('s')} AS project_name, s.updated_at, s.tool_call_count, s.failure_count, s.edit_count
  FROM sessions s
  WHERE ${activeInRange('s')} AND ${sessionFilter('s')} AND ${modelFilter('s.model')}
),
per_project AS (
  SELECT project_name, count(*) AS sessions, max(updated_at) AS last_active, sum(tool_call_count) AS tool_calls,
    sum(failure_count) AS failures, sum(edit_count) AS edits
  FROM picked GROUP BY project_name
),`;

// The same per_project with no bound, --project or --model: top-level sessions grouped by their own
// project and subagents by their parent's, each from the sessions_projects index (no projectOf
// subquery per session, no read of the session rows but the parents').
const counts = (s: string) => `count(*) AS sessions, max(${s}.updated_at) AS last_active,
    sum(${s}.tool_call_count) AS tool_calls, sum(${s}.failure_count) AS failures, sum(${s}.edit_count) AS edits`;
const HOURLY_PER_PROJECT = `
per_project AS (
  SELECT project_name, sum(sessions) AS sessions, max(last_active) AS last_active, sum(tool_calls) AS tool_calls,
    sum(failures) AS failures, sum(edits) AS edits
  FROM (
    SELECT coalesce(s.project_name, '(unknown)') AS project_name, ${counts('s')}
    FROM sessions s WHERE s.parent_session_id IS NULL AND (:source IS NULL OR s.source = :source)
    GROUP BY s.project_name
    UNION ALL
    SELECT coalesce(p.project_name, s.project_name, '(unknown)'), ${counts('s')}
    FROM sessions s LEFT JOIN sessions p ON p.id = s.parent_session_id
    WHERE s.parent_session_id IS NOT NULL AND :subagents = 1 AND (:source IS NULL OR s.source = :source)
    GROUP BY 1
  ) AS parts
  GROUP BY project_name
),`;

const sqlFor = (bounded: ReportParams | false, fromHourly = false) => `
WITH ${fromHourly ? HOURLY_PER_PROJECT : PER_PROJECT}${bounded ? inRangeOf(bounded) : ''}
spend AS (
  SELECT k AS project_name, sum(t) AS tokens, ${summedGroupCost('c')} AS cost,
    sum(c) AS priced_cost, coalesce(sum(CASE WHEN c IS NULL THEN t END), 0) AS unpriced_tokens
  FROM (SELECT k, t, ${groupCost} AS c
    FROM (${spendRows(bounded !== false, fromHourly)}) AS g) AS priced
  GROUP BY k
)
SELECT pp.project_name AS project_name, pp.sessions AS sessions,
  ${bounded ? 'coalesce(c.tool_calls, 0)' : 'pp.tool_calls'} AS tool_calls,
  ${bounded ? 'coalesce(c.failures, 0)' : 'pp.failures'} AS failures,
  ${bounded ? 'coalesce(e.edits, 0)' : 'pp.edits'} AS edits, coalesce(sp.tokens, 0) AS tokens, sp.cost AS cost,
  sp.priced_cost AS priced_cost, coalesce(sp.unpriced_tokens, 0) AS unpriced_tokens,
  pp.last_active AS last_active
FROM per_project pp${
  bounded
    ? `
LEFT JOIN calls c ON c.project_name = pp.project_name
LEFT JOIN edits e ON e.project_name = pp.project_name`
    : ''
}
LEFT JOIN spend sp ON sp.project_name = pp.project_name
ORDER BY pp.last_active DESC, pp.project_name
LIMIT :limit`;

// The calls, failures and edits of the picked sessions in [:since, :until): when the range covers
// most calls, the counts the writer keeps on each session (per_project's sums) less those outside
// it (a year's page reads a month of calls, not eleven); otherwise those in it, counted. Only the
// rows counted are joined to picked, not each picked session again.
const inRangeOf = (p: ReportParams) => `
per_session_calls AS MATERIALIZED (
  SELECT t.session_id, count(*) AS tool_calls, count(CASE WHEN t.success = 0 THEN 1 END) AS failures
  FROM tools t WHERE t.session_id IN (SELECT id FROM picked WHERE NOT ${readsOutside(p, 'tools')})
    AND ${inRange('t.created_at')} GROUP BY t.session_id
  UNION ALL ${outsideRows(p, 'tools', 't.session_id, -1, CASE WHEN t.success = 0 THEN -1 ELSE 0 END', 'TRUE')}
),
calls AS (
  SELECT project_name, sum(tool_calls) AS tool_calls, sum(failures) AS failures
  FROM (
    SELECT project_name, tool_calls, failures FROM per_project WHERE ${readsOutside(p, 'tools')}
    UNION ALL
    SELECT p.project_name, c.tool_calls, c.failures FROM per_session_calls c JOIN picked p ON p.id = c.session_id
  ) AS parts
  GROUP BY project_name
),
-- The operation type is read through an expression, so that the planner reads the time ranges
-- from file_operations_range instead of every edit ever made from file_operations_edits.
per_session_edits AS MATERIALIZED (
  SELECT t.session_id, 1 AS n FROM file_operations t
  WHERE (t.operation_type || '') IN ('edited', 'created') AND ${insideRange(p, 'file_operations')}
  UNION ALL ${outsideRows(p, 'file_operations', 't.session_id, -1', "(t.operation_type || '') IN ('edited', 'created')")}
),
edits AS (
  SELECT project_name, sum(n) AS edits
  FROM (
    SELECT project_name, edits AS n FROM per_project WHERE ${readsOutside(p, 'file_operations')}
    UNION ALL
    SELECT p.project_name, e.n FROM per_session_edits e JOIN picked p ON p.id = e.session_id
  ) AS parts
  GROUP BY project_name
),`;
const ALL = sqlFor(false);
const HOURLY = sqlFor(false, true);
/** The texts, for the test that compares usage_hourly's with the sessions' answers. */
export const PROJECTS_SQL = { all: ALL, hourly: HOURLY };

export const projects: Report = {
  name: 'projects',
  title: 'Projects',
  description: 'Per project: sessions, tool calls, failures, edits, tokens, cost and last activity.',
  defaultLimit: 20,
  sql: (p) => (isBounded(p) ? sqlFor(p) : p.model === null && hourlyServes(p) ? HOURLY : ALL),
  columns: [
    { key: 'project_name', label: 'Project', type: 'text' },
    { key: 'sessions', label: 'Sessions', type: 'int' },
    { key: 'tool_calls', label: 'Tool calls', type: 'int' },
    { key: 'failures', label: 'Failures', type: 'int' },
    { key: 'edits', label: 'Edits', type: 'int', drop: 1 },
    { key: 'tokens', label: 'Tokens', type: 'int' },
    { key: 'cost', label: 'Cost', type: 'money' },
    { key: 'last_active', label: 'Last active', type: 'datetime', drop: 2 },
  ],
  roles: {
    project_name: 'category',
    sessions: { role: 'measure', unit: 'sessions' },
    tool_calls: { role: 'measure', unit: 'calls' },
    failures: { role: 'measure', unit: 'calls' },
    tokens: { role: 'measure', unit: 'tokens' },
    cost: { role: 'measure', unit: 'USD' },
  },
  page: { order: 100 },
  totalKeys: ['priced_cost', 'unpriced_tokens'],
  total: (rows) => sumRow(rows, 'project_name', ['sessions', 'tool_calls', 'failures', 'edits', 'tokens']),
};
