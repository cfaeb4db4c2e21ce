// The OpenCode importer on the real 1.18.33 database and 1.1.65 storage tree of the samples.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentlogPlugin } from './plugin/agentlog-plugin.js';
import { recordedEvents, TOOLS_OF_THE_1_18_33_RUN } from '../../test/opencode-recorded-events.fixture.js';
import { type Db, openDb } from '../../schema/open-db.js';
import { dumpTables } from '../../schema/table-dump.js';
import { runImport } from '../../import/run.js';

const SAMPLES = path.resolve(__dirname, '../../fixtures/samples/opencode');
const DB_118 = path.join(SAMPLES, 'opencode-1.18.33-sqlite/opencode.db');
const TREE_165 = path.join(SAMPLES, 'opencode-1.1.65-json-storage/storage');

const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-oc-'));
  cleanup.push(() => fs.rmSync(d, { recursive: true, force: true }));
  return d;
}
function db(): Db {
  const d = openDb(':memory:');
  cleanup.unshift(() => d.close());
  return d;
}
const all = (d: Db, sql: string, ...a: unknown[]) => d.prepare(sql).all(...a) as Record<string, unknown>[];
const one = (d: Db, sql: string, ...a: unknown[]) => d.prepare(sql).get(...a) as Record<string, number>;
const copyDb = (to: string) => {
  const file = path.join(to, 'opencode.db');
  fs.copyFileSync(DB_118, file);
  return file;
};

describe('the 1.18.33 database', () => {
  it('gives 8 sessions, the child linked to its parent, and the costs OpenCode stored', async () => {
    const d = db();
    const s = await runImport(d, { paths: [DB_118] });
    expect(s).toMatchObject({ files: 1, imported: 1, failed: [], badLines: 0, invalidEntries: 0 });
    expect(one(d, "SELECT count(*) AS n FROM sessions WHERE source = 'opencode'").n).toBe(8);
    expect(
      d
        .prepare('SELECT parent_session_id, agent_type, title FROM sessions WHERE id = ?')
        .get('ses_dffe7e494ffeb6K3QLE9dn2Dt8'),
    ).toEqual({
      parent_session_id: 'ses_dffe7ebc0ffefwHd9VwqRzN3fM',
      agent_type: 'general',
      title: 'Inspect repo (@general subagent)',
    });
    // Each session's cost is the sum of the costs OpenCode stored on its messages: the session table agrees.
    const oc = new Database(DB_118, { readonly: true });
    const stored = oc
      .prepare('SELECT id, cost, tokens_input, tokens_output, tokens_reasoning, tokens_cache_read FROM session')
      .all() as Record<string, number | string>[];
    oc.close();
    for (const r of stored) {
      const ours = d
        .prepare('SELECT cost, prompt_tokens, completion_tokens, cache_read_tokens FROM sessions WHERE id = ?')
        .get(r.id) as Record<string, number>;
      expect(ours.cost ?? 0, String(r.id)).toBeCloseTo(r.cost as number, 9);
      expect([ours.prompt_tokens, ours.completion_tokens, ours.cache_read_tokens], String(r.id)).toEqual([
        r.tokens_input,
        (r.tokens_output as number) + (r.tokens_reasoning as number),
        r.tokens_cache_read,
      ]);
    }
  });

  it('gives the tool calls with the failed read, the file edits, the compaction and the 401', async () => {
    const d = db();
    await runImport(d, { paths: [DB_118] });
    expect(all(d, 'SELECT tool_name, success, count(*) AS n FROM tools GROUP BY 1, 2 ORDER BY 1, 2')).toEqual(
      TOOLS_OF_THE_1_18_33_RUN,
    );
    expect(
      all(
        d,
        "SELECT file_path, operation_type FROM file_operations WHERE operation_type <> 'read' ORDER BY operation_type",
      ),
    ).toEqual([
      { file_path: '/tmp/ocproj/hello.txt', operation_type: 'created' },
      { file_path: '/tmp/ocproj/hello.txt', operation_type: 'edited' },
    ]);
    expect(all(d, 'SELECT session_id, kind, trigger, tokens_before, tokens_after FROM compaction_events')).toEqual([
      {
        session_id: 'ses_dffe81ce9ffee7hujz9dh9CDmI',
        kind: 'compact',
        trigger: 'manual',
        tokens_before: 2210,
        tokens_after: 64,
      },
    ]);
    expect(all(d, 'SELECT session_id, error_type, status_code, error_message FROM session_errors')).toEqual([
      {
        session_id: 'ses_dffe7cc4fffeeyDZb38uCc3U2Z',
        error_type: 'APIError',
        status_code: 401,
        error_message: 'Incorrect API key provided: sk-mock (mock)',
      },
    ]);
    expect(
      one(d, "SELECT count(*) AS n FROM messages WHERE role = 'assistant' AND text_content IS NOT NULL").n,
    ).toBeGreaterThan(5);
  });

  it('is not read again unchanged, and a change re-reads only the sessions changed since', async () => {
    const dir = tmp();
    const file = copyDb(dir);
    const d = db();
    await runImport(d, { paths: [file] });
    expect((await runImport(d, { paths: [file] })).unchanged).toBe(1);
    const w = new Database(file);
    w.prepare(
      "UPDATE session SET title = 'Renamed', time_updated = time_updated + 100000 WHERE id = 'ses_dffe7dac6ffeVDVKHaLG5Zv5SH'",
    ).run();
    w.close();
    const again = await runImport(d, { paths: [file] });
    expect(again.imported).toBe(1);
    // The renamed session, and the newest one: the cursor's own millisecond is read again, in case
    // OpenCode wrote more in it after the last import.
    expect(one(d, 'SELECT lines FROM import_state').lines).toBe(2);
    expect(d.prepare('SELECT title FROM sessions WHERE id = ?').get('ses_dffe7dac6ffeVDVKHaLG5Zv5SH')).toEqual({
      title: 'Renamed',
    });
    expect(one(d, 'SELECT count(*) AS n FROM sessions').n).toBe(8);
  });

  it('imports what is committed while OpenCode holds a write transaction, without waiting for it', async () => {
    const dir = tmp();
    const file = copyDb(dir);
    const w = new Database(file);
    w.pragma('journal_mode = WAL');
    w.exec('BEGIN IMMEDIATE');
    w.prepare("UPDATE session SET title = 'uncommitted' WHERE id = 'ses_dffe7dac6ffeVDVKHaLG5Zv5SH'").run();
    const d = db();
    const t0 = Date.now();
    const s = await runImport(d, { paths: [file] });
    expect(Date.now() - t0).toBeLessThan(1500);
    w.exec('ROLLBACK');
    w.close();
    expect(s.failed).toEqual([]);
    expect(one(d, 'SELECT count(*) AS n FROM sessions').n).toBe(8);
    expect(d.prepare('SELECT title FROM sessions WHERE id = ?').get('ses_dffe7dac6ffeVDVKHaLG5Zv5SH')).toEqual({
      title: 'Mock session title',
    });
  });
});

