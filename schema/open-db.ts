// Opens the agentlog database: private file modes, pragmas, and pending migrations.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { buildDeferred } from './deferred-indexes.js';
import { migrations as allMigrations, type Migration } from './migrations.js';

export type Db = Database.Database;

/** The page size of a database this opens first (SQLite's default is 4096). */
export const PAGE_SIZE = 8192;

/** The migration that adds deferred_indexes (an open with a shorter list, in tests, has no such table). */
const DEFERRED_STEP = '014_deferred_indexes';

export interface OpenOptions {
  readonly?: boolean;
  /** How long to wait for another writer (default 5 s; a hook waits less). */
  busyTimeoutMs?: number;
  /** Only for tests: a different migration list. */
  migrations?: readonly Migration[];
}

export class DbError extends Error {
  constructor(
    message: string,
    /** 2 when the user can fix it (a damaged or foreign file), else 1. */
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** The file is not a SQLite database, is damaged, or is another program's database. */
export function damagedDbError(file: string, why: string): DbError {
  return new DbError(
    `${file} is not an agentlog database, or it is damaged (${why}). Move it aside ` +
      `(mv "${file}" "${file}.damaged") and run \`agentlog import\`: it rebuilds the database from ` +
      'the transcripts that still exist (Claude Code deletes them after 30 days, so keep the old file).',
    2,
  );
}

/**
 * Opens (and creates) the database at `file`. A writable open creates the directory 0700 and
 * the file 0600, because transcripts hold secrets, then applies pending migrations. A read-only
 * open never creates or migrates anything.
 */
export function openDb(file: string, opts: OpenOptions = {}): Db {
  const steps = opts.migrations ?? allMigrations;
  if (file !== ':memory:' && !opts.readonly) preparePrivateFile(file);
  let db: Db;
  try {
    db = new Database(file, { readonly: !!opts.readonly, fileMustExist: !!opts.readonly });
  } catch (err) {
    throw new DbError(`cannot open database ${file}: ${(err as Error).message}`);
  }
  const waitMs = Math.max(0, Math.trunc(opts.busyTimeoutMs ?? 5000));
  try {
    db.pragma(`busy_timeout = ${waitMs}`);
    db.pragma('foreign_keys = ON');
    // The roll-up triggers of migration 012 give each write to tools, messages and file_operations
    // (an import, a hook, prune) a statement journal: kept in memory (a statement's few pages)
    // instead of a temp file written and truncated per statement.
    db.pragma('temp_store = MEMORY');
    // Another process may be creating or migrating this database at the same moment: switching to
    // WAL and the schema check can then report SQLITE_BUSY without waiting, so both are retried
    // until the same deadline a writer waits for.
    refuseForeign(db, file);
    untilNotBusy(waitMs, () => {
      if (!opts.readonly) {
        // A new file only (an existing one keeps its size): rows of tools and messages average 1.2 and
        // 0.6 KB, and a page closes when the next row does not fit, so 4 KB pages left 15% of the
        // tools table empty; 8 KB pages halve that (200 MB corpus's database 103.9 -> 99.6 MB).
        db.pragma(`page_size = ${PAGE_SIZE}`);
        if (file !== ':memory:') db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        migrate(db, steps);
        // An import killed after dropping its deferred indexes left their SQL: built again here.
        if (steps.some((s) => s.name === DEFERRED_STEP) && db.prepare('SELECT 1 FROM deferred_indexes').get())
          buildDeferred(db);
      } else {
        refuseNewer(db, steps);
      }
    });
  } catch (err) {
    db.close();
    const code = String((err as { code?: unknown }).code ?? '');
    if (/^SQLITE_(NOTADB|CORRUPT)/.test(code)) throw damagedDbError(file, (err as Error).message);
    if (opts.readonly && code === 'SQLITE_CANTOPEN' && !canWrite(path.dirname(file))) return openSnapshot(file, steps);
    if (/^SQLITE_(CANTOPEN|READONLY|IOERR|FULL|PERM|BUSY|LOCKED)/.test(code)) {
      const busy = /^SQLITE_(BUSY|LOCKED)/.test(code);
      throw new DbError(
        `cannot use database ${file}: ${(err as Error).message} (${code}); ` +
          (busy
            ? `another process held it for more than ${waitMs / 1000} s; try again when it has finished`
            : 'check that its directory is writable and has free space, or pass --db to put it elsewhere'),
      );
    }
    throw err;
  }
  return db;
}

export function canWrite(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * A WAL database in a folder we cannot write cannot be opened read-only (SQLite needs its -shm
 * file beside it), so reading commands read a copy in memory, marked as a rollback-journal file.
 */
function openSnapshot(file: string, steps: readonly Migration[]): Db {
  const bytes = fs.readFileSync(file);
  if (bytes.length > 19 && bytes[18] === 2 && bytes[19] === 2) bytes[18] = bytes[19] = 1;
  const db = new Database(bytes, { readonly: true });
  refuseNewer(db, steps);
  return db;
}

function preparePrivateFile(file: string): void {
  const dir = path.dirname(file);
  if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!fs.existsSync(file)) {
    // Create the file ourselves so it is 0600 from the first byte; SQLite gives -wal/-shm the same mode.
    fs.closeSync(fs.openSync(file, 'a', 0o600));
    fs.chmodSync(file, 0o600);
  }
}

/** Another program's SQLite database: tables, but none of agentlog's migrations. Never written into. */
function refuseForeign(db: Db, file: string): void {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  if (tables.length > 0 && !tables.includes('schema_migrations'))
    throw damagedDbError(file, `its tables are another program's: ${tables.slice(0, 3).join(', ')}`);
}

function appliedNames(db: Db): string[] {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!exists) return [];
  return (db.prepare('SELECT name FROM schema_migrations ORDER BY name').all() as { name: string }[]).map(
    (r) => r.name,
  );
}

function refuseNewer(db: Db, steps: readonly Migration[]): string[] {
  const known = new Set(steps.map((s) => s.name));
  const applied = appliedNames(db);
  const unknown = applied.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new DbError(
      `database ${db.name} was written by a newer agentlog (schema step ${unknown.join(', ')}); ` +
        'upgrade agentlog (npm install -g agentlog) or point --db at another file',
    );
  }
  return applied;
}

