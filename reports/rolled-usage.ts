// Message sums for usage, daily-spend, projects and sessions, read from usage_rollup, usage_hourly and usage_hour_model (schema/rollups.ts).
import { QUARTER_MS } from '../schema/rollups.js';
import type { ReportParams } from './report.js';
import { modelFilter, projectOf, sessionFilter } from './filters.js';
import { offsetAt } from './zoned-time.js';

/** True when --since or --until is given: the SQL then adds the partial quarter hours at the bounds. */
export const isBounded = (p: ReportParams) => p.since !== null || p.until !== null;

// The whole units (quarter hours or hours) inside [:since, :until): from the first that starts at or
// after :since (and at or after the first positive one, where created_at / unit rounds down), to the
// last that ends at or before :until. SQLite binds JavaScript numbers as REAL, hence the casts; written
// with CASE, not SQLite's max(a, b), so that PostgreSQL runs the same text.
export function wholeUnits(ms: number) {
  const since = `CAST(coalesce(:since, 0) / ${ms} AS BIGINT)`;
  const ceilSince = `(CASE WHEN ${since} * ${ms} >= coalesce(:since, 0) THEN ${since} ELSE ${since} + 1 END)`;
  return {
    first: `(CASE WHEN ${ceilSince} > 1 THEN ${ceilSince} ELSE 1 END)`,
    end: `CAST(coalesce(:until, 9223372036854775807) / ${ms} AS BIGINT)`,
  };
}
const greater = (a: string, b: string) => `(CASE WHEN ${a} > ${b} THEN ${a} ELSE ${b} END)`;

/** The messages of the partial units at either bound of [:since, :until), in `row`'s columns, from `from` (`m`). */
const partialUnits = (ms: number, row: string, from: string, first: string, end: string) => `
  SELECT ${row}
  FROM ${from} WHERE m.tokens IS NOT NULL AND m.created_at >= coalesce(:since, -9223372036854775807)
    AND m.created_at < ${first} * ${ms} AND (:until IS NULL OR m.created_at < :until)
  UNION ALL
  SELECT ${row}
  FROM ${from} WHERE m.tokens IS NOT NULL AND :until IS NOT NULL
    AND m.created_at >= ${greater(first, end)} * ${ms} AND m.created_at < :until`;

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
  const { first, end } = wholeUnits(QUARTER_MS);
  return `(
  SELECT ${COLUMNS}${r}
  FROM usage_rollup r WHERE r.quarter >= ${first} AND r.quarter < ${end}
  UNION ALL${partialUnits(QUARTER_MS, `${MESSAGE_ROW}${m}`, 'messages m', first, end)}
)`;
}

/**
 * --project, --source and --no-subagents on a row that names its session in `col`. With none of
 * them, the first branch is true and sessions are not read at all.
 */
export const inSessions = (col: string) =>
  `((:project IS NULL AND :source IS NULL AND :subagents = 1)
    OR ${col} IN (SELECT s.id FROM sessions s WHERE ${sessionFilter('s')}))`;

/** usage_hourly's time key: a UTC hour, created_at / HOUR_MS (usage_rollup's quarter / 4). */
export const HOUR_MS = 4 * QUARTER_MS;

const HOURLY_COLUMNS = `hour, model, source, project, subagent, input_tokens, output_tokens, cache_write_tokens,
    cache_read_tokens, tokens, stored_cost, unpriced_rows, unpriced_input, unpriced_output, unpriced_cache_write,
    unpriced_cache_write_1h, unpriced_cache_read`;

// A message row's sums in the hourly tables' columns (after their keys).
const MESSAGE_SUMS = `m.prompt_tokens, m.completion_tokens,
    m.cache_write_tokens, m.cache_read_tokens, m.tokens, m.cost, CASE WHEN m.cost IS NULL THEN 1 ELSE 0 END,
    CASE WHEN m.cost IS NULL THEN m.prompt_tokens END, CASE WHEN m.cost IS NULL THEN m.completion_tokens END,
    CASE WHEN m.cost IS NULL THEN m.cache_write_tokens END, CASE WHEN m.cost IS NULL THEN m.cache_write_1h_tokens END,
    CASE WHEN m.cost IS NULL THEN m.cache_read_tokens END`;

