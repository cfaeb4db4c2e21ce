// Runs a user's query on a read-only connection: only statements that return rows, nothing that writes.
import type { Db } from '../schema/open-db.js';
import type { Column, ColumnType } from './report.js';
import type { Row } from './run-report.js';

export class SqlError extends Error {}

export function columnType(rows: Row[], key: string): ColumnType {
  let sawNumber = false;
  for (const r of rows) {
    const v = r[key];
    if (v === null || v === undefined) continue;
    if (typeof v !== 'number' && typeof v !== 'bigint') return 'text';
    sawNumber = true;
  }
  return sawNumber ? 'number' : 'text';
}

/**
 * `db` must be opened read-only (openDb(file, { readonly: true })): SQLite itself then refuses any
 * write. Statements that return no rows (ATTACH, VACUUM INTO, CREATE, ...) are refused before they
 * run, extension loading is off in better-sqlite3, and query_only stops a PRAGMA from writing.
 */
export function runSql(db: Db, sql: string): { columns: Column[]; rows: Row[] } {
  if (!db.readonly) throw new SqlError('agentlog sql needs a read-only connection');
  db.pragma('query_only = ON');
  let stmt;
  try {
    stmt = db.prepare(sql);
  } catch (err) {
    throw new SqlError(`the query does not compile: ${(err as Error).message}`);
  }
  if (!stmt.reader) {
    throw new SqlError(
      'agentlog sql is read-only: it runs statements that return rows (SELECT, WITH, EXPLAIN, a PRAGMA that reads); ' +
        'this one would change the database or attach another. Open the file with sqlite3 to change it.',
    );
  }
  let rows: Row[];
  try {
    rows = stmt.all() as Row[];
  } catch (err) {
    const e = err as Error & { code?: string };
    if (e.code?.startsWith('SQLITE_READONLY') || /readonly|query_only|not authorized/i.test(e.message)) {
      throw new SqlError(`agentlog sql is read-only, and this query tried to change something: ${e.message}`);
    }
    throw new SqlError(e.message);
  }
  const columns = stmt.columns().map((c) => ({ key: c.name, label: c.name, type: 'text' as ColumnType }));
  for (const c of columns) c.type = columnType(rows, c.key);
  return { columns, rows };
}
