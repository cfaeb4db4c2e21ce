// tool_rollup and tool_duration_rollup (migration 012): tool calls counted per tool and outcome, and
// per tool and duration. Triggers on `tools` keep them; this fills them again from the calls.
import type { Db } from './open-db.js';

/** The roll-ups' rows as counted from the calls now: what the triggers keep them equal to. */
export const TOOL_OUTCOMES = `SELECT tool_name, success, error_kind, count(*) AS calls FROM tools
  GROUP BY tool_name, success, error_kind`;
export const TOOL_DURATIONS = `SELECT tool_name, duration_ms, count(*) AS calls FROM tools
  WHERE duration_ms IS NOT NULL GROUP BY tool_name, duration_ms`;

/**
 * Counts every call again, replacing both roll-ups: for rows written with the triggers absent (an
 * older copy's rows) or after a bulk change past the writer; the caller holds the transaction.
 */
export function refillToolRollups(db: Db): void {
  db.exec(`DELETE FROM tool_rollup;
    INSERT INTO tool_rollup (tool_name, success, error_kind, calls) ${TOOL_OUTCOMES};
    DELETE FROM tool_duration_rollup;
    INSERT INTO tool_duration_rollup (tool_name, duration_ms, calls) ${TOOL_DURATIONS};`);
}