describe('the 1.1.65 storage tree', () => {
  it('gives the same scenarios: sessions, the child, tool errors, the 401 and the costs', async () => {
    const d = db();
    const s = await runImport(d, { paths: [TREE_165] });
    expect(s).toMatchObject({ imported: 1, failed: [], invalidEntries: 0 });
    expect(one(d, 'SELECT count(*) AS n FROM sessions').n).toBe(6);
    expect(one(d, 'SELECT count(*) AS n FROM sessions WHERE parent_session_id IS NOT NULL').n).toBe(1);
    expect(one(d, 'SELECT count(*) AS n FROM tools WHERE success = 0').n).toBe(4);
    expect(all(d, 'SELECT error_type, status_code FROM session_errors')).toEqual([
      { error_type: 'APIError', status_code: 401 },
    ]);
    expect(one(d, 'SELECT sum(cost) AS c FROM messages').c).toBeGreaterThan(0);
  });

  it('reports an unreadable file with its path and imports the rest', async () => {
    const dir = tmp();
    const tree = path.join(dir, 'storage');
    fs.cpSync(TREE_165, tree, { recursive: true });
    const victim = fs.readdirSync(path.join(tree, 'message')).sort()[0]!;
    const file = path.join(tree, 'message', victim, fs.readdirSync(path.join(tree, 'message', victim))[0]!);
    fs.writeFileSync(file, '{"id": "msg_half');
    const d = db();
    const s = await runImport(d, { paths: [tree] });
    expect(s.invalidEntries).toBe(1);
    expect(s.problems[0]).toMatchObject({ path: file, reason: expect.stringMatching(/^unreadable JSON/) });
    expect(one(d, 'SELECT count(*) AS n FROM sessions').n).toBe(6);
  });
});

