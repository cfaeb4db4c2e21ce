// The OpenCode plugin, driven by every event a real OpenCode 1.18.33 sent its plugins, then its spool imported.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport, type RunSummary } from '../../import/run.js';
import { type Db, openDb } from '../../schema/open-db.js';
import { AgentlogPlugin } from './plugin/agentlog-plugin.js';
import { recordedEvents, TOOLS_OF_THE_1_18_33_RUN } from '../../test/opencode-recorded-events.fixture.js';

const SAMPLE = path.resolve(__dirname, '../../fixtures/samples/opencode/opencode-1.18.33-sqlite');
const recorded = recordedEvents('1.18.33');

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-oc-'));
const spool = path.join(home, 'data', 'agentlog', 'opencode-spool.jsonl');
const saved = { XDG_DATA_HOME: process.env.XDG_DATA_HOME, PATH: process.env.PATH };
let perEventMs = 0;
let db: Db;
let summary: RunSummary;

beforeAll(async () => {
  process.env.XDG_DATA_HOME = path.join(home, 'data');
  process.env.PATH = home; // no agentlog on PATH: the idle trigger must fail quietly
  const hooks = await AgentlogPlugin();
  const t0 = performance.now();
  for (const event of recorded) await hooks.event({ event });
  perEventMs = (performance.now() - t0) / recorded.length;
  db = openDb(path.join(home, 'agentlog.db'));
  summary = await runImport(db, { sources: ['opencode'], env: process.env });
});
afterAll(() => {
  db.close();
  Object.assign(process.env, saved);
  fs.rmSync(home, { recursive: true, force: true });
});

const one = (sql: string) => db.prepare(sql).get() as Record<string, number>;

