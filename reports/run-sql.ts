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

// PRAGMAs that take an argument and only read; any other PRAGMA given a value sets something.
const READING_PRAGMAS = new Set([
  'table_info',
  'table_xinfo',
  'table_list',
  'index_list',
  'index_info',
  'index_xinfo',
  'foreign_key_list',
  'foreign_key_check',
  'integrity_check',
  'quick_check',
]);

/** `PRAGMA x = v` or `PRAGMA x(v)` for a pragma that sets: it returns a row, yet would change the database. */
function settingPragma(sql: string): boolean {
  const text = sql.replace(/\/\*[\s\S]*?\*\/|--[^\n]*/g, ' ').trim();
  const m = /^pragma\s+(?:["`[]?\w+["`\]]?\s*\.\s*)?["`[]?(\w+)["`\]]?\s*([=(])?/i.exec(text);
  if (!m || !m[2]) return false;
  return m[2] === '=' || !READING_PRAGMAS.has(m[1]!.toLowerCase());
}

/**
 * `db` must be opened read-only (openDb(file, { readonly: true })): SQLite itself then refuses any
 * write. Statements that return no rows (ATTACH, VACUUM INTO, CREATE, ...) are refused before they
 * run, extension loading is off in better-sqlite3, and query_only stops a PRAGMA from writing.
 */
export function runSql(db: Db, sql: string): { columns: Column[]; rows: Row[] } {
  const stmt = prepareQuery(db, sql);
  const rows = readRows(() => stmt.all() as Row[]);
  return { columns: columnsOf(stmt, rows), rows };
}

/** How many rows decide the column types of a streamed result, and make one chunk of it. */
export const STREAM_BATCH_ROWS = 5000;

/**
 * The query's rows in batches, read as they are asked for: a result of millions of rows never sits
 * in memory whole. The column types come from the first batch.
 */
export function streamSql(db: Db, sql: string): { columns: Column[]; batches: Generator<Row[]> } {
  const stmt = prepareQuery(db, sql);
  const it = stmt.iterate() as IterableIterator<Row>;
  const take = (): Row[] =>
    readRows(() => {
      const batch: Row[] = [];
      while (batch.length < STREAM_BATCH_ROWS) {
        const next = it.next();
        if (next.done) break;
        batch.push(next.value);
      }
      return batch;
    });
  const first = take();
  const columns = columnsOf(stmt, first);
  function* batches(): Generator<Row[]> {
    try {
      let batch = first;
      while (batch.length > 0) {
        yield batch;
        if (batch.length < STREAM_BATCH_ROWS) return;
        batch = take();
      }
    } finally {
      it.return?.();
    }
  }
  return { columns, batches: batches() };
}

function prepareQuery(db: Db, sql: string) {
  if (!db.readonly) throw new SqlError('agentlog sql needs a read-only connection');
  db.pragma('query_only = ON');
  let stmt;
  try {
    stmt = db.prepare(sql);
  } catch (err) {
    throw new SqlError(`the query does not compile: ${(err as Error).message}`);
  }
  if (!stmt.reader || settingPragma(sql)) {
    throw new SqlError(
      'agentlog sql is read-only: it runs statements that return rows (SELECT, WITH, EXPLAIN, a PRAGMA that reads); ' +
        'this one would change the database or attach another (a PRAGMA given a value sets it). Open the file with sqlite3 to change it.',
    );
  }
  return stmt;
}

function readRows(read: () => Row[]): Row[] {
  try {
    return read();
  } catch (err) {
    const e = err as Error & { code?: string };
    if (e.code?.startsWith('SQLITE_READONLY') || /readonly|query_only|not authorized/i.test(e.message)) {
      throw new SqlError(`agentlog sql is read-only, and this query tried to change something: ${e.message}`);
    }
    throw new SqlError(e.message);
  }
}

function columnsOf(stmt: ReturnType<Db['prepare']>, rows: Row[]): Column[] {
  const columns = stmt.columns().map((c) => ({ key: c.name, label: c.name, type: 'text' as ColumnType }));
  for (const c of columns) c.type = columnType(rows, c.key);
  return columns;
}
