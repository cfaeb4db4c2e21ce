// Tool call counts for tool-errors and slow-tools, read from the tool roll-ups (schema/tool-rollup.ts).
import type { ReportParams } from './report.js';

/**
 * True when no bound and no session filter is given: the roll-ups, which count every call ever
 * stored, answer then; otherwise the report counts the calls in range (an index range for a bound).
 */
export const allCalls = (p: ReportParams) =>
  p.since === null &&
  p.until === null &&
  p.project === null &&
  p.source === null &&
  p.model === null &&
  p.subagents === 1;

/**
 * A team database (PostgreSQL) has no roll-ups: session-local views of the same names count its
 * calls (of the --machine views' rows, when made after them).
 */
export const PG_TOOL_ROLLUP_VIEWS = [
  `CREATE TEMP VIEW tool_rollup AS
  SELECT tool_name, success, error_kind, count(*) AS calls FROM tools GROUP BY tool_name, success, error_kind`,
  `CREATE TEMP VIEW tool_duration_rollup AS
  SELECT tool_name, duration_ms, count(*) AS calls FROM tools WHERE duration_ms IS NOT NULL GROUP BY tool_name, duration_ms`,
];