describe('a part nested too deep to walk', () => {
  it('is reported with its file, and the rest of the tree imports', async () => {
    const dir = tmp();
    const tree = path.join(dir, 'storage');
    fs.cpSync(TREE_165, tree, { recursive: true });
    const msg = fs.readdirSync(path.join(tree, 'part')).sort()[0]!;
    const file = path.join(tree, 'part', msg, 'prt_zzdeep.json');
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    fs.writeFileSync(
      file,
      `{"id":"prt_zzdeep","messageID":"${msg}","type":"tool","tool":"bash","callID":"c1","state":{"status":"completed","input":{"a":${deep}},"output":"x","time":{"start":1,"end":2}}}`,
    );
    const d = db();
    const s = await runImport(d, { paths: [tree] });
    expect(s.failed).toEqual([]);
    expect(s.problems).toEqual([{ path: file, line: 0, reason: 'nested too deep to read' }]);
    expect(one(d, 'SELECT count(*) AS n FROM sessions').n).toBe(6);
  });
});

describe('several copies of the same history', () => {
  it('counts each session once when the database and the JSON OpenCode migrated from are both there', async () => {
    // What OpenCode 1.2 leaves behind: the database, and the storage/ tree it copied in, from the same data.
    const dir = tmp();
    copyDb(dir);
    const oc = new Database(DB_118, { readonly: true });
    const write = (rel: string, value: unknown) => {
      fs.mkdirSync(path.dirname(path.join(dir, 'storage', rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, 'storage', rel), JSON.stringify(value, null, 2));
    };
    for (const s of oc.prepare('SELECT * FROM session').all() as Record<string, unknown>[]) {
      write(`session/${s.project_id}/${s.id}.json`, {
        id: s.id,
        parentID: s.parent_id ?? undefined,
        title: s.title,
        directory: s.directory,
        version: s.version,
        time: { created: s.time_created, updated: s.time_updated },
      });
    }
    for (const m of oc.prepare('SELECT * FROM message').all() as Record<string, string>[])
      write(`message/${m.session_id}/${m.id}.json`, { ...JSON.parse(m.data!), id: m.id, sessionID: m.session_id });
    for (const p of oc.prepare('SELECT * FROM part').all() as Record<string, string>[]) {
      write(`part/${p.message_id}/${p.id}.json`, {
        ...JSON.parse(p.data!),
        id: p.id,
        messageID: p.message_id,
        sessionID: p.session_id,
      });
    }
    oc.close();
    const both = db();
    const s = await runImport(both, { paths: [dir] });
    expect(s.imported).toBe(2);
    const alone = db();
    await runImport(alone, { paths: [DB_118] });
    for (const table of ['sessions', 'messages', 'tools', 'file_operations', 'session_errors', 'compaction_events']) {
      expect(one(both, `SELECT count(*) AS n FROM ${table}`).n, table).toBe(
        one(alone, `SELECT count(*) AS n FROM ${table}`).n,
      );
    }
  });

  it('merges what the live plugin spooled with the database of the same run, by id', async () => {
    const home = tmp();
    const saved = process.env.XDG_DATA_HOME;
    process.env.XDG_DATA_HOME = home;
    try {
      const hooks = await AgentlogPlugin();
      const events = recordedEvents('1.18.33').filter((e) => e.type !== 'session.idle');
      for (const event of events) await hooks.event({ event });
    } finally {
      process.env.XDG_DATA_HOME = saved;
    }
    const merged = db();
    await runImport(merged, { paths: [path.join(home, 'agentlog', 'opencode-spool.jsonl')] });
    await runImport(merged, { paths: [DB_118] });
    const alone = db();
    await runImport(alone, { paths: [DB_118] });
    for (const table of ['sessions', 'messages', 'tools', 'file_operations', 'session_errors', 'compaction_events']) {
      expect(one(merged, `SELECT count(*) AS n FROM ${table}`).n, table).toBe(
        one(alone, `SELECT count(*) AS n FROM ${table}`).n,
      );
    }
    expect(one(merged, "SELECT count(*) AS n FROM sessions WHERE status = 'idle'").n).toBeGreaterThan(0);
  });
});

describe('what OpenCode left broken', () => {
  it('names a corrupt database, fails that file only, and imports the others', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'opencode.db'), 'this is not a database'.repeat(100));
    fs.copyFileSync(DB_118, path.join(dir, 'opencode-beta.db'));
    const d = db();
    const s = await runImport(d, { paths: [dir] });
    expect(s.failed).toEqual([
      { path: path.join(dir, 'opencode.db'), error: expect.stringContaining(path.join(dir, 'opencode.db')) },
    ]);
    expect(one(d, 'SELECT count(*) AS n FROM sessions').n).toBe(8);
  });

  it.each(['message', 'part'])(
    'names the database and the error when the pages of its %s table are overwritten',
    async (table) => {
      const dir = tmp();
      const file = copyDb(dir);
      const r = new Database(file, { readonly: true });
      const pageSize = r.pragma('page_size', { simple: true }) as number;
      const { rootpage } = r.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').get(table) as {
        rootpage: number;
      };
      r.close();
      const fd = fs.openSync(file, 'r+');
      fs.writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (rootpage - 1) * pageSize);
      fs.closeSync(fd);
      const d = db();
      const s = await runImport(d, { paths: [file] });
      expect(s.failed).toEqual([{ path: file, error: expect.stringContaining(file) }]);
      expect(s.failed[0]!.error).toMatch(/is damaged \(database disk image is malformed\); nothing of it was imported/);
      expect(s.failed[0]!.error).toMatch(/sqlite3 .*\.recover/);
      expect(one(d, 'SELECT count(*) AS n FROM sessions').n).toBe(0);
    },
  );

  it('names a schema it does not know', async () => {
    const dir = tmp();
    const file = copyDb(dir);
    const w = new Database(file);
    w.exec('ALTER TABLE message RENAME COLUMN data TO payload');
    w.close();
    const s = await runImport(db(), { paths: [file] });
    expect(s.failed[0]!.error).toMatch(
      /opencode\.db: table message lacks data: an OpenCode schema agentlog does not know/,
    );
  });

  it('finds opencode*.db and storage/ in the data directory by default, or OPENCODE_DB', async () => {
    const data = tmp();
    fs.mkdirSync(path.join(data, 'opencode'));
    fs.copyFileSync(DB_118, path.join(data, 'opencode', 'opencode-dev.db'));
    fs.cpSync(TREE_165, path.join(data, 'opencode', 'storage'), { recursive: true });
    const d = db();
    const s = await runImport(d, { sources: ['opencode'], env: { HOME: data, XDG_DATA_HOME: data } });
    expect(s.imported).toBe(2);
    expect(one(d, 'SELECT count(*) AS n FROM sessions').n).toBe(14);
    const only = await runImport(db(), {
      sources: ['opencode'],
      env: { HOME: data, XDG_DATA_HOME: data, OPENCODE_DB: 'opencode-dev.db' },
    });
    expect(only.imported).toBe(2);
  });
});

