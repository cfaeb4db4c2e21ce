import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../schema/migrations.js';
import { type Db, openDb } from '../schema/open-db.js';
import { openReportDb } from './report-db.js';
import { runSql, SqlError } from './run-sql.js';
import { buildWorld } from './world.fixture.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-sql-'));
const file = path.join(dir, 'agentlog.db');
let db: Db;
beforeAll(() => {
  const rw = openDb(file);
  buildWorld(rw);
  rw.close();
  db = openReportDb(file, { readonly: true, env: { XDG_CONFIG_HOME: dir } }).db;
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('runSql', () => {
  it('runs a query, with the report functions available', () => {
    const { rows, columns } = runSql(
      db,
      "SELECT tool_name, count(*) AS n, local_bucket(min(created_at), 'day', 'UTC') AS day FROM tools WHERE success = 0 GROUP BY 1 ORDER BY 2 DESC",
    );
    expect(rows).toEqual([
      { tool_name: 'Bash', n: 3, day: '2026-11-20' },
      { tool_name: 'Edit', n: 1, day: '2026-11-20' },
    ]);
    expect(columns.map((c) => [c.key, c.type])).toEqual([
      ['tool_name', 'text'],
      ['n', 'number'],
      ['day', 'text'],
    ]);
  });

  it('refuses writes, ATTACH, VACUUM INTO, schema changes and writing PRAGMAs, and leaves the file as it was', () => {
    const before = fs.readFileSync(file);
    const attempts = [
      "INSERT INTO sessions (id, source) VALUES ('x', 'claude-code')",
      "INSERT INTO sessions (id, source) VALUES ('x', 'claude-code') RETURNING id",
      'DELETE FROM tools RETURNING id',
      'UPDATE sessions SET title = NULL',
      'DROP TABLE tools',
      'CREATE TABLE evil (x)',
      `ATTACH DATABASE '${path.join(dir, 'other.db')}' AS other`,
      `VACUUM INTO '${path.join(dir, 'copy.db')}'`,
      'PRAGMA user_version = 99',
      'PRAGMA journal_mode = DELETE',
      "SELECT load_extension('/tmp/evil.so')",
    ];
    for (const sql of attempts) expect(() => runSql(db, sql), sql).toThrow(SqlError);
    expect(fs.existsSync(path.join(dir, 'other.db'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'copy.db'))).toBe(false);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(runSql(db, 'SELECT count(*) AS n FROM sessions').rows).toEqual([{ n: 5 }]);
    expect(runSql(db, 'PRAGMA user_version').rows).toEqual([{ user_version: migrations.length }]);
  });

  it('explains why a statement was refused', () => {
    expect(() => runSql(db, 'DELETE FROM tools')).toThrow(/read-only.*statements that return rows/);
    expect(() => runSql(db, 'DELETE FROM tools RETURNING id')).toThrow(
      /read-only, and this query tried to change something/,
    );
    expect(() => runSql(db, 'SELEC 1')).toThrow(/does not compile/);
  });

  it('needs a read-only connection', () => {
    const rw = openDb(':memory:');
    expect(() => runSql(rw, 'SELECT 1')).toThrow(/read-only connection/);
    rw.close();
  });
});
