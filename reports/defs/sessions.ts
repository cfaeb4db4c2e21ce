// The busiest sessions: most tool calls, with their state, failures, duration, tokens and cost.
import { activeInRange, groupCost, modelFilter, sessionFilter, summedGroupCost } from '../filters.js';
import type { Report } from '../report.js';
import { usageByModel } from '../rolled-usage.js';

const PICKED = `${activeInRange('s')} AND ${sessionFilter('s')} AND ${modelFilter('s.model')}`;

export const sessions: Report = {
  name: 'sessions',
  title: 'Sessions',
  description:
    'Sessions with the most tool calls: when, agent, model, status and end, failures, duration, tokens and cost.',
  defaultLimit: 20,
  // Calls and failures are the counts the writer keeps on the session; only the rows shown are
  // priced (the runner counts the matched ones with `matched`).
  sql: `
WITH shown AS MATERIALIZED (
  SELECT s.*, s.prompt_tokens + s.completion_tokens + s.cache_read_tokens + s.cache_write_tokens AS tokens
  FROM sessions s
  WHERE ${PICKED}
  ORDER BY s.tool_call_count DESC, tokens DESC, s.id
  LIMIT :limit
),
spend AS (
  SELECT k AS session_id, ${summedGroupCost('c')} AS cost
  FROM (SELECT k, ${groupCost} AS c FROM (${usageByModel('u.session_id', 'usage_rollup u', 'u.session_id IN (SELECT id FROM shown)')}) AS g) AS priced
  GROUP BY k
)
SELECT p.id AS id, local_bucket(p.created_at, 'day', :tz) AS started, p.status AS status, p.ended_at AS ended_at,
  p.source AS source, p.model AS model,
  p.title AS title, p.project_name AS project_name,
  p.tool_call_count AS tool_count,
  p.failure_count AS failures,
  p.updated_at - p.created_at AS duration_ms,
  p.tokens AS tokens,
  spend.cost AS cost
FROM shown p LEFT JOIN spend ON spend.session_id = p.id
ORDER BY tool_count DESC, tokens DESC, p.id`,
  matched: `SELECT count(*) AS n FROM sessions s WHERE ${PICKED}`,
  columns: [
    { key: 'id', label: 'Session', type: 'text' },
    { key: 'started', label: 'Started', type: 'date' },
    // As README's "What status and ended_at mean" defines them per agent; empty where the source never says.
    { key: 'status', label: 'Status', type: 'text', drop: 8 },
    { key: 'ended_at', label: 'Ended', type: 'datetime', drop: 9 },
    { key: 'source', label: 'Agent', type: 'text', drop: 6 },
    { key: 'model', label: 'Model', type: 'text', drop: 7 },
    { key: 'title', label: 'Title', type: 'text' },
    { key: 'project_name', label: 'Project', type: 'text', drop: 3 },
    { key: 'tool_count', label: 'Calls', type: 'int' },
    { key: 'failures', label: 'Failures', type: 'int', drop: 4 },
    { key: 'duration_ms', label: 'Duration', type: 'duration', drop: 5 },
    { key: 'tokens', label: 'Tokens', type: 'int' },
    { key: 'cost', label: 'Cost', type: 'money' },
  ],
  roles: {
    tool_count: { role: 'measure', unit: 'calls' },
    failures: { role: 'measure', unit: 'calls' },
    duration_ms: 'measure',
    tokens: { role: 'measure', unit: 'tokens' },
    cost: { role: 'measure', unit: 'USD' },
  },
  page: { order: 110, limit: 50 },
};