export const isBusy = (err: unknown): boolean =>
  /^SQLITE_(BUSY|LOCKED)/.test(String((err as { code?: unknown }).code ?? ''));

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Runs `fn` again while it fails with SQLITE_BUSY, backing off, until `waitMs` have passed. */
function untilNotBusy(waitMs: number, fn: () => void): void {
  const deadline = Date.now() + waitMs;
  for (let backoff = 2; ; backoff = Math.min(backoff * 2, 100)) {
    try {
      return fn();
    } catch (err) {
      if (!isBusy(err) || Date.now() >= deadline) throw err;
      Atomics.wait(pause, 0, 0, Math.min(backoff, Math.max(1, deadline - Date.now())));
    }
  }
}

/**
 * Applies each pending step in its own transaction together with its record. The check of what
 * is applied is made again inside that transaction, which takes the write lock first: any number
 * of processes may open a new or old database at once, and each step still runs exactly once.
 */
export function migrate(db: Db, steps: readonly Migration[] = allMigrations): string[] {
  const names = new Set<string>();
  for (const s of steps) {
    if (names.has(s.name)) throw new DbError(`duplicate migration name ${s.name}`);
    names.add(s.name);
  }
  // Up to date (every open but the first after an upgrade): no write lock taken, as on the hook path.
  const applied = new Set(refuseNewer(db, steps));
  if (steps.every((s) => applied.has(s.name))) return [];
  const ran: string[] = [];
  steps.forEach((step, i) => {
    db.transaction(() => {
      db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
      if (refuseNewer(db, steps).includes(step.name)) return; // another process ran it meanwhile
      db.exec(step.sql);
      db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)').run(step.name, Date.now());
      db.pragma(`user_version = ${i + 1}`);
      ran.push(step.name);
    }).immediate();
  });
  return ran;
}
