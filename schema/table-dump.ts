// A canonical dump of the imported tables, for comparing two databases row by row.
import { DATA_TABLES } from './data-tables.js';
import type { Db } from './open-db.js';

/** Every row of every data table, ordered by primary key. */
export function dumpTables(db: Db): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const [table, key] of Object.entries(DATA_TABLES))
    out[table] = db.prepare(`SELECT * FROM ${table} ORDER BY ${key}`).all();
  return out;
}
