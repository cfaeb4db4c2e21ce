// Message sums for usage, daily-spend, projects and sessions, read from usage_rollup (schema/rollups.ts).
import { QUARTER_MS } from '../schema/rollups.js';
import type { ReportParams } from './report.js';
import { sessionFilter } from './filters.js';

/** True when --since or --until is given: the SQL then adds the partial quarter hours at the bounds. */
export const isBounded = (p: ReportParams) => p.since !== null || p.until !== null;

// The whole quarter hours inside [:since, :until): from the first that starts at or after :since (and
// at or after the first positive one, where created_at / 900000 rounds down), to the last that ends
// at or before :until. SQLite binds JavaScript numbers as REAL, hence the casts; written with CASE,
// not SQLite's max(a, b), so that PostgreSQL runs the same text.
const SINCE_Q = `CAST(coalesce(:since, 0) / ${QUARTER_MS} AS BIGINT)`;
const CEIL_SINCE = `(CASE WHEN ${SINCE_Q} * ${QUARTER_MS} >= coalesce(:since, 0) THEN ${SINCE_Q} ELSE ${SINCE_Q} + 1 END)`;
const FIRST = `(CASE WHEN ${CEIL_SINCE} > 1 THEN ${CEIL_SINCE} ELSE 1 END)`;
const END = `CAST(coalesce(:until, 9223372036854775807) / ${QUARTER_MS} AS BIGINT)`;
const greater = (a: string, b: string) => `(CASE WHEN ${a} > ${b} THEN ${a} ELSE ${b} END)`;

const COLUMNS = `session_id, model, quarter, input_tokens, output_tokens, cache_write_tokens, cache_read_tokens,
    tokens, stored_cost, unpriced_rows, unpriced_input, unpriced_output, unpriced_cache_write,
    unpriced_cache_write_1h, unpriced_cache_read`;

// A message row in the roll-up's columns.
const MESSAGE_ROW = `m.session_id, m.model, m.created_at / ${QUARTER_MS}, m.prompt_tokens, m.completion_tokens,
    m.cache_write_tokens, m.cache_read_tokens, m.tokens, m.cost, CASE WHEN m.cost IS NULL THEN 1 ELSE 0 END,
    CASE WHEN m.cost IS NULL THEN m.prompt_tokens END, CASE WHEN m.cost IS NULL THEN m.completion_tokens END,
    CASE WHEN m.cost IS NULL THEN m.cache_write_tokens END, CASE WHEN m.cost IS NULL THEN m.cache_write_1h_tokens END,
    CASE WHEN m.cost IS NULL THEN m.cache_read_tokens END`;

/**
 * The roll-up rows that sum the messages in [:since, :until), as a table expression: with no bound,
 * the roll-up; with one, its whole quarter hours in the range and the messages of the partial
 * quarters at either bound (a --since 90m, or --since 7d taken from now), so the sums stay exact.
 * `machine` adds the machine_of() column a team database groups by (its rows' machine column).
 */
export function usageRows(bounded: boolean, machine = false): string {
  if (!bounded) return 'usage_rollup';
  const [r, m] = machine ? [', machine_of(r.session_id) AS machine', ', machine_of(m.session_id)'] : ['', ''];
  return `(
  SELECT ${COLUMNS}${r}
  FROM usage_rollup r WHERE r.quarter >= ${FIRST} AND r.quarter < ${END}
  UNION ALL
  SELECT ${MESSAGE_ROW}${m}
  FROM messages m WHERE m.tokens IS NOT NULL AND m.created_at >= coalesce(:since, -9223372036854775807)
    AND m.created_at < ${FIRST} * ${QUARTER_MS} AND (:until IS NULL OR m.created_at < :until)
  UNION ALL
  SELECT ${MESSAGE_ROW}${m}
  FROM messages m WHERE m.tokens IS NOT NULL AND :until IS NOT NULL
    AND m.created_at >= ${greater(FIRST, END)} * ${QUARTER_MS} AND m.created_at < :until
)`;
}

/**
 * --project, --source and --no-subagents on a row that names its session in `col`. With none of
 * them, the first branch is true and sessions are not read at all.
 */
export const inSessions = (col: string) =>
  `((:project IS NULL AND :source IS NULL AND :subagents = 1)
    OR ${col} IN (SELECT s.id FROM sessions s WHERE ${sessionFilter('s')}))`;

/**
 * filters.ts's tokensByModel over roll-up rows (`from` names them `u`): the same columns per group and model, so
 * groupCost prices them the same. Token sums are whole numbers, so summing quarter sums gives
 * the same inputs to the price as summing the messages.
 */
export const usageByModel = (key: string, from: string, where: string) => `
  SELECT ${key} AS k, u.model AS model,
    sum(u.input_tokens) AS i, sum(u.output_tokens) AS o, sum(u.cache_write_tokens) AS w,
    sum(u.cache_read_tokens) AS r, sum(u.tokens) AS t,
    sum(u.stored_cost) AS stored,
    sum(u.unpriced_rows) AS unpriced_rows,
    sum(u.unpriced_input) AS ui, sum(u.unpriced_output) AS uo, sum(u.unpriced_cache_write) AS uw,
    sum(u.unpriced_cache_write_1h) AS uw1h, sum(u.unpriced_cache_read) AS ur
  FROM ${from}
  WHERE ${where}
  GROUP BY 1, 2`;

/** usageByModel's columns summed again over its groups `x`, under a new key (a coarser grouping). */
export const regrouped = (key: string, from: string) => `
  SELECT ${key} AS k, x.model AS model, sum(x.i) AS i, sum(x.o) AS o, sum(x.w) AS w, sum(x.r) AS r, sum(x.t) AS t,
    sum(x.stored) AS stored, sum(x.unpriced_rows) AS unpriced_rows, sum(x.ui) AS ui, sum(x.uo) AS uo,
    sum(x.uw) AS uw, sum(x.uw1h) AS uw1h, sum(x.ur) AS ur
  FROM ${from}
  GROUP BY 1, 2`;

/**
 * A team database (PostgreSQL) has no roll-up: a session-local view of the same name gives each
 * message row as a roll-up row of its own (sums of those are the same sums), with its machine.
 */
export const PG_USAGE_ROLLUP_VIEW = `CREATE TEMP VIEW usage_rollup (machine, ${COLUMNS}) AS
  SELECT m.machine, ${MESSAGE_ROW} FROM messages m WHERE m.tokens IS NOT NULL`;
