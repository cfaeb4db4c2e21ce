// The roll-ups of migration 012 always hold the counts of the rows: filled by the migration, kept by
// triggers through every kind of write (new rows, a result in a later file, a re-import, a rollback,
// prune), and counted again whole by rebuildRollups.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWorld, TB } from '../test/world.fixture.js';
import { migrations } from './migrations.js';
import { type Db, openDb } from './open-db.js';
import { prune } from './prune.js';
import type { AnyRecord } from './records.js';
import { rebuildRollups } from './rollups.js';
import { COUNTED_ROLLUPS } from './tool-rollup.js';
import { Writer } from './writer.js';

type Row = Record<string, unknown>;
const sorted = (rows: Row[]) => rows.map((r) => JSON.stringify(r)).sort();
/** Every roll-up's rows, as stored. */
const rolled = (db: Db) =>
  Object.fromEntries(
    Object.keys(COUNTED_ROLLUPS).map((t) => [t, sorted(db.prepare(`SELECT * FROM ${t}`).all() as Row[])]),
  );
/** Every roll-up's rows as counted from the rows now. */
const counted = (db: Db) =>
  Object.fromEntries(Object.entries(COUNTED_ROLLUPS).map(([t, sql]) => [t, sorted(db.prepare(sql).all() as Row[])]));
const sizes = (db: Db) =>
  Object.fromEntries(
    Object.keys(COUNTED_ROLLUPS).map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as Row).n]),
  );

const T = Date.UTC(2026, 10, 20, 9, 0);
const Q = 900_000;
const session = (id: string): AnyRecord => ({ kind: 'session', id, source: 'claude-code', created_at: T });
const call = (n: number, sid: string, at: number | undefined, tool = 'Bash', file?: string): AnyRecord => ({
  kind: 'tool_call',
  id: `${sid}-t${n}`,
  call_id: `t${n}`,
  session_id: sid,
  source: 'claude-code',
  tool_name: tool,
  category: file ? 'edit' : 'shell',
  ...(file ? { file_path: file, file_operation: tool === 'Read' ? 'read' : 'edited' } : {}),
  ...(at === undefined ? {} : { created_at: at }),
});
const result = (
  n: number,
  success: boolean,
  duration_ms?: number,
  error_kind?: string,
  created = false,
): AnyRecord => ({
  kind: 'tool_result',
  call_id: `t${n}`,
  source: 'claude-code',
  success,
  ...(duration_ms === undefined ? {} : { duration_ms }),
  ...(created ? { file_operation: 'created' } : {}),
  ...(success ? {} : { error_message: `failed ${error_kind ?? ''}`, ...(error_kind ? { error_kind } : {}) }),
});
const message = (id: string, sid: string, at: number | undefined): AnyRecord => ({
  kind: 'message',
  id,
  session_id: sid,
  source: 'claude-code',
  role: 'assistant',
  is_sidechain: false,
  ...(at === undefined ? {} : { created_at: at }),
});

function writeFile(w: Writer, records: AnyRecord[]): void {
  w.begin();
  for (const r of records) w.write(r);
  w.commit(null);
}

