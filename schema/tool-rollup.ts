// The counts of migration 012 (tool calls per tool and outcome, per tool and duration, failures per
// tool and quarter hour, messages per quarter hour, edits per file and session). Triggers on tools and messages keep them; this
// counts them again from the rows.
import type { Db } from './open-db.js';

/** Each roll-up and the rows it holds, as counted from the rows now: what the triggers keep it equal to. */
export const COUNTED_ROLLUPS: Record<string, string> = {
  tool_rollup: `SELECT tool_name, success, error_kind, count(*) AS n FROM tools
    GROUP BY tool_name, success, error_kind`,
  tool_duration_rollup: `SELECT tool_name, duration_ms, count(*) AS n FROM tools
    WHERE duration_ms IS NOT NULL GROUP BY tool_name, duration_ms`,
  tool_failure_rollup: `SELECT tool_name, created_at / 900000 AS quarter, count(*) AS n FROM tools
    WHERE success = 0 GROUP BY tool_name, created_at / 900000`,
  message_rollup: `SELECT created_at / 900000 AS quarter, count(*) AS n FROM messages
    WHERE created_at IS NOT NULL GROUP BY created_at / 900000`,
  file_edit_rollup: `SELECT file_path, session_id, count(*) AS n, max(created_at) AS last_edited FROM file_operations
    WHERE operation_type IN ('edited', 'created') GROUP BY file_path, session_id`,
};

/**
 * Counts every roll-up again, replacing its rows: for rows written while the triggers were absent
 * or dropped (a bulk copy); the caller holds the transaction.
 */
export function refillToolRollups(db: Db): void {
  for (const [table, counted] of Object.entries(COUNTED_ROLLUPS)) {
    db.exec(`DELETE FROM ${table}; INSERT INTO ${table} ${counted}`);
  }
}
