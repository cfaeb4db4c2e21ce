import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from './migrations.js';
import { DbError, migrate, openDb, PAGE_SIZE } from './open-db.js';

const dirs: string[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-db-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const mode = (p: string) => fs.statSync(p).mode & 0o777;

describe('openDb', () => {
  it('creates a private directory and file, in WAL mode with foreign keys on', () => {
    const file = path.join(tmp(), 'deep', 'data', 'agentlog.db');
    const db = openDb(file);
    expect(mode(path.dirname(file))).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    db.prepare("INSERT INTO sessions (id, source) VALUES ('s', 'claude-code')").run();
    db.close();
    for (const f of fs.readdirSync(path.dirname(file))) expect(mode(path.join(path.dirname(file), f))).toBe(0o600);
  });

  it('gives a new file 8 KB pages and leaves an existing file its own page size', () => {
    const fresh = path.join(tmp(), 'new.db');
    const db = openDb(fresh);
    expect(db.pragma('page_size', { simple: true })).toBe(PAGE_SIZE);
    db.close();
    // A database made by an earlier agentlog (SQLite's default 4 KB pages) is upgraded in place.
    const old = path.join(tmp(), 'old.db');
    const earlier = openDb(old, { migrations: migrations.slice(0, 1) });
    earlier.pragma('journal_mode = DELETE'); // only outside WAL can VACUUM change the page size
    earlier.pragma('page_size = 4096');
    earlier.exec('VACUUM');
    expect(earlier.pragma('page_size', { simple: true })).toBe(4096);
    earlier.close();
    const upgraded = openDb(old);
    expect(upgraded.pragma('page_size', { simple: true })).toBe(4096);
    expect(upgraded.pragma('user_version', { simple: true })).toBe(migrations.length);
    upgraded.prepare("INSERT INTO sessions (id, source) VALUES ('s', 'claude-code')").run();
    expect(upgraded.pragma('integrity_check', { simple: true })).toBe('ok');
    upgraded.close();
  });

  it('applies every migration once and records it', () => {
    const file = path.join(tmp(), 'a.db');
    openDb(file).close();
    const db = openDb(file);
    const names = db.prepare('SELECT name FROM schema_migrations ORDER BY name').all() as { name: string }[];
    expect(names.map((n) => n.name)).toEqual(migrations.map((m) => m.name));
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    db.close();
  });

  it('migrates from each earlier step to the latest', () => {
    for (let k = 0; k <= migrations.length; k++) {
      const file = path.join(tmp(), `step-${k}.db`);
      openDb(file, { migrations: migrations.slice(0, k) }).close();
      const db = openDb(file);
      const applied = db.prepare('SELECT count(*) AS n FROM schema_migrations').get() as { n: number };
      expect(applied.n).toBe(migrations.length);
      db.close();
    }
  });

  it('refuses a database written by a newer agentlog, read-write and read-only', () => {
    const file = path.join(tmp(), 'newer.db');
    openDb(file, { migrations: [...migrations, { name: '999_future', sql: 'CREATE TABLE future (x)' }] }).close();
    expect(() => openDb(file)).toThrow(DbError);
    expect(() => openDb(file)).toThrow(/newer agentlog.*999_future/);
    expect(() => openDb(file, { readonly: true })).toThrow(/newer agentlog/);
  });

  it('rolls a failing step back with its record', () => {
    const file = path.join(tmp(), 'bad.db');
    const steps = [...migrations, { name: '002_broken', sql: 'CREATE TABLE t (x); THIS IS NOT SQL' }];
    expect(() => openDb(file, { migrations: steps })).toThrow();
    const db = openDb(file);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 't'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('rejects duplicate migration names', () => {
    const db = openDb(':memory:', { migrations: [] });
    expect(() => migrate(db, [migrations[0]!, migrations[0]!])).toThrow(/duplicate migration/);
    db.close();
  });

  it('never creates or migrates on a read-only open', () => {
    const file = path.join(tmp(), 'missing.db');
    expect(() => openDb(file, { readonly: true })).toThrow(/cannot open/);
    expect(fs.existsSync(file)).toBe(false);
  });
});