describe('reports over both agents', () => {
  it('show OpenCode rows beside Claude Code rows, and --source separates them', async () => {
    const { PriceBook, SHIPPED_PRICES } = await import('../../reports/pricing.js');
    const { registerReportFunctions } = await import('../../reports/sql-functions.js');
    const { defaultParams, runReport } = await import('../../reports/run-report.js');
    const { usage } = await import('../../reports/defs/usage.js');
    const { toolErrors } = await import('../../reports/defs/tool-errors.js');
    const d = db();
    registerReportFunctions(d, new PriceBook({ ...SHIPPED_PRICES }));
    await runImport(d, { paths: [DB_118, path.resolve(__dirname, '../../fixtures/demo/claude/projects')] });
    const total = (source: string | null) =>
      runReport(d, usage, defaultParams({ by: 'month', source })).rows.reduce(
        (n, r) => n + (r.total_tokens as number),
        0,
      );
    expect(total('opencode')).toBe(one(d, "SELECT sum(tokens) AS n FROM messages WHERE source = 'opencode'").n);
    expect(total('claude-code')).toBe(one(d, "SELECT sum(tokens) AS n FROM messages WHERE source = 'claude-code'").n);
    expect(total(null)).toBe(total('opencode') + total('claude-code'));
    const opencodeTools = runReport(d, toolErrors, defaultParams({ source: 'opencode' })).rows.map((r) => r.tool_name);
    // Shown by their display names (schema/tool-names.ts); the stored names stay OpenCode's own.
    expect(opencodeTools).toContain('Read');
    expect(opencodeTools).not.toContain('read');
    expect(one(d, "SELECT count(*) AS n FROM tools WHERE source = 'opencode' AND tool_name = 'read'").n).toBeGreaterThan(0);
    const cost = runReport(d, usage, defaultParams({ by: 'model', source: 'opencode' })).rows[0]!;
    expect(cost).toMatchObject({ model: 'mock-model' });
    expect(cost.cost as number).toBeCloseTo(0.0702, 6); // what OpenCode stored, not a list price
  });
});