// A message row in usage_hourly's columns, with its session `s`.
const HOURLY_MESSAGE_ROW = `m.created_at / ${HOUR_MS}, m.model, s.source, ${projectOf('s')},
    CASE WHEN s.parent_session_id IS NULL THEN 0 ELSE 1 END, ${MESSAGE_SUMS}`;

const HOUR_MODEL_COLUMNS = `hour, model, source, input_tokens, output_tokens, cache_write_tokens, cache_read_tokens,
    tokens, stored_cost, unpriced_rows, unpriced_input, unpriced_output, unpriced_cache_write,
    unpriced_cache_write_1h, unpriced_cache_read`;

// A message row in usage_hour_model's columns, with its session `s`.
const HOUR_MODEL_MESSAGE_ROW = `m.created_at / ${HOUR_MS}, m.model, s.source, ${MESSAGE_SUMS}`;

/** The hourly roll-ups: usage_hourly (015) and its sums per hour, model and agent only, usage_hour_model (017). */
export type HourlyTable = 'usage_hourly' | 'usage_hour_model';

/**
 * usageRows for an hourly roll-up: its whole hours inside [:since, :until) and the messages of the
 * partial hours at either bound, each with its session's agent (and for usage_hourly its project and
 * subagent flag).
 */
export function hourlyRows(bounded: boolean, table: HourlyTable = 'usage_hourly'): string {
  if (!bounded) return table;
  const [columns, row] =
    table === 'usage_hourly' ? [HOURLY_COLUMNS, HOURLY_MESSAGE_ROW] : [HOUR_MODEL_COLUMNS, HOUR_MODEL_MESSAGE_ROW];
  const { first, end } = wholeUnits(HOUR_MS);
  return `(
  SELECT ${columns}
  FROM ${table} r WHERE r.hour >= ${first} AND r.hour < ${end}
  UNION ALL${partialUnits(HOUR_MS, row, 'messages m JOIN sessions s ON s.id = m.session_id', first, end)}
)`;
}

/** --source, --no-subagents and --model on usage_hourly rows `u` (it cannot answer --project: see hourlyServes). */
export const hourlyFilter = `(:source IS NULL OR u.source = :source) AND (:subagents = 1 OR u.subagent = 0)
  AND ${modelFilter('u.model')}`;

/**
 * True when usage_hourly can answer: without --project, which matches a session's own project name
 * or path as well as its parent's (usage_hourly keeps only the project the session counts under).
 */
export const hourlyServes = (p: ReportParams) => p.project === null;

/** --source and --model on usage_hour_model rows `u`. */
export const hourModelFilter = `(:source IS NULL OR u.source = :source) AND ${modelFilter('u.model')}`;

/** True when usage_hour_model can answer: usage_hourly's cases but --no-subagents (it has no subagent flag). */
export const hourModelServes = (p: ReportParams) => hourlyServes(p) && p.subagents === 1;

/** Where a usage report's sums come from: usage_rollup (per session), usage_hourly or usage_hour_model. */
export type UsagePath = 'rollup' | 'hourly' | 'lean';

/**
 * The narrowest roll-up that answers these filters: a local period (`time`) read from an hourly one
 * needs a whole-hour zone; `lean` and `hourly` say whether the grouping can be read from
 * usage_hour_model and usage_hourly at all.
 */
export function usagePath(p: ReportParams, time: boolean, lean = true, hourly = true): UsagePath {
  if (time && !wholeHourZone(p.tz)) return 'rollup';
  if (lean && hourModelServes(p)) return 'lean';
  return hourly && hourlyServes(p) ? 'hourly' : 'rollup';
}

const wholeHourZones = new Map<string, boolean>();
// From 1990 to 2060, on the first of January, April, July and October (280 looks, ~4 ms once per zone;
// twice a month took 26-57 ms, too much for a report's start): every non-whole-hour offset of the time
// zone database in these years lasted longer than a season (India, Iran, Newfoundland, Venezuela
// 2007-2016, North Korea 2015-2018, Lord Howe's half-hour summer time, ...).
const SAMPLES = Array.from({ length: 70 * 4 }, (_, i) => Date.UTC(1990 + (i >> 2), (i % 4) * 3, 1));

