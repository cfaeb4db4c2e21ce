import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildWorld, TB } from '../test/world.fixture.js';
import { openDb } from './open-db.js';
import { prune } from './prune.js';
import { Writer } from './writer.js';

/** A hook failure and a turn in old sessions, so that prune has them to remove (they reference their session). */
function addHookAndTurn(db: ReturnType<typeof openDb>): void {
  const w = new Writer(db);
  w.begin();
  w.write({ kind: 'hook_event', id: 'h1', session_id: 'sess-a', source: 'claude-code', outcome: 'blocking_error' });
  w.write({ kind: 'turn', id: 't1', session_id: 'sess-a:sub', source: 'claude-code', duration_ms: 1000 });
  w.commit(null);
}

const count = (db: ReturnType<typeof openDb>, t: string) =>
  (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;

describe('prune', () => {
  it('counts without deleting on a dry run', () => {
    const db = openDb(':memory:');
    buildWorld(db);
    addHookAndTurn(db);
    expect(prune(db, TB, true)).toEqual({
      sessions: 4,
      messages: 6,
      tools: 10,
      file_operations: 4,
      session_errors: 0,
      compaction_events: 0,
      hook_events: 1,
      turns: 1,
    });
    expect(count(db, 'sessions')).toBe(5);
  });

  it('removes old sessions with their subagents and everything that belongs to them, and reclaims the space', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-prune-'));
    const file = path.join(dir, 'a.db');
    const db = openDb(file);
    buildWorld(db);
    addHookAndTurn(db);
    db.prepare(
      "INSERT INTO permission_events (id, source, session_id, asked_at) VALUES ('p-a', 'claude-code', 'sess-a', 1), ('p-b', 'claude-code', 'sess-b', 1)",
    ).run();
    // Some bulk, so that the file visibly shrinks.
    db.prepare('UPDATE tools SET tool_output = ?').run('x'.repeat(50_000));
    const before = fs.statSync(file).size + fs.statSync(`${file}-wal`).size;
    prune(db, TB, false);
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(db.prepare('SELECT id FROM sessions').all()).toEqual([{ id: 'sess-b' }]);
    expect(count(db, 'tools')).toBe(1);
    expect(count(db, 'messages')).toBe(1);
    expect(count(db, 'compaction_events')).toBe(2);
    expect(count(db, 'hook_events') + count(db, 'turns')).toBe(0);
    expect(db.prepare('SELECT id FROM permission_events').all()).toEqual([{ id: 'p-b' }]);
    expect(
      (db.prepare("SELECT count(*) AS n FROM messages WHERE session_id <> 'sess-b'").get() as { n: number }).n,
    ).toBe(0);
    db.close();
    expect(fs.statSync(file).size).toBeLessThan(before / 2);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
