// A canonical dump of the imported tables, for comparing two databases row by row.
import type { Db } from './open-db.js';

/** The tables import fills, each with the key that orders its rows. */
export const DATA_TABLES = {
  sessions: 'id',
  messages: 'id',
  tools: 'id',
  file_operations: 'id',
  session_errors: 'id',
  compaction_events: 'id',
  pending_tool_results: 'source, call_id',
} as const;

/** Every row of every data table, ordered by primary key. */
export function dumpTables(db: Db): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const [table, key] of Object.entries(DATA_TABLES))
    out[table] = db.prepare(`SELECT * FROM ${table} ORDER BY ${key}`).all();
  return out;
}
