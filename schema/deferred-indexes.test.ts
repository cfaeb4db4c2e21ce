// Indexes built after a first import: the same rows and the same schema as an import that keeps them
// row by row, the writer never reading one of them, and a killed run's indexes built by the next open.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runImport } from '../import/run.js';
import { spawnEnv } from '../test/hermetic-env.js';
import { buildDeferred, DEFERRABLE_INDEXES, deferIndexes } from './deferred-indexes.js';
import { type Db, openDb } from './open-db.js';
import { dumpTables } from './table-dump.js';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist/bin/agentlog.js');
const SAMPLES = [path.join(ROOT, 'fixtures/demo/claude/projects'), path.join(ROOT, 'fixtures/samples/claude')];
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-deferred-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
let dbs = 0;
const newFile = () => path.join(work, `db-${++dbs}.db`);

/** Every table but the moments of import and each database's own id; roll-ups sorted as text. */
function everything(db: Db): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = dumpTables(db);
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'")
    .pluck()
    .all() as string[];
  for (const name of tables) {
    if (name in out || name.startsWith('search_fts') || name === 'schema_migrations' || name === 'push_epoch') continue;
    out[name] = (db.prepare(`SELECT * FROM ${name}`).all() as Record<string, unknown>[])
      .map((r) => JSON.stringify('imported_at' in r ? { ...r, imported_at: 0 } : r))
      .sort();
  }
  return out;
}

/** The schema as sqlite_master holds it: every table, index and trigger with its SQL. */
const schemaOf = (db: Db) =>
  db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all();

describe('deferred indexes', () => {
  it('an import into an empty database stores the same rows and ends with the same schema', async () => {
    const [deferred, kept, fresh] = [openDb(newFile()), openDb(newFile()), openDb(newFile())];
    const opts = { paths: SAMPLES, maxProblems: 100_000, threads: 0 };
    // The deferral is seen at work: a report's index is absent while the first file is written.
    let absentMidway = false;
    await runImport(deferred, {
      ...opts,
      env: {},
      onProgress: () => {
        absentMidway ||= !deferred.prepare("SELECT 1 FROM sqlite_master WHERE name = 'tools_range'").get();
      },
    });
    await runImport(kept, { ...opts, env: { AGENTLOG_DEFER_INDEXES: '0' } });
    expect(absentMidway).toBe(true);
    expect((deferred.prepare('SELECT count(*) FROM tools').pluck().get() as number) > 0).toBe(true);
    expect(everything(deferred)).toEqual(everything(kept));
    expect(schemaOf(deferred)).toEqual(schemaOf(fresh));
    expect(deferred.prepare('SELECT count(*) FROM deferred_indexes').pluck().get()).toBe(0);
    for (const d of [deferred, kept, fresh]) d.close();
  });

  it('an import into a database that holds rows keeps its indexes row by row', async () => {
    const db = openDb(newFile());
    await runImport(db, { paths: [SAMPLES[0]!], env: {}, threads: 0 });
    let dropped = false;
    await runImport(db, {
      paths: SAMPLES,
      env: {},
      threads: 0,
      onProgress: () => {
        dropped ||= !db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'tools_range'").get();
      },
    });
    expect(dropped).toBe(false);
    db.close();
  });

  it('never drops an index the writer reads', async () => {
    // Every statement an import runs, with its values, planned with the deferrable indexes present.
    const db = openDb(newFile());
    const statements = new Map<string, { sql: string; values: unknown[] }>();
    const prepare = db.prepare.bind(db);
    (db as { prepare: unknown }).prepare = (sql: string) => {
      const statement = prepare(sql);
      for (const run of ['run', 'get', 'all'] as const) {
        const original = statement[run].bind(statement) as (...values: unknown[]) => unknown;
        (statement as unknown as Record<string, unknown>)[run] = (...values: unknown[]) => {
          statements.set(sql + JSON.stringify(values), { sql, values });
          return original(...values);
        };
      }
      return statement;
    };
    await runImport(db, { paths: SAMPLES, env: { AGENTLOG_DEFER_INDEXES: '0' }, threads: 0 });
    await runImport(db, { paths: SAMPLES, env: { AGENTLOG_DEFER_INDEXES: '0' }, threads: 0 });
    const used = new Set<string>();
    for (const { sql, values } of statements.values()) {
      if (/^\s*(PRAGMA|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)/i.test(sql)) continue;
      const plan = prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...values) as { detail: string }[];
      for (const { detail } of plan) for (const m of detail.matchAll(/INDEX (\w+)/g)) used.add(m[1]!);
    }
    expect(statements.size).toBeGreaterThan(10);
    expect(used.has('tools_session')).toBe(true);
    expect(DEFERRABLE_INDEXES.filter((name) => used.has(name))).toEqual([]);
    db.close();
  });

  it('leaves to a living importer the indexes it deferred, and builds those of a dead one', () => {
    const file = newFile();
    const db = openDb(file);
    const names = deferIndexes(db);
    expect(names.length).toBe(DEFERRABLE_INDEXES.length);
    // This process deferred them: another process's open would wait for it; one after it builds them.
    db.prepare('UPDATE deferred_indexes SET pid = ?').run(process.ppid);
    expect(buildDeferred(db)).toBe(0);
    db.prepare('UPDATE deferred_indexes SET pid = ?').run(2 ** 22 + 1); // above Linux's pid_max: no such process
    db.close();
    const again = openDb(file);
    expect(again.prepare('SELECT count(*) FROM deferred_indexes').pluck().get()).toBe(0);
    expect(schemaOf(again)).toEqual(schemaOf(openDb(':memory:')));
    again.close();
  });

  it(
    'an import killed after its first commits leaves a database whose next open has every index',
    { timeout: 10 * 60_000 },
    async () => {
      const file = newFile();
      const child = spawn(process.execPath, [CLI, 'import', '--quiet', '--db', file, ...SAMPLES], {
        stdio: 'ignore',
        env: spawnEnv({ AGENTLOG_IMPORT_THREADS: '0' }),
      });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      // Waits for the outcome: a committed tool row while the indexes are still deferred.
      let seen = false;
      while (!seen && child.exitCode === null) {
        await new Promise((r) => setImmediate(r));
        if (!fs.existsSync(file)) continue;
        const reader = new Database(file, { readonly: true, fileMustExist: true });
        try {
          seen = !!reader.prepare('SELECT 1 FROM deferred_indexes WHERE EXISTS (SELECT 1 FROM tools)').get();
        } catch {
          // the child has not made its tables yet
        } finally {
          reader.close();
        }
      }
      child.kill('SIGKILL');
      await exited;
      expect(seen).toBe(true);
      const db = openDb(file);
      expect(db.prepare('SELECT count(*) FROM deferred_indexes').pluck().get()).toBe(0);
      expect(schemaOf(db)).toEqual(schemaOf(openDb(':memory:')));
      db.close();
    },
  );
});
