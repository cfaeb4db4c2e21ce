// Parsing threads: an import through them stores exactly what an import without them stores.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { claudeImporter } from '../agents/claude/index.js';
import type { LineImporter, LineProblem } from '../agents/contract.js';
import { type Db, openDb } from '../schema/open-db.js';
import type { Source } from '../schema/records.js';
import { dumpTables } from '../schema/table-dump.js';
import { Writer } from '../schema/writer.js';
import { importFile } from './import-file.js';
import { readAhead, threadCount } from './parse-pool.js';
import { type RunSummary, runImport } from './run.js';

const ROOT = path.resolve(__dirname, '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-parse-pool-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
let dbs = 0;
const newDb = () => openDb(path.join(work, `db-${++dbs}.db`));

/** Every table, rows in key or insertion order; import times zeroed (they differ by when, not what). */
function everything(db: Db): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = dumpTables(db);
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'")
    .all() as { name: string }[];
  for (const { name } of tables) {
    // push_epoch holds each database's own random id.
    if (name in out || name.startsWith('search_fts') || name === 'schema_migrations' || name === 'push_epoch') continue;
    // Sorted as text: the roll-up tables have no rowid.
    out[name] = (db.prepare(`SELECT * FROM ${name}`).all() as Record<string, unknown>[])
      .map((r) => ('imported_at' in r ? { ...r, imported_at: 0 } : r))
      .map((r) => [JSON.stringify(r), r] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, r]) => r);
  }
  return out;
}

const sameRun = (s: RunSummary) => ({ ...s, durationMs: 0 });

/** Imports `paths` into two new databases, with and without threads, and returns both. */
async function both(paths: string[], sources?: Source[], redact?: boolean) {
  const [threaded, plain] = [newDb(), newDb()];
  const opts = { paths, sources, env: {}, maxProblems: 100_000, redact };
  const a = await runImport(threaded, { ...opts, threads: 2 });
  const b = await runImport(plain, { ...opts, threads: 0 });
  return { threaded, plain, a, b };
}

const FIXTURES: [Source, string[]][] = [
  ['claude-code', [path.join(ROOT, 'fixtures/demo/claude/projects'), path.join(ROOT, 'fixtures/samples/claude')]],
  ['codex', [path.join(ROOT, 'fixtures/samples/codex')]],
  [
    'opencode',
    [
      path.join(ROOT, 'fixtures/samples/opencode/opencode-1.18.33-sqlite/opencode.db'),
      path.join(ROOT, 'fixtures/samples/opencode/opencode-1.1.65-json-storage/storage'),
    ],
  ],
  ['gemini', [path.join(ROOT, 'fixtures/samples/gemini')]],
];

describe('an import through parsing threads', () => {
  it.each(FIXTURES)(
    'of the %s fixtures stores every row, state and summary as one without them',
    async (source, paths) => {
      const { threaded, plain, a, b } = await both(paths, [source]);
      expect(a.imported).toBeGreaterThan(0);
      expect(sameRun(a)).toEqual(sameRun(b));
      expect(everything(threaded)).toEqual(everything(plain));
      threaded.close();
      plain.close();
    },
  );

  it('with redaction off (the threads redact and cut the text) does too', async () => {
    const { threaded, plain, a, b } = await both([path.join(ROOT, 'fixtures/samples/claude')], ['claude-code'], false);
    expect(sameRun(a)).toEqual(sameRun(b));
    expect(everything(threaded)).toEqual(everything(plain));
    threaded.close();
    plain.close();
  });

  it('of files read in two parts (a half, then the rest appended) does too', async () => {
    const dir = path.join(work, 'halves');
    const files = fs
      .readdirSync(path.join(ROOT, 'fixtures/samples/claude'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.jsonl'));
    const whole = new Map<string, string[]>();
    for (const f of files) {
      const lines = fs.readFileSync(path.join(ROOT, 'fixtures/samples/claude', f), 'utf8').split('\n');
      const to = path.join(dir, f);
      whole.set(to, lines);
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.writeFileSync(to, lines.slice(0, Math.ceil(lines.length / 2)).join('\n') + '\n');
    }
    const [threaded, plain] = [newDb(), newDb()];
    const opts = { paths: [dir], sources: ['claude-code' as Source], env: {}, maxProblems: 100_000 };
    await runImport(threaded, { ...opts, threads: 2 });
    await runImport(plain, { ...opts, threads: 0 });
    for (const [to, lines] of whole) fs.appendFileSync(to, lines.slice(Math.ceil(lines.length / 2)).join('\n'));
    const a = await runImport(threaded, { ...opts, threads: 2 });
    const b = await runImport(plain, { ...opts, threads: 0 });
    expect(a.imported).toBeGreaterThan(0);
    expect(sameRun(a)).toEqual(sameRun(b));
    expect(everything(threaded)).toEqual(everything(plain));
    threaded.close();
    plain.close();
  });
});

// ~16 MB, 40,000 lines: many batches, so it streams and waits for the writer; bad lines and invalid
// entries throughout, whose reports must keep their order among the records.
const big = path.join(work, 'big', 'p', 'big.jsonl');
function writeBig(): void {
  fs.mkdirSync(path.dirname(big), { recursive: true });
  const out: string[] = [];
  const at = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 1000).toISOString();
  for (let n = 0; n < 20_000; n++) {
    out.push(
      JSON.stringify({
        type: 'assistant',
        uuid: `a${n}`,
        sessionId: `s${n % 7}`,
        timestamp: at(n),
        message: {
          id: `m${n}`,
          model: 'claude-sonnet-4',
          content: [
            { type: 'text', text: `step ${n}` },
            { type: 'tool_use', id: `t${n}`, name: 'Bash', input: { command: `ls ${n}` } },
          ],
          usage: { input_tokens: n % 100, output_tokens: 3 },
        },
      }),
      JSON.stringify({
        type: 'user',
        uuid: `r${n}`,
        sessionId: `s${n % 7}`,
        timestamp: at(n),
        message: {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: `t${n}`, content: `out ${n} ${'x'.repeat(n % 600)}` }],
        },
      }),
    );
    if (n % 997 === 0) out.push('{"type": "assistant", "uuid": ', '[1, 2]', '{"no": "type"}');
  }
  fs.writeFileSync(big, out.join('\n') + '\n');
}

