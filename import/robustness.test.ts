// Imports that are killed, run four at once beside hook calls, or fed hostile lines: nothing lost, nothing doubled.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleClaudeHook } from '../agents/claude/hook.js';
import { type Db, DbError, openDb } from '../schema/open-db.js';
import { dumpTables } from '../schema/table-dump.js';
import { prng } from '../bench/corpus.js';
import { runImport } from './run.js';
import { spawnEnv } from '../test/hermetic-env.js';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist/bin/agentlog.js');
const SAMPLES = path.resolve(ROOT, 'fixtures/samples/claude');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-robust-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Every data table except the moments rows were written, which differ between runs by nature. */
function contents(file: string) {
  const db = openDb(file);
  const d = dumpTables(db);
  db.close();
  return d;
}

let clean: ReturnType<typeof contents>;
beforeAll(() => {
  const file = path.join(work, 'clean.db');
  const r = spawnSync(process.execPath, [CLI, 'import', '--quiet', '--db', file, SAMPLES], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  clean = contents(file);
});

// Generous timeouts: these tests wait for process exits, never for a time, on slow shared machines.
describe('an import killed at random moments', { timeout: 15 * 60_000 }, () => {
  it('leaves a database that the next import completes to exactly what one clean import gives', async () => {
    const random = prng(20261122);
    let killedMidway = 0;
    for (let trial = 0; trial < 20; trial++) {
      const file = path.join(work, `killed-${trial}.db`);
      const child = spawn(process.execPath, [CLI, 'import', '--quiet', '--db', file, SAMPLES], { stdio: 'ignore' });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      await new Promise((r) => setTimeout(r, 150 + Math.floor(random() * 700)));
      if (child.exitCode === null && child.kill('SIGKILL')) killedMidway++;
      await exited;
      const again = spawnSync(process.execPath, [CLI, 'import', '--quiet', '--db', file, SAMPLES], {
        encoding: 'utf8',
      });
      expect(again.status, `trial ${trial}`).toBe(0);
      expect(contents(file), `trial ${trial}`).toEqual(clean);
    }
    expect(killedMidway).toBeGreaterThanOrEqual(15);
  });
});

describe('four imports at once, with hook calls arriving meanwhile', { timeout: 10 * 60_000 }, () => {
  it('all succeed, and the database equals one import plus the hooks’ rows', async () => {
    const home = path.join(work, 'home');
    const file = path.join(home, 'data', 'agentlog', 'agentlog.db');
    const env = spawnEnv({ HOME: home, XDG_DATA_HOME: path.join(home, 'data') });
    const runs = Array.from({ length: 4 }, () => {
      const child = spawn(process.execPath, [CLI, 'import', '--quiet', SAMPLES], {
        env,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      return new Promise<{ code: number | null; stderr: string }>((resolve) =>
        child.on('exit', (code) => resolve({ code, stderr })),
      );
    });
    // How long a hook waits is a figure for `npm run bench` (bench/hooks.ts), not an assert here: the
    // outcome that matters is that every hook's row lands, directly or through the spool.
    for (let i = 0; i < 10; i++) {
      await new Promise((r) => setTimeout(r, 40));
      handleClaudeHook(
        JSON.stringify({ hook_event_name: 'SessionStart', session_id: `live-${i}`, cwd: '/work/x', source: 'startup' }),
        { env },
      );
    }
    for (const r of await Promise.all(runs)) expect(r).toEqual({ code: 0, stderr: '' });
    // A hook that found the database busy handed its row over; the next import applies it.
    expect(spawnSync(process.execPath, [CLI, 'import', '--quiet', SAMPLES], { env }).status).toBe(0);
    const got = contents(file);
    const live = (got.sessions as { id: string }[]).filter((s) => s.id.startsWith('live-'));
    expect(live.map((s) => s.id).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `live-${i}`));
    got.sessions = (got.sessions as { id: string }[]).filter((s) => !s.id.startsWith('live-'));
    expect(got).toEqual(clean);
  });
});

describe('hostile input', () => {
  const lines = fs
    .readFileSync(path.join(SAMPLES, 'spotter/transcripts/ae4a77f8-aedd-4bc1-888f-c94edc91af04.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .slice(0, 400);

  /** Each real line, mutated one way or another: cut, retyped fields, huge or deep values. */
  function mutations(): Buffer[] {
    const r = prng(7);
    const out: Buffer[] = [];
    const retype = [0, 'x'.repeat(100), [], {}, null, true, -1.5e308, [[[[]]]], { nested: { deep: 1 } }];
    for (const [i, line] of lines.entries()) {
      const e = JSON.parse(line);
      switch (i % 8) {
        case 0:
          out.push(Buffer.from(line.slice(0, Math.floor(r() * line.length))));
          break;
        case 1:
        case 2: {
          const keys = Object.keys(e);
          const k = keys[Math.floor(r() * keys.length)]!;
          e[k] = retype[Math.floor(r() * retype.length)];
          if (e.message && typeof e.message === 'object') {
            const mk = Object.keys(e.message);
            e.message[mk[Math.floor(r() * mk.length)]!] = retype[Math.floor(r() * retype.length)];
          }
          out.push(Buffer.from(JSON.stringify(e)));
          break;
        }
        case 3:
          if (e.message) e.message.content = [{ type: 'text', text: 'é'.repeat(300_000) }];
          out.push(Buffer.from(JSON.stringify(e)));
          break;
        case 4:
          out.push(Buffer.from(`{"type":"user","message":${'['.repeat(5000)}${']'.repeat(5000)}}`));
          break;
        case 5: {
          const b = Buffer.from(line);
          b[Math.floor(r() * b.length)] = 0xff; // invalid UTF-8
          b[Math.floor(r() * b.length)] = 0x00; // a NUL byte
          out.push(b);
          break;
        }
        default:
          out.push(Buffer.from(line));
      }
    }
    return out;
  }

  it('never crashes the importer, imports every valid line and reports each bad one with its line', async () => {
    const file = path.join(work, 'hostile', 'fuzz.jsonl');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const bufs = mutations();
    bufs.push(
      Buffer.from(
        JSON.stringify({
          type: 'user',
          uuid: 'big',
          sessionId: 's',
          message: { role: 'user', content: 'y'.repeat(50 * 1024 * 1024) },
        }),
      ),
    );
    fs.writeFileSync(file, Buffer.concat(bufs.flatMap((b) => [b, Buffer.from('\n')])));
    const expectedBad = bufs
      .map((b, i) => {
        try {
          const v = JSON.parse(b.toString('utf8'));
          return typeof v === 'object' && v !== null && !Array.isArray(v) ? -1 : i + 1;
        } catch {
          return i + 1;
        }
      })
      .filter((n) => n > 0);
    const db: Db = openDb(path.join(work, 'fuzz.db'));
    const s = await runImport(db, { paths: [file], maxProblems: 10_000 });
    expect(s.failed).toEqual([]);
    expect(s.problems.filter((p) => p.reason.startsWith('not')).map((p) => p.line)).toEqual(expectedBad);
    expect(
      (db.prepare("SELECT length(text_content) AS n FROM messages WHERE id = 'big'").get() as { n: number }).n,
    ).toBe(50 * 1024 * 1024);
    db.close();
  });

  it('never breaks the hook: every mutation of a real payload exits quietly', () => {
    const env = { HOME: path.join(work, 'hookhome'), XDG_DATA_HOME: path.join(work, 'hookhome', 'data') };
    const payload = fs.readFileSync(path.join(ROOT, 'fixtures/claude-hooks/payloads.jsonl'), 'utf8').split('\n')[0]!;
    const r = prng(3);
    for (let i = 0; i < 300; i++) {
      const cut = payload.slice(0, Math.floor(r() * payload.length));
      const retyped = payload.replace(/"[^"]*"(?=[,}])/, JSON.stringify([1, { x: null }]));
      for (const input of [
        cut,
        retyped,
        '\u0000'.repeat(i),
        '{"hook_event_name":"SessionStart","session_id":' + '['.repeat(i * 10),
      ]) {
        expect(() => handleClaudeHook(input, { env })).not.toThrow();
      }
    }
  });
});

describe('a full disk', () => {
  // A 3 MB file system (a new database's migrations write 1.6 MB of WAL with 8 KB pages; spotter's import
  // fills the rest after its first files): mounting needs root, so the test is skipped where that is not allowed.
  const mnt = path.join(work, 'tiny');
  let mounted = false;
  beforeAll(() => {
    fs.mkdirSync(mnt, { recursive: true });
    mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=3000k', 'tmpfs', mnt]).status === 0;
  });
  afterAll(() => {
    if (mounted) spawnSync('umount', [mnt]);
  });

  it('stops with an error naming the database, exits non-zero, and leaves only whole files', (ctx) => {
    if (!mounted) ctx.skip();
    const db = path.join(mnt, 'agentlog.db');
    const spotter = path.join(SAMPLES, 'spotter');
    const r = spawnSync(process.execPath, [CLI, 'import', '--db', db, spotter], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`cannot write to the database ${db}: database or disk is full`);
    expect(r.stderr).not.toContain('    at '); // a message, not a stack trace
    // What is there is what a clean import of the same files gives: nothing half-written.
    const partial = openDb(db, { readonly: true });
    const files = (partial.prepare('SELECT path FROM import_state ORDER BY path').all() as { path: string }[]).map(
      (x) => x.path,
    );
    const tools = (partial.prepare('SELECT count(*) AS n FROM tools').get() as { n: number }).n;
    partial.close();
    const whole = openDb(':memory:');
    return runImport(whole, { paths: files }).then(() => {
      expect((whole.prepare('SELECT count(*) AS n FROM tools').get() as { n: number }).n).toBe(tools);
      whole.close();
    });
  });
});

describe('a database that fills up', () => {
  // SQLite's max_page_count fails a write with SQLITE_FULL as a full disk does, at a page count the
  // test chooses: wherever it falls (a file's transaction, or the report indexes built at the end of
  // a first import), the run stops with a message naming the database, and nothing is lost.
  it('stops with one message at whatever point the database fills, and a later import completes it', async () => {
    const spotter = path.join(SAMPLES, 'spotter');
    const dir = fs.mkdtempSync(path.join(work, 'fills-'));
    const clean = openDb(path.join(dir, 'clean.db'));
    const start = clean.pragma('page_count', { simple: true }) as number;
    await runImport(clean, { paths: [spotter] });
    const full = clean.pragma('page_count', { simple: true }) as number;
    const tools = clean.prepare('SELECT count(*) FROM tools').pluck().get();
    clean.close();
    const step = Math.ceil((full - start) / 12);
    const limits = [...Array.from({ length: 12 }, (_, i) => start + 1 + i * step).filter((n) => n < full), full - 1];
    const stages = new Set<string>();
    for (const limit of limits) {
      const file = path.join(dir, `${limit}.db`);
      const db = openDb(file);
      db.pragma(`max_page_count = ${limit}`);
      const err = await runImport(db, { paths: [spotter] }).then(
        () => undefined,
        (e: unknown) => e,
      );
      db.close();
      expect(err, `limit ${limit}`).toBeInstanceOf(DbError);
      const message = (err as Error).message;
      expect(message).toContain(`cannot write to the database ${file}: database or disk is full`);
      stages.add(message.includes('while building its report indexes') ? 'indexes' : 'file');
      // The next import, with room, completes what the first left: its indexes and every file.
      const again = openDb(file);
      await runImport(again, { paths: [spotter] });
      expect(again.prepare('SELECT count(*) FROM tools').pluck().get()).toBe(tools);
      expect(again.prepare('SELECT count(*) FROM deferred_indexes').pluck().get()).toBe(0);
      again.close();
    }
    expect([...stages].sort()).toEqual(['file', 'indexes']);
  });
});

describe('a read-only database directory', () => {
  const mnt = path.join(work, 'ro');
  let mounted = false;
  beforeAll(() => {
    fs.mkdirSync(mnt, { recursive: true });
    mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=20m', 'tmpfs', mnt]).status === 0;
  });
  afterAll(() => {
    if (mounted) spawnSync('umount', [mnt]);
  });

  it('gives a clear error naming the path and a non-zero exit, and changes nothing', (ctx) => {
    if (!mounted) ctx.skip();
    const db = path.join(mnt, 'agentlog.db');
    const first = path.join(SAMPLES, 'claude-code-log/real_projects/-Users-dain-workspace-JSSoundRecorder');
    expect(spawnSync(process.execPath, [CLI, 'import', '--quiet', '--db', db, first]).status).toBe(0);
    const before = fs.readFileSync(db);
    expect(spawnSync('mount', ['-o', 'remount,ro', mnt]).status).toBe(0);
    const r = spawnSync(process.execPath, [CLI, 'import', '--db', db, SAMPLES], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`cannot use database ${db}:`);
    expect(r.stderr).toContain('check that its directory is writable');
    expect(r.stderr).not.toContain('    at ');
    expect(fs.readFileSync(db).equals(before)).toBe(true);
  });
});