describe('the tool and message roll-ups', () => {
  it('follow every file the writer commits: calls, results in the same and in a later file, a re-import, a rollback', () => {
    const db = openDb(':memory:');
    const w = new Writer(db);
    const first = [
      session('a'),
      session('b'),
      call(1, 'a', T),
      result(1, true, 120),
      call(2, 'a', T + Q - 1, 'Read', '/p/a.ts'),
      call(3, 'a', T + Q),
      result(3, false, 40, 'Exit code 1'),
      call(4, 'b', undefined, 'Edit', '/p/a.ts'),
      call(7, 'a', T + 3 * Q, 'Write', '/p/b.ts'),
      call(8, 'a', T + 4 * Q, 'Edit', '/p/b.ts'),
      result(8, true, 3),
      call(5, 'b', T + 2 * Q),
      message('m1', 'a', T),
      message('m2', 'a', T + Q - 1),
      message('m3', 'b', undefined),
    ];
    writeFile(w, first);
    expect(rolled(db)).toEqual(counted(db));
    expect(sizes(db)).toEqual({
      tool_rollup: 7,
      tool_duration_rollup: 3,
      tool_failure_rollup: 1,
      message_rollup: 1,
      file_edit_rollup: 1,
    });
    // Results of earlier calls arrive in a later file: the calls move from "no result" to their outcome.
    const later = [
      result(2, true, 120),
      result(4, false, undefined, 'permission denied'),
      result(5, false, 7),
      result(7, true, 15, undefined, true),
      message('m4', 'b', T + 5 * Q),
    ];
    writeFile(w, later);
    expect(rolled(db)).toEqual(counted(db));
    expect(
      db.prepare("SELECT n FROM tool_duration_rollup WHERE tool_name = 'Bash' AND duration_ms = 120").get(),
    ).toEqual({
      n: 1,
    });
    expect(db.prepare('SELECT count(*) AS n FROM tools WHERE success IS NULL').get()).toEqual({ n: 0 });
    // The Write's result made its file operation: two edits of b.ts in session a, the latest the Edit's.
    expect(db.prepare("SELECT n, last_edited FROM file_edit_rollup WHERE file_path = '/p/b.ts'").all()).toEqual([
      { n: 2, last_edited: T + 4 * Q },
    ]);
    // Importing both files again changes nothing.
    const kept = rolled(db);
    writeFile(w, first);
    writeFile(w, later);
    expect(rolled(db)).toEqual(kept);
    // A file that fails leaves the counts as they were.
    w.begin();
    for (const r of [call(6, 'a', T), result(6, false, 9, 'Exit code 2'), message('m5', 'a', T + 9 * Q)]) w.write(r);
    w.rollback();
    expect(rolled(db)).toEqual(kept);
    db.close();
  });

  it('follow a long random sequence of files, some of them rolled back', () => {
    const db = openDb(':memory:');
    const w = new Writer(db);
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor(seed / 65536) % n; // the low bits of this generator repeat quickly
    };
    const tools = ['Bash', 'Read', 'Edit', 'bash', 'Write'];
    const files = [undefined, '/p/a.ts', '/p/b.ts'];
    const kinds = [undefined, 'Exit code 1', 'permission denied'];
    for (let file = 0; file < 40; file++) {
      const records: AnyRecord[] = [session(`s${file % 5}`)];
      for (let i = 0; i < 30; i++) {
        const n = rand(60);
        const sid = `s${n % 5}`;
        const at = rand(10) === 0 ? undefined : T + rand(8) * (Q / 2);
        switch (rand(3)) {
          case 0:
            records.push(session(sid), call(n, sid, at, tools[rand(tools.length)], files[rand(files.length)]));
            break;
          case 1:
            records.push(
              result(
                n,
                rand(3) > 0,
                rand(4) === 0 ? undefined : rand(5) * 10,
                kinds[rand(kinds.length)],
                rand(4) === 0,
              ),
            );
            break;
          default:
            records.push(session(sid), message(`m${n}`, sid, at));
        }
      }
      w.begin();
      for (const r of records) w.write(r);
      if (rand(4) === 0) w.rollback();
      else w.commit(null);
      expect(rolled(db), `after file ${file}`).toEqual(counted(db));
    }
    expect(sizes(db).tool_failure_rollup).toBeGreaterThan(0);
    expect(sizes(db).file_edit_rollup).toBeGreaterThan(0);
    db.close();
  });

  it('lose the rows of pruned sessions and keep the others', () => {
    const db = openDb(':memory:');
    buildWorld(db);
    const before = sizes(db);
    expect(rolled(db)).toEqual(counted(db));
    expect(before.tool_rollup).toBeGreaterThan(0);
    const calls = () => (db.prepare('SELECT sum(n) AS n FROM tool_rollup').get() as Row).n as number;
    const all = calls();
    prune(db, TB, false);
    expect(rolled(db)).toEqual(counted(db));
    expect(calls()).toBeLessThan(all);
    db.close();
  });

  it('are counted again whole by rebuildRollups', () => {
    const db = openDb(':memory:');
    buildWorld(db);
    const kept = rolled(db);
    for (const t of Object.keys(COUNTED_ROLLUPS)) db.exec(`DELETE FROM ${t}`);
    rebuildRollups(db);
    expect(rolled(db)).toEqual(kept);
    expect(rolled(db)).toEqual(counted(db));
    db.close();
  });

  describe('from a database written before them (schema 001)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-tool-rollup-'));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('are filled by their migration with the counts of the rows already there, and kept after', () => {
      const file = path.join(dir, 'old.db');
      fs.copyFileSync(path.resolve(__dirname, '../fixtures/schema-001/agentlog.db'), file);
      const old = openDb(file, { migrations: migrations.filter((m) => m.name !== '012_tool_rollup') });
      expect((old.prepare('SELECT count(*) AS n FROM tools').get() as Row).n).toBeGreaterThan(0);
      old.close();
      const db = openDb(file);
      const filled = sizes(db);
      expect(filled.tool_rollup).toBeGreaterThan(0);
      expect(filled.message_rollup).toBeGreaterThan(0);
      expect(rolled(db)).toEqual(counted(db));
      const sid = (db.prepare('SELECT id FROM sessions LIMIT 1').get() as { id: string }).id;
      writeFile(new Writer(db), [call(900, sid, T), result(900, false, 5, 'Exit code 1')]);
      expect(rolled(db)).toEqual(counted(db));
      db.close();
    });
  });
});
