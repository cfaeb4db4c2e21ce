// agentlog push against a real PostgreSQL: first, no-op and incremental pushes, two machines, a killed push, errors.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../import/run.js';
import { buildWorld } from '../test/world.fixture.js';
import { type Db, openDb } from '../schema/open-db.js';
import { Writer } from '../schema/writer.js';
import { type PgServer, pgSkipReason, startPgServer } from '../test/pg-server.js';
import { connectPg } from './pg-connect.js';
import { pgMigrations, printableSchema } from './pg-schema.js';
import { push, PUSHED_TABLES } from './push.js';

const skip = pgSkipReason();
const ROOT = path.resolve(__dirname, '..');
const DEMO = path.join(ROOT, 'fixtures/demo/claude/projects');
/** Transcripts with hook failures and turns (the demo corpus has neither). */
const CCL = path.join(ROOT, 'fixtures/samples/claude/claude-code-log');
const HOOKS_AND_TURNS = [
  path.join(CCL, 'hook_attachments.jsonl'),
  path.join(CCL, 'real_projects/-experiments-worktrees/ef958aa1-0e93-49f0-bb71-150f63befcd1.jsonl'),
];
const CLI = path.join(ROOT, 'dist/bin/agentlog.js');

let server: PgServer;
let dir: string;
const dbs: Db[] = [];
let dbCount = 0;

function localDb(): { db: Db; file: string } {
  const file = path.join(dir, `local-${++dbCount}.db`);
  const db = openDb(file);
  dbs.push(db);
  return { db, file };
}

async function newTarget(): Promise<{ url: string; client: pg.Client }> {
  const url = await server.createDatabase(`t${++dbCount}`);
  return { url, client: await connectPg(url) };
}

const count = (db: Db, t: string) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
async function remoteCount(client: pg.Client, t: string, machine?: string): Promise<number> {
  const r = await client.query(`SELECT count(*) AS n FROM ${t}${machine ? ' WHERE machine = $1' : ''}`, machine ? [machine] : []);
  return Number(r.rows[0].n);
}

/** A table's rows without the bookkeeping columns, in a stable order, for comparing the two sides. */
function localRows(db: Db, t: string): Record<string, unknown>[] {
  return (db.prepare(`SELECT * FROM ${t} ORDER BY id`).all() as Record<string, unknown>[]).map(
    ({ change_seq: _, ...r }) => r,
  );
}
async function remoteRows(client: pg.Client, t: string, machine: string): Promise<Record<string, unknown>[]> {
  const r = await client.query(`SELECT * FROM ${t} WHERE machine = $1 ORDER BY id COLLATE "C"`, [machine]);
  return r.rows.map(({ machine: _, ...row }) => row);
}

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, HOME: dir, XDG_CONFIG_HOME: path.join(dir, 'config'), XDG_DATA_HOME: path.join(dir, 'data'), AGENTLOG_PUSH_URL: '', ...env },
  });
}