describe('a large file through parsing threads', () => {
  it('streams in batches and stores what an import without threads stores, bad lines reported in order', async () => {
    writeBig();
    expect(fs.statSync(big).size).toBeGreaterThan(10 << 20);
    const { threaded, plain, a, b } = await both([path.join(work, 'big'), path.join(ROOT, 'fixtures/demo/claude')]);
    expect(a.problems.length).toBe(3 * 21);
    expect(sameRun(a)).toEqual(sameRun(b));
    expect(everything(threaded)).toEqual(everything(plain));
    threaded.close();
    plain.close();
  });

  it('a file whose state changed after it was read ahead is read again in its transaction', async () => {
    const dir = path.join(work, 'raced');
    fs.cpSync(path.join(ROOT, 'fixtures/demo/claude/projects'), dir, { recursive: true });
    const files = await claudeImporter.discover([dir]);
    const db = newDb();
    const writer = new Writer(db);
    const { pool } = await readAhead(writer, [{ importer: claudeImporter, files }], 1, true, true);
    // Another import takes the first file meanwhile, then the file grows.
    const other = openDb(db.name);
    await runImport(other, { paths: [files[0]!], threads: 0 });
    other.close();
    const grown = fs.readFileSync(files[0]!, 'utf8').split('\n').filter(Boolean);
    fs.appendFileSync(files[0]!, `${grown.at(-1)!.replace(/"uuid":"[^"]+"/, '"uuid":"appended-line"')}\n`);
    const problems: LineProblem[] = [];
    const outcomes = [];
    for (const f of files)
      outcomes.push(
        await importFile(writer, claudeImporter as LineImporter<unknown>, f, (p) => problems.push(p), pool!.take(f)),
      );
    await pool!.close();
    expect(outcomes[0]!.status).toBe('appended');
    expect(outcomes[0]!.linesRead).toBe(1);
    expect(outcomes.slice(1).every((o) => o.status === 'new')).toBe(true);
    const plain = newDb();
    await runImport(plain, { paths: [dir], threads: 0 });
    expect(everything(db)).toEqual(everything(plain));
    db.close();
    plain.close();
  });

  it('a read that fails in a thread fails its file with the message of a read in the main thread; the run goes on', async () => {
    writeBig();
    const gone = path.join(work, 'big', 'p', 'gone.jsonl');
    fs.writeFileSync(gone, fs.readFileSync(path.join(ROOT, 'fixtures/samples/claude/spotter/transcripts/short.jsonl')));
    const files = [big, gone];
    const outcome = async (threads: number) => {
      const db = newDb();
      const writer = new Writer(db);
      // The thread is held by the large file's batches until the main thread writes them, so the
      // second file is still unread when it becomes a folder.
      const { pool } = await readAhead(writer, [{ importer: claudeImporter, files }], threads, true, true);
      fs.rmSync(gone);
      fs.mkdirSync(gone);
      const errors: string[] = [];
      for (const f of files) {
        try {
          await importFile(writer, claudeImporter as LineImporter<unknown>, f, () => {}, pool?.take(f));
        } catch (err) {
          errors.push((err as Error).message);
        }
      }
      await pool?.close();
      fs.rmdirSync(gone);
      fs.writeFileSync(gone, '');
      const rows = (db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;
      db.close();
      return { errors, rows };
    };
    const threaded = await outcome(1);
    expect(threaded.errors).toEqual([expect.stringMatching(/EISDIR/)]);
    expect(threaded).toEqual(await outcome(0));
  });

  it('a file whose write fails halfway lets its thread go on with the next files', async () => {
    writeBig();
    const next = path.join(work, 'big', 'p', 'next.jsonl');
    fs.copyFileSync(path.join(ROOT, 'fixtures/samples/claude/spotter/transcripts/short.jsonl'), next);
    const db = newDb();
    // The thread sends records as parameters, so the write fails in the database, at a row halfway.
    db.exec(`CREATE TEMP TRIGGER fail_halfway AFTER INSERT ON main.messages WHEN NEW.rowid = 5000
      BEGIN SELECT RAISE(ABORT, 'the writer failed'); END`);
    const writer = new Writer(db);
    const files = [big, next];
    // One thread for both: the large file's unwritten batches hold it until they are let go.
    const { pool } = await readAhead(writer, [{ importer: claudeImporter, files }], 1, true, true);
    const importer = claudeImporter as LineImporter<unknown>;
    await expect(importFile(writer, importer, big, () => {}, pool!.take(big))).rejects.toThrow('the writer failed');
    expect((await importFile(writer, importer, next, () => {}, pool!.take(next))).status).toBe('new');
    await pool!.close();
    db.close();
  });
});

describe('when threads start', () => {
  it('never for a small run (a hook imports one file), unless asked', async () => {
    const db = newDb();
    const files = await claudeImporter.discover([path.join(ROOT, 'fixtures/demo/claude/projects')]);
    const plan = [{ importer: claudeImporter, files }];
    const small = await readAhead(new Writer(db), plan, 2, false, true);
    expect(small.pool).toBeUndefined();
    const asked = await readAhead(new Writer(db), plan, 2, true, true);
    expect(asked.pool).toBeDefined();
    await asked.pool!.close();
    db.close();
  });

  it('never when nothing changed, even when asked (a re-import starts no Worker)', async () => {
    const db = newDb();
    const files = await claudeImporter.discover([path.join(ROOT, 'fixtures/demo/claude/projects')]);
    await runImport(db, { paths: files, threads: 0 });
    const again = await readAhead(new Writer(db), [{ importer: claudeImporter, files }], 2, true, true);
    expect(again.pool).toBeUndefined();
    expect([...again.unchanged].sort()).toEqual([...files].sort());
    db.close();
  });

  it('over many files (their states read at once) passes over exactly the unchanged ones', async () => {
    const db = newDb();
    const dir = path.join(work, 'many');
    fs.mkdirSync(dir);
    const [one] = await claudeImporter.discover([path.join(ROOT, 'fixtures/demo/claude/projects')]);
    const lines = fs.readFileSync(one!, 'utf8');
    for (let i = 0; i < 70; i++) fs.writeFileSync(path.join(dir, `f${i}.jsonl`), lines);
    const files = await claudeImporter.discover([dir]);
    await runImport(db, { paths: files, threads: 0 });
    const grown = files.filter((_, i) => i % 20 === 3);
    for (const f of grown) fs.appendFileSync(f, lines.split('\n')[0] + '\n');
    const again = await readAhead(new Writer(db), [{ importer: claudeImporter, files }], 1, true, true);
    expect([...again.unchanged].sort()).toEqual(files.filter((f) => !grown.includes(f)).sort());
    expect(again.pool).toBeDefined();
    await again.pool!.close();
    db.close();
  });

  it('as many as AGENTLOG_IMPORT_THREADS says (0: none), else one per free core, at most 3', () => {
    expect(threadCount({ AGENTLOG_IMPORT_THREADS: '0' })).toBe(0);
    expect(threadCount({ AGENTLOG_IMPORT_THREADS: '2' })).toBe(2);
    expect(threadCount({})).toBe(Math.max(0, Math.min(os.availableParallelism() - 1, 3)));
  });
});
