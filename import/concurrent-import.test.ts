// Imports beside each other: schema set-up by many processes at once, and a file whose write lock does not come in time.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrations } from '../schema/migrations.js';
import { openDb } from '../schema/open-db.js';
import { spawnEnv } from '../test/hermetic-env.js';
import { runImport } from './run.js';
import { summaryText } from './summary-text.js';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist/bin/agentlog.js');
const SPOTTER = path.join(ROOT, 'fixtures/samples/claude/spotter/transcripts');
const FILE = path.join(SPOTTER, 'short.jsonl');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-concurrent-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function agentlog(args: string[]): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { env: spawnEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

// 25 processes on a shared, loaded machine: a generous timeout; the test waits for their exits only.
describe('eight imports started at once on a database that does not exist yet', { timeout: 10 * 60_000 }, () => {
  it('all succeed, set the schema up once, and hold the rows of one import', async () => {
    const one = path.join(work, 'one.db');
    expect((await agentlog(['import', '--quiet', '--db', one, SPOTTER])).code).toBe(0);
    const tables = (file: string) => {
      const db = new Database(file, { readonly: true });
      const out = {
        steps: db.prepare('SELECT name FROM schema_migrations ORDER BY name').all(),
        tools: db.prepare('SELECT id, success FROM tools ORDER BY id').all(),
        messages: (db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n,
      };
      db.close();
      return out;
    };
    for (let round = 0; round < 3; round++) {
      const file = path.join(work, `race-${round}.db`);
      const runs = await Promise.all(
        Array.from({ length: 8 }, () => agentlog(['import', '--quiet', '--db', file, SPOTTER])),
      );
      for (const r of runs) expect(r, `round ${round}`).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(tables(file)).toEqual(tables(one));
      expect(tables(file).steps.map((s: any) => s.name)).toEqual(migrations.map((m) => m.name));
    }
  });
});

describe('a file whose write lock does not come in time', () => {
  it('is left for the next import and said so, not failed; the next import takes it', async () => {
    const file = path.join(work, 'busy.db');
    openDb(file).close();
    const holder = new Database(file);
    holder.exec('BEGIN IMMEDIATE'); // another process in the middle of a long file
    const db = openDb(file, { busyTimeoutMs: 20 });
    try {
      const s = await runImport(db, { paths: [FILE] });
      expect(s.failed).toEqual([]);
      expect(s.busy).toEqual([FILE]);
      expect(s.imported).toBe(0);
      const text = summaryText(s, file, ROOT);
      expect(text).toContain('0 imported, 0 unchanged, 1 left for later.');
      expect(text).toContain(
        'Left for the next import: 1 file, because another agentlog process kept the database busy:',
      );
      expect(text).toContain('  fixtures/samples/claude/spotter/transcripts/short.jsonl');
      expect(text).not.toContain('Failed');

      holder.exec('ROLLBACK');
      const next = await runImport(db, { paths: [FILE] });
      expect(next).toMatchObject({ busy: [], failed: [], imported: 1 });
      expect((db.prepare('SELECT count(*) AS n FROM import_state WHERE path = ?').get(FILE) as { n: number }).n).toBe(
        1,
      );
    } finally {
      if (holder.inTransaction) holder.exec('ROLLBACK');
      holder.close();
      db.close();
    }
  });
});