describe('the plugin', () => {
  it('appends only the events agentlog reads, one JSON line each, in a private file', () => {
    const lines = fs
      .readFileSync(spool, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const types = new Set(lines.map((l) => l.type));
    expect([...types].sort()).toEqual([
      'file.edited',
      'message.part.updated',
      'message.updated',
      'permission.asked',
      'permission.replied',
      'session.compacted',
      'session.created',
      'session.error',
      'session.idle',
      'session.status',
      'session.updated',
    ]);
    expect(
      lines
        .filter((l) => l.type === 'message.part.updated')
        .every((l) => ['completed', 'error'].includes(l.properties.part.state.status)),
    ).toBe(true);
    expect(lines.length).toBeLessThan(recorded.length / 2);
    expect(fs.statSync(spool).mode & 0o777).toBe(0o600);
    // file.edited names only a file; the plugin adds the call that was running.
    const edited = lines.filter((l) => l.type === 'file.edited');
    expect(edited).toHaveLength(2);
    for (const l of edited)
      expect(l.agentlog).toEqual({
        sessionID: expect.stringMatching(/^ses_/),
        callID: expect.stringMatching(/^call_/),
      });
    console.log(`plugin: ${perEventMs.toFixed(4)} ms per event over ${recorded.length} events`);
  });
});

describe('the spool, imported', () => {
  it('reads every line', () => {
    expect(summary).toMatchObject({ files: 1, imported: 1, badLines: 0, invalidEntries: 0, failed: [] });
  });

  it('holds the 8 sessions, the child linked to its parent', () => {
    expect(one("SELECT count(*) AS n FROM sessions WHERE source = 'opencode'").n).toBe(8);
    expect(
      db
        .prepare('SELECT parent_session_id, agent_type FROM sessions WHERE id = ?')
        .get('ses_dffe7e494ffeb6K3QLE9dn2Dt8'),
    ).toEqual({
      parent_session_id: 'ses_dffe7ebc0ffefwHd9VwqRzN3fM',
      agent_type: 'general',
    });
    expect(one("SELECT count(*) AS n FROM sessions WHERE status = 'idle'").n).toBeGreaterThan(0);
  });

  it('holds every finished tool call with its failures, as the database of the same run has them', () => {
    const tools = db.prepare('SELECT tool_name, success, count(*) AS n FROM tools GROUP BY 1, 2 ORDER BY 1, 2').all();
    expect(tools).toEqual(TOOLS_OF_THE_1_18_33_RUN);
    expect(db.prepare("SELECT error_message FROM tools WHERE tool_name = 'read' AND success = 0").get()).toEqual({
      error_message: 'File not found: /tmp/ocproj/does-not-exist.txt',
    });
  });

  it('holds the file edits once each, the compaction, the 401 and the costs OpenCode stored', () => {
    expect(
      db.prepare('SELECT file_path, operation_type FROM file_operations ORDER BY file_path, operation_type').all(),
    ).toEqual(expect.arrayContaining([{ file_path: '/tmp/ocproj/hello.txt', operation_type: 'edited' }]));
    expect(one("SELECT count(*) AS n FROM file_operations WHERE operation_type <> 'read'").n).toBe(2);
    expect(one('SELECT count(*) AS n FROM compaction_events').n).toBe(1);
    expect(db.prepare('SELECT session_id, error_type, status_code FROM session_errors').all()).toEqual([
      { session_id: 'ses_dffe7cc4fffeeyDZb38uCc3U2Z', error_type: 'APIError', status_code: 401 },
    ]);
    expect(one("SELECT round(sum(cost), 6) AS c FROM messages WHERE role = 'assistant'").c).toBeCloseTo(0.0702, 6);
  });

  it('holds the two permission prompts of the run, each joined with its answer (once, reject)', () => {
    expect(db.prepare('SELECT * FROM permission_events ORDER BY asked_at').all()).toEqual([
      {
        id: 'per_20018b882001q26sTBlJvAxyG9',
        source: 'opencode',
        session_id: 'ses_dffe74e81ffebjHLinpgDIgBpg',
        tool_name: 'bash',
        subject: 'echo *, ls *',
        call_id: 'call_default_22',
        asked_at: expect.any(Number),
        decision: 'approved',
        decided_at: expect.any(Number),
        change_seq: null,
      },
      {
        id: 'per_20018e093001ASX1B1u0TfEuH3',
        source: 'opencode',
        session_id: 'ses_dffe72069ffej2dpSH0vWG37nD',
        tool_name: 'bash',
        subject: 'echo *, ls *',
        call_id: 'call_default_25',
        asked_at: expect.any(Number),
        decision: 'denied',
        decided_at: expect.any(Number),
        change_seq: null,
      },
    ]);
    // The times are the plugin's (the replay's): an answer never comes before its ask.
    expect(one('SELECT count(*) AS n FROM permission_events WHERE decided_at < asked_at').n).toBe(0);
  });

  it('applies a line once, and sets aside a line that does not parse, with its reason', async () => {
    const before = one('SELECT count(*) AS n FROM tools').n;
    fs.appendFileSync(spool, '{"v":1,"type":"session.idle","properties":{"sessionID":"ses_x"\n{"v":1}\n');
    const again = await runImport(db, { sources: ['opencode'], env: process.env });
    expect(again).toMatchObject({ imported: 1, badLines: 1, invalidEntries: 1 });
    expect(one('SELECT count(*) AS n FROM tools').n).toBe(before);
    const rejected = fs
      .readFileSync(`${spool}.rejected`, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rejected.map((r) => r.reason)).toEqual([
      expect.stringMatching(/^not JSON/),
      'spool line has no event type or properties',
    ]);
    expect(rejected[0].text).toBe('{"v":1,"type":"session.idle","properties":{"sessionID":"ses_x"');
    expect((await runImport(db, { sources: ['opencode'], env: process.env })).unchanged).toBe(1);
  });
});

describe('with OpenCode 1.1.65 (events without ids, the older part envelope)', () => {
  it('spools and imports the same kinds of rows', async () => {
    const old = recordedEvents('1.1.65');
    const home165 = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-oc165-'));
    process.env.XDG_DATA_HOME = path.join(home165, 'data');
    try {
      const hooks = await AgentlogPlugin();
      for (const event of old) await hooks.event({ event });
      const d = openDb(':memory:');
      const s = await runImport(d, { sources: ['opencode'], env: process.env });
      expect(s).toMatchObject({ imported: 1, badLines: 0, invalidEntries: 0 });
      expect((d.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n).toBe(6);
      expect((d.prepare('SELECT count(*) AS n FROM tools WHERE success = 0').get() as { n: number }).n).toBeGreaterThan(
        0,
      );
      d.close();
    } finally {
      process.env.XDG_DATA_HOME = path.join(home, 'data');
      fs.rmSync(home165, { recursive: true, force: true });
    }
  });
});
