// Counts for tool-errors, slow-tools, failures-by-day and activity, read from the roll-ups of
// migration 012 (schema/tool-rollup.ts).
import { COUNTED_ROLLUPS } from '../schema/tool-rollup.js';
import type { ReportParams } from './report.js';

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