describe.skipIf(!!skip)(`agentlog push${skip ? ` (skipped: ${skip})` : ''}`, () => {
  beforeAll(async () => {
    server = await startPgServer();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-push-'));
    if (!fs.existsSync(CLI)) throw new Error('run `npm run build` first: this test runs dist/bin/agentlog.js');
  });
  afterAll(() => {
    for (const d of dbs) if (d.open) d.close();
    server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('first push copies every row, with its machine; a second push sends nothing', async () => {
    const { db } = localDb();
    buildWorld(db);
    await runImport(db, { paths: [DEMO, ...HOOKS_AND_TURNS] });
    expect(count(db, 'hook_events') * count(db, 'turns')).toBeGreaterThan(0);
    const { url, client } = await newTarget();
    const first = await push(db, client, { url, machine: 'laptop', batchSize: 7 });
    expect(first.migrated).toEqual(pgMigrations.map((m) => m.name));
    for (const t of PUSHED_TABLES) {
      expect(first.rows[t], t).toBe(count(db, t));
      expect(await remoteRows(client, t, 'laptop'), t).toEqual(localRows(db, t));
    }
    expect(first.total).toBeGreaterThan(100);
    const again = await push(db, client, { url, machine: 'laptop' });
    expect(again.total).toBe(0);
    expect(again.migrated).toEqual([]);
    await client.end();
  });

  it('carries permission prompts, and sends a prompt again when its answer comes after a push', async () => {
    const { db } = localDb();
    buildWorld(db);
    const w = new Writer(db);
    const ask = { kind: 'permission_event', id: 'per_1', session_id: 'sess-a', source: 'opencode' } as const;
    w.begin();
    w.write({ ...ask, tool_name: 'bash', subject: 'npm install *', call_id: 'call_1', asked_at: 1000 });
    w.commit(null);
    const { url, client } = await newTarget();
    expect((await push(db, client, { url, machine: 'm' })).rows.permission_events).toBe(1);
    w.begin();
    w.write({ ...ask, decision: 'denied', decided_at: 4000 });
    w.commit(null);
    const second = await push(db, client, { url, machine: 'm' });
    expect(second.total).toBe(1);
    expect(await remoteRows(client, 'permission_events', 'm')).toEqual([
      {
        id: 'per_1',
        source: 'opencode',
        session_id: 'sess-a',
        tool_name: 'bash',
        subject: 'npm install *',
        call_id: 'call_1',
        asked_at: 1000,
        decision: 'denied',
        decided_at: 4000,
      },
    ]);
    expect(await remoteRows(client, 'permission_events', 'm')).toEqual(localRows(db, 'permission_events'));
    await client.end();
  });

  it('an incremental push sends only new and changed rows, and keeps created_at and non-null values', async () => {
    const { db } = localDb();
    buildWorld(db);
    const { url, client } = await newTarget();
    await push(db, client, { url, machine: 'm' });
    const before = Object.fromEntries(PUSHED_TABLES.map((t) => [t, count(db, t)]));
    await runImport(db, { paths: [DEMO] });
    db.prepare("UPDATE sessions SET title = 'renamed' WHERE id = 'sess-a'").run();
    const result = await push(db, client, { url, machine: 'm' });
    const added = PUSHED_TABLES.reduce((n, t) => n + count(db, t) - before[t]!, 0);
    expect(added).toBeGreaterThan(50);
    expect(result.total).toBe(added + 1);
    expect(result.rows.sessions).toBe(count(db, 'sessions') - before.sessions! + 1);
    for (const t of PUSHED_TABLES) expect(await remoteRows(client, t, 'm'), t).toEqual(localRows(db, t));
    // The server keeps the first created_at and never takes a null over a value, as the local writer does.
    await client.query("UPDATE sessions SET created_at = 1, title = 'server title' WHERE id = 'sess-a'");
    db.prepare("UPDATE sessions SET created_at = 2, title = NULL WHERE id = 'sess-a'").run();
    await push(db, client, { url, machine: 'm' });
    const row = (await client.query("SELECT created_at, title FROM sessions WHERE id = 'sess-a'")).rows[0];
    expect(row).toEqual({ created_at: 1, title: 'server title' });
    await client.end();
  });

  it('keeps two machines apart: each machine’s rows once, and one push never touches the other’s', async () => {
    const a = localDb().db;
    buildWorld(a);
    const b = localDb().db;
    await runImport(b, { paths: [DEMO] });
    const { url, client } = await newTarget();
    await push(a, client, { url, machine: 'alice' });
    await push(b, client, { url, machine: 'bob' });
    // The same database under a second name is a second machine, not a merge.
    await push(b, client, { url, machine: 'bob-2' });
    for (const t of PUSHED_TABLES) {
      expect(await remoteCount(client, t, 'alice'), t).toBe(count(a, t));
      expect(await remoteCount(client, t, 'bob'), t).toBe(count(b, t));
      expect(await remoteCount(client, t), t).toBe(count(a, t) + 2 * count(b, t));
    }
    const bobBefore = await remoteRows(client, 'sessions', 'bob');
    a.prepare("UPDATE sessions SET title = 'alice only'").run();
    expect((await push(a, client, { url, machine: 'alice' })).rows.sessions).toBe(count(a, 'sessions'));
    expect(await remoteRows(client, 'sessions', 'bob')).toEqual(bobBefore);
    const titles = await client.query("SELECT DISTINCT machine FROM sessions WHERE title = 'alice only'");
    expect(titles.rows).toEqual([{ machine: 'alice' }]);
    await client.end();
  });

  it('a push killed midway leaves whole batches and the old cursor; the next push completes it', async () => {
    const { db, file } = localDb();
    buildWorld(db);
    const insert = db.prepare(
      `INSERT INTO tools (id, source, call_id, session_id, tool_name, category, tool_output, success, created_at)
       VALUES (?, 'claude-code', ?, 'sess-a', 'Bash', 'shell', ?, 1, ?)`,
    );
    db.transaction(() => {
      for (let i = 0; i < 20_000; i++) insert.run(`bulk-${i}`, `bulk-${i}`, `output ${i}`, 1_700_000_000_000 + i);
    })();
    db.close();
    const { url, client } = await newTarget();
    const child = spawn(
      process.execPath,
      [CLI, 'push', '--db', file, '--to', url, '--machine', 'k', '--batch-size', '50'],
      {
        stdio: 'ignore',
        env: { ...process.env, HOME: dir, XDG_CONFIG_HOME: path.join(dir, 'config') },
      },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_c, sig) => resolve(sig)));
    // Wait until some tool rows have arrived, then kill without warning.
    for (;;) {
      const there = await client.query("SELECT to_regclass('tools') IS NOT NULL AS ok");
      if (there.rows[0].ok && (await remoteCount(client, 'tools')) > 0) break;
      await new Promise((r) => setImmediate(r));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const local = openDb(file);
    dbs.push(local);
    const partial = await remoteCount(client, 'tools');
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(count(local, 'tools'));
    expect(partial % 50).toBe(0); // whole batches only
    expect((await client.query('SELECT count(*) AS n FROM push_cursors')).rows[0].n).toBe(0);
    // Every row that arrived is whole, and the sessions arrived before their tools.
    const arrived = await client.query('SELECT id, tool_output, session_id FROM tools ORDER BY id LIMIT 200');
    for (const r of arrived.rows) {
      const mine = local.prepare('SELECT tool_output, session_id FROM tools WHERE id = ?').get(r.id);
      expect({ tool_output: r.tool_output, session_id: r.session_id }).toEqual(mine);
    }
    expect(await remoteCount(client, 'sessions')).toBe(count(local, 'sessions'));
    const next = await push(local, client, { url, machine: 'k' });
    expect(next.rows.tools).toBe(count(local, 'tools'));
    for (const t of PUSHED_TABLES) expect(await remoteCount(client, t), t).toBe(count(local, t));
    expect((await push(local, client, { url, machine: 'k' })).total).toBe(0);
    await client.end();
  });

  it('server down: one line, exit 1, no password, and the next push sends everything', async () => {
    const { db, file } = localDb();
    buildWorld(db);
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const r = cli(['push', '--db', file, '--to', `postgres://team:s3cret-pw@127.0.0.1:${port}/agentlog`]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/cannot reach PostgreSQL at postgres:\/\/team@127\.0\.0\.1:\d+\/agentlog/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout + r.stderr).not.toContain('s3cret-pw');
    const { url, client } = await newTarget();
    const ok = cli(['push', '--db', file], { AGENTLOG_PUSH_URL: url });
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^pushed \d+ rows as /m);
    expect(ok.stdout + ok.stderr).not.toContain(server.password);
    expect(await remoteCount(client, 'tools')).toBe(count(db, 'tools'));
    const noop = cli(['push', '--db', file], { AGENTLOG_PUSH_URL: url });
    expect(noop.stdout).toMatch(/^nothing new to push/);
    await client.end();
  });

  it('a wrong password: exit 2, and neither password in the output', () => {
    const { db, file } = localDb();
    buildWorld(db);
    const url = server.url().replace(encodeURIComponent(server.password), 'not-the-pw');
    const r = cli(['push', '--db', file, '--to', url]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/refused the login/);
    expect(r.stdout + r.stderr).not.toContain('not-the-pw');
    expect(r.stdout + r.stderr).not.toContain(server.password);
  });

  it('a member without DDL rights pushes into tables an administrator created with --print-schema', async () => {
    const { db } = localDb();
    buildWorld(db);
    const { url, client: admin } = await newTarget();
    await admin.query("CREATE ROLE member LOGIN PASSWORD 'member-pw'");
    const memberUrl = url.replace(/\/\/postgres:[^@]+@/, '//member:member-pw@');
    const member = await connectPg(memberUrl);
    await expect(push(db, member, { url: memberUrl, machine: 'x' })).rejects.toThrow(/--print-schema/);
    const printed = cli(['push', '--print-schema']);
    expect(printed.status).toBe(0);
    await admin.query(printed.stdout);
    await admin.query('GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO member');
    const result = await push(db, member, { url: memberUrl, machine: 'x' });
    expect(result.migrated).toEqual([]);
    expect(await remoteCount(admin, 'tools', 'x')).toBe(count(db, 'tools'));
    expect(printableSchema()).toContain('CREATE TABLE push_cursors');
    await member.end();
    await admin.end();
  });

  it('report, digest and sql run on the team database from the command line', async () => {
    const a = localDb();
    buildWorld(a.db);
    const b = localDb();
    await runImport(b.db, { paths: [DEMO] });
    const { url, client } = await newTarget();
    expect(cli(['push', '--db', a.file, '--to', url, '--machine', 'alice']).status).toBe(0);
    expect(cli(['push', '--db', b.file, '--to', url, '--machine', 'bob']).status).toBe(0);
    const byMachine = cli(['report', 'usage', '--by', 'machine', '--db', url, '--format', 'json', '--tz', 'UTC']);
    expect(byMachine.status, byMachine.stderr).toBe(0);
    const rows = JSON.parse(byMachine.stdout) as { machine: string; total_tokens: number }[];
    const tokens = (db: Db) => (db.prepare('SELECT sum(tokens) AS n FROM messages').get() as { n: number }).n;
    expect(Object.fromEntries(rows.map((r) => [r.machine, r.total_tokens]))).toEqual({
      alice: tokens(a.db),
      bob: tokens(b.db),
    });
    const onlyBob = cli(['report', 'tool-errors', '--db', url, '--machine', 'bob', '--format', 'json']);
    const local = cli(['report', 'tool-errors', '--db', b.file, '--format', 'json']);
    expect(onlyBob.status, onlyBob.stderr).toBe(0);
    expect(JSON.parse(onlyBob.stdout)).toEqual(JSON.parse(local.stdout));
    const digest = cli(['digest', '--db', url, '--since', '2020-01-01', '--format', 'json', '--tz', 'UTC']);
    expect(digest.status, digest.stderr).toBe(0);
    expect(JSON.parse(digest.stdout).totals.tool_calls).toBe(count(a.db, 'tools') + count(b.db, 'tools'));
    const write = cli(['sql', '--db', url, 'DELETE FROM tools']);
    expect(write.status).toBe(2);
    expect(write.stderr).toMatch(/read-only/);
    expect(write.stderr).not.toContain(server.password);
    expect(await remoteCount(client, 'tools')).toBe(count(a.db, 'tools') + count(b.db, 'tools'));
    const read = cli([
      'sql',
      '--db',
      url,
      '--format',
      'json',
      'SELECT machine, count(*) AS n FROM sessions GROUP BY 1 ORDER BY 1',
    ]);
    expect(JSON.parse(read.stdout)).toEqual([
      { machine: 'alice', n: count(a.db, 'sessions') },
      { machine: 'bob', n: count(b.db, 'sessions') },
    ]);
    expect(cli(['report', 'usage', '--db', b.file, '--machine', 'bob']).status).toBe(2);
    await client.end();
  });

  it('import --push imports, then pushes', async () => {
    const { url, client } = await newTarget();
    const file = path.join(dir, 'import-push.db');
    const r = cli(['import', '--db', file, '--push', '--quiet', DEMO], { AGENTLOG_PUSH_URL: url });
    expect(r.status, r.stderr).toBe(0);
    const local = openDb(file);
    dbs.push(local);
    expect(await remoteCount(client, 'messages')).toBe(count(local, 'messages'));
    await client.end();
  });
});
