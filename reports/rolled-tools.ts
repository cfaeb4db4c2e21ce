// Counts for tool-errors, slow-tools, failures-by-day, activity and hot-files, read from the roll-ups of
// migration 012 (schema/tool-rollup.ts), also for a range alone (projects uses the same for its sessions' counts).
import { COUNTED_ROLLUPS } from '../schema/tool-rollup.js';
import { QUARTER_MS } from '../schema/rollups.js';
import { END_OF_TIME } from './filters.js';
import type { ReportParams } from './report.js';
import { wholeUnits } from './rolled-usage.js';

/**
 * True when no bound and no session or model filter is given: the roll-ups, which count every row
 * stored, answer then; otherwise a report counts the rows in range (an index range for a bound).
 */
export const unfiltered = (p: ReportParams) =>
  p.since === null &&
  p.until === null &&
  p.project === null &&
  p.source === null &&
  p.model === null &&
  p.subagents === 1;

/**
 * A team database (PostgreSQL) has no roll-ups: session-local views of the same names count its
 * rows (those of the --machine views, when made after them).
 */
export const PG_TOOL_ROLLUP_VIEWS = Object.entries(COUNTED_ROLLUPS).map(
  ([table, counted]) => `CREATE TEMP VIEW ${table} AS ${counted}`,
);

/**
 * True when --since or --until is the only filter: a roll-up less the rows outside the range then
 * gives the range's counts, which costs less than counting the range when it covers most rows (a
 * year's page).
 */
export const onlyBounded = (p: ReportParams) =>
  !unfiltered(p) && p.project === null && p.source === null && p.model === null && p.subagents === 1;

/**
 * Whether to read a roll-up less the rows of `table` outside [:since, :until) rather than count
 * the rows inside: when the range covers more than three quarters of the time from its first row
 * to its last (a row outside costs about twice one inside: it is joined or grouped once more).
 * A guess from two index ends, not a count; both ways give the same rows. Written with CASE, not
 * SQLite's two-argument min/max, so that PostgreSQL runs the same text.
 */
export const readsOutside = (p: ReportParams, table: string) => `(SELECT 4 * (${
  p.until === null ? 'hi' : 'CASE WHEN :until > hi THEN hi ELSE :until END'
} - ${p.since === null ? 'lo' : 'CASE WHEN :since < lo THEN lo ELSE :since END'}) > 3 * (hi - lo)
    FROM (SELECT (SELECT min(created_at) FROM ${table}) AS lo, (SELECT max(created_at) FROM ${table}) AS hi) AS span)`;

// SQLite tests a subquery in WHERE on every row, so the choice is put into the index range's ends
// instead (computed once): the side not chosen is an empty range. Each range is closed at both
// ends, which SQLite rates at 1/64 of the table; one open at an end it rates at a quarter, and may
// then scan another index.

/** The rows of `table t` inside [:since, :until), when they are fewer (else none): a WHERE term. */
export const insideRange = (p: ReportParams, table: string) => `t.created_at >= CASE WHEN ${readsOutside(p, table)}
    THEN ${END_OF_TIME} ELSE ${p.since === null ? -END_OF_TIME : ':since'} END
    AND t.created_at < ${p.until === null ? END_OF_TIME : ':until'}`;

/**
 * `select` over the rows of `table t` outside [:since, :until) that pass `where`, those without a
 * time too, when they are fewer (else none), as one list.
 */
export function outsideRows(p: ReportParams, table: string, select: string, where: string): string {
  const guard = readsOutside(p, table);
  const from = `SELECT ${select} FROM ${table} t WHERE ${where}`;
  const parts = [`${from} AND t.created_at IS NULL AND ${guard}`];
  if (p.since !== null)
    parts.push(`${from}
    AND t.created_at > -${END_OF_TIME} AND t.created_at < CASE WHEN ${guard} THEN :since ELSE -${END_OF_TIME} END`);
  if (p.until !== null)
    parts.push(`${from}
    AND t.created_at >= CASE WHEN ${guard} THEN :until ELSE ${END_OF_TIME} END AND t.created_at < ${END_OF_TIME}`);
  return parts.join('\n    UNION ALL ');
}

/** outsideRows with `rolled` (a roll-up's rows, read when the rows outside are) before them, as one list. */
export const lessOutside = (p: ReportParams, table: string, rolled: string, select: string, where: string) =>
  `${rolled} WHERE ${readsOutside(p, table)}
    UNION ALL ${outsideRows(p, table, select, where)}`;

/**
 * For a roll-up keyed by UTC quarter hour (`created_at / QUARTER_MS`) and a range alone: its whole
 * quarters inside [:since, :until) as a WHERE term on its key `q`, and the rows of `t` in the
 * partial quarters at either end as two WHERE terms, each a closed range of the time index.
 */
export function quartersInRange(q: string): { whole: string; edges: [string, string] } {
  const { first, end } = wholeUnits(QUARTER_MS);
  return {
    whole: `${q} >= ${first} AND ${q} < ${end}`,
    edges: [
      `t.created_at >= coalesce(:since, -${END_OF_TIME}) AND t.created_at < ${first} * ${QUARTER_MS}
    AND t.created_at < coalesce(:until, ${END_OF_TIME})`,
      `t.created_at >= (CASE WHEN ${first} > ${end} THEN ${first} ELSE ${end} END) * ${QUARTER_MS}
    AND t.created_at < coalesce(:until, -${END_OF_TIME})`,
    ],
  };
}
