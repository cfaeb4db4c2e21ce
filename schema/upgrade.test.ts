// A database from the first schema upgrades in place with nothing lost.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrations } from './migrations.js';
import { openDb } from './open-db.js';
import { DATA_TABLES } from './data-tables.js';

const FIXTURE = path.resolve(__dirname, '../fixtures/schema-001/agentlog.db');

describe('a database written by schema 001', () => {
  it('opens with every later migration applied and every row kept', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-upgrade-'));
    const file = path.join(dir, 'agentlog.db');
    fs.copyFileSync(FIXTURE, file);
    const old = new Database(FIXTURE, { readonly: true });
    const before = Object.fromEntries(
      Object.entries(DATA_TABLES).map(([t, key]) => [t, old.prepare(`SELECT * FROM ${t} ORDER BY ${key}`).all()]),
    );
    expect((old.prepare('SELECT name FROM schema_migrations').all() as { name: string }[]).map((r) => r.name)).toEqual([
      '001_initial',
    ]);
    old.close();
    expect((before.tools as unknown[]).length).toBeGreaterThan(0);

    const db = openDb(file);
    const applied = (db.prepare('SELECT name FROM schema_migrations ORDER BY name').all() as { name: string }[]).map(
      (r) => r.name,
    );
    expect(applied).toEqual(migrations.map((m) => m.name));
    for (const [t, key] of Object.entries(DATA_TABLES)) {
      const after = db.prepare(`SELECT * FROM ${t} ORDER BY ${key}`).all() as Record<string, unknown>[];
      // Later migrations may add columns; every row and every old value must still be there.
      expect(
        after.map((r) => Object.fromEntries(Object.keys((before[t] as object[])[0] ?? {}).map((k) => [k, r[k]]))),
      ).toEqual(before[t]);
    }
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