/**
 * True when the offsets of `tz` (at SAMPLES) are whole numbers of hours, so that a UTC hour never spans two local
 * days (weeks, months) and usage_hourly's hours can be bucketed like quarter hours. Otherwise the
 * reports group per local period from usage_rollup's quarter hours.
 */
export function wholeHourZone(tz: string): boolean {
  let whole = wholeHourZones.get(tz);
  if (whole === undefined) {
    whole = SAMPLES.every((ms) => offsetAt(ms, tz) % HOUR_MS === 0);
    wholeHourZones.set(tz, whole);
  }
  return whole;
}

/** The sums groupCost prices and the total tokens, over rows `u`. */
export const COST_SUMS = `sum(u.tokens) AS t,
    sum(u.stored_cost) AS stored,
    sum(u.unpriced_rows) AS unpriced_rows,
    sum(u.unpriced_input) AS ui, sum(u.unpriced_output) AS uo, sum(u.unpriced_cache_write) AS uw,
    sum(u.unpriced_cache_write_1h) AS uw1h, sum(u.unpriced_cache_read) AS ur`;

/** The sum columns of usageByModel over rows `u`: COST_SUMS and the tokens of each kind. */
export const SUMS = `sum(u.input_tokens) AS i, sum(u.output_tokens) AS o, sum(u.cache_write_tokens) AS w,
    sum(u.cache_read_tokens) AS r, ${COST_SUMS}`;

/**
 * filters.ts's tokensByModel over roll-up rows (`from` names them `u`): the same columns per group and model, so
 * groupCost prices them the same. Token sums are whole numbers, so summing quarter sums gives
 * the same inputs to the price as summing the messages. `sums` may be COST_SUMS alone.
 */
export const usageByModel = (key: string, from: string, where: string, sums = SUMS) => `
  SELECT ${key} AS k, u.model AS model,
    ${sums}
  FROM ${from}
  WHERE ${where}
  GROUP BY 1, 2`;

/** The column names of SUMS and COST_SUMS. */
const COST_COLUMNS = ['t', 'stored', 'unpriced_rows', 'ui', 'uo', 'uw', 'uw1h', 'ur'];
const SUM_COLUMNS = ['i', 'o', 'w', 'r', ...COST_COLUMNS];

/**
 * usageByModel's columns summed again over its groups `x`, under a new key (a coarser grouping);
 * `costOnly` for groups of COST_SUMS.
 */
export const regrouped = (key: string, from: string, costOnly = false) => `
  SELECT ${key} AS k, x.model AS model, ${(costOnly ? COST_COLUMNS : SUM_COLUMNS).map((c) => `sum(x.${c}) AS ${c}`).join(', ')}
  FROM ${from}
  GROUP BY 1, 2`;

/**
 * A team database (PostgreSQL) has no roll-up: a session-local view of the same name gives each
 * message row as a roll-up row of its own (sums of those are the same sums), with its machine.
 */
export const PG_USAGE_ROLLUP_VIEW = `CREATE TEMP VIEW usage_rollup (machine, ${COLUMNS}) AS
  SELECT m.machine, ${MESSAGE_ROW} FROM messages m WHERE m.tokens IS NOT NULL`;

/**
 * usage_hourly on a team database, as the usage_rollup view there: a roll-up row per message, with its
 * machine and its session's (the session of that machine) agent, project and subagent flag. Written in
 * SQLite's dialect: run through toPgQuery, which looks the parent up on the same machine.
 */
export const PG_USAGE_HOURLY_VIEW = `CREATE TEMP VIEW usage_hourly (machine, ${HOURLY_COLUMNS}) AS
  SELECT m.machine, ${HOURLY_MESSAGE_ROW}
  FROM messages m JOIN sessions s ON s.id = m.session_id AND s.machine = m.machine WHERE m.tokens IS NOT NULL`;

/** usage_hour_model on a team database: a roll-up row per message, as PG_USAGE_HOURLY_VIEW's. */
export const PG_USAGE_HOUR_MODEL_VIEW = `CREATE TEMP VIEW usage_hour_model (machine, ${HOUR_MODEL_COLUMNS}) AS
  SELECT m.machine, ${HOUR_MODEL_MESSAGE_ROW}
  FROM messages m JOIN sessions s ON s.id = m.session_id AND s.machine = m.machine WHERE m.tokens IS NOT NULL`;
