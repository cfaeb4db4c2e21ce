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
import type { Report } from '../report.js';
import { isBounded, usageByModel, usageRows } from '../rolled-usage.js';
import { sumRow } from '../totals.js';

// Tokens and cost from usage_rollup (schema/rollups.ts); with --since or --until, its whole quarter
// hours in the range and the messages of the partial ones.
const sqlFor = (bounded: boolean) => `
WITH picked AS (
  SELECT s.id, ${projectOf('s')} AS project_name, s.updated_at
  FROM sessions s
  WHERE ${activeInRange('s')} AND ${sessionFilter('s')} AND ${modelFilter('s.model')}
),
per_project AS (
  SELECT project_name, count(*) AS sessions, max(updated_at) AS last_active FROM picked GROUP BY project_name
),
per_session_calls AS (
  SELECT t.session_id, count(*) AS tool_calls, count(CASE WHEN t.success = 0 THEN 1 END) AS failures
  FROM tools t WHERE t.session_id IN (SELECT id FROM picked) AND ${inRange('t.created_at')} GROUP BY t.session_id
),
calls AS (
  SELECT p.project_name, sum(c.tool_calls) AS tool_calls, sum(c.failures) AS failures
  FROM per_session_calls c JOIN picked p ON p.id = c.session_id GROUP BY p.project_name
),
edits AS (
  SELECT p.project_name, count(*) AS edits
  FROM file_operations o JOIN picked p ON p.id = o.session_id
  WHERE o.operation_type IN ('edited', 'created') AND ${inRange('o.created_at')} GROUP BY p.project_name
),
per_session_spend AS (
  SELECT k AS session_id, model, t, ${groupCost} AS c
  FROM (${usageByModel('u.session_id', `${usageRows(bounded)} u`, 'u.session_id IN (SELECT id FROM picked)')}) AS g
),
spend AS (
  SELECT p.project_name, sum(x.t) AS tokens, ${summedGroupCost('x.c')} AS cost,
    sum(x.c) AS priced_cost, coalesce(sum(CASE WHEN x.c IS NULL THEN x.t END), 0) AS unpriced_tokens
  FROM per_session_spend x JOIN picked p ON p.id = x.session_id GROUP BY p.project_name
)
SELECT pp.project_name AS project_name, pp.sessions AS sessions,
  coalesce(c.tool_calls, 0) AS tool_calls, coalesce(c.failures, 0) AS failures,
  coalesce(e.edits, 0) AS edits, coalesce(sp.tokens, 0) AS tokens, sp.cost AS cost,
  sp.priced_cost AS priced_cost, coalesce(sp.unpriced_tokens, 0) AS unpriced_tokens,
  pp.last_active AS last_active
FROM per_project pp
LEFT JOIN calls c ON c.project_name = pp.project_name
LEFT JOIN edits e ON e.project_name = pp.project_name
LEFT JOIN spend sp ON sp.project_name = pp.project_name
ORDER BY pp.last_active DESC, pp.project_name
LIMIT :limit`;
const ALL = sqlFor(false);
const BOUNDED = sqlFor(true);

export const projects: Report = {
  name: 'projects',
  title: 'Projects',
  description: 'Per project: sessions, tool calls, failures, edits, tokens, cost and last activity.',
  defaultLimit: 20,
  sql: (p) => (isBounded(p) ? BOUNDED : ALL),
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
