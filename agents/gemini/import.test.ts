// The Gemini importer on the real chats of both harness runs, checked against oracle_gemini.py's counts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runImport } from '../../import/run.js';
import { PriceBook, SHIPPED_PRICES } from '../../reports/pricing.js';
import { registerReportFunctions } from '../../reports/sql-functions.js';
import { type Db, openDb } from '../../schema/open-db.js';

const SAMPLES = path.resolve(__dirname, '../../fixtures/samples/gemini');
const HOME_061 = path.join(SAMPLES, 'harness-0.61.0/gemini-home');
const HOME_010 = path.join(SAMPLES, 'harness-0.10.0/gemini-home');

const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-gemini-'));
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

/** What oracle_gemini.py counts, from the database: the same definitions, the same names. */
function oracleView(d: Db) {
  const calls: Record<string, number> = {};
  const fails: Record<string, number> = {};
  for (const r of all(
    d,
    "SELECT tool_name, count(*) AS n, sum(success = 0) AS f FROM tools WHERE source = 'gemini' GROUP BY 1 ORDER BY 1",
  )) {
    calls[r.tool_name as string] = r.n as number;
    if ((r.f as number) > 0) fails[r.tool_name as string] = r.f as number;
  }
  const t = d
    .prepare(
      `SELECT count(*) AS responses, sum(prompt_tokens) AS prompt, sum(cache_read_tokens) AS cached,
       sum(completion_tokens) AS completion, sum(reasoning_tokens) AS thoughts, sum(tokens) AS total
     FROM messages WHERE source = 'gemini' AND prompt_tokens IS NOT NULL`,
    )
    .get() as {
    responses: number;
    prompt: number;
    cached: number;
    completion: number;
    thoughts: number;
    total: number;
  };
  return {
    sessions: one(d, "SELECT count(*) AS n FROM sessions WHERE source = 'gemini'").n,
    responses_with_tokens: t.responses,
    tool_calls: calls,
    tool_failures: fails,
    // prompt_tokens = input - cached + tool-use prompt (both billed as input): the oracle's input is input.
    tokens: {
      input_plus_tool: t.prompt + t.cached,
      cached: t.cached,
      output: t.completion - t.thoughts,
      thoughts: t.thoughts,
      total: t.total,
    },
    compressions: one(d, "SELECT count(*) AS n FROM compaction_events WHERE source = 'gemini'").n,
    api_errors: one(d, "SELECT count(*) AS n FROM session_errors WHERE source = 'gemini'").n,
  };
}

// `python3 shared/tools/oracle_gemini.py harness-0.61.0/gemini-home` on 2026-11-26 (tool = 30 both runs).
const ORACLE_061 = {
  sessions: 10,
  responses_with_tokens: 29,
  tool_calls: { list_directory: 1, read_file: 2, replace: 2, run_shell_command: 15, write_file: 1 },
  tool_failures: { read_file: 1, replace: 1, run_shell_command: 3 },
  tokens: { input_plus_tool: 1231651 + 30, cached: 988928, output: 1898, thoughts: 3151, total: 1236730 },
  compressions: 0,
  api_errors: 0,
};
const ORACLE_010 = {
  sessions: 9,
  responses_with_tokens: 16,
  tool_calls: { list_directory: 1, read_file: 2, replace: 2, run_shell_command: 12, write_file: 1 },
  tool_failures: { read_file: 1, replace: 1, run_shell_command: 3 },
  tokens: { input_plus_tool: 1040701 + 30, cached: 887552, output: 1453, thoughts: 3099, total: 1045283 },
  compressions: 0,
  api_errors: 0,
};
// The oracle's per_session: [responses, input, cached, output, thoughts, tool, total].
const PER_SESSION_061: Record<string, number[]> = {
  '65c1f4e2-bb83-415c-ad2b-a1a170c7f7e5': [3, 37477, 18688, 163, 49, 0, 37689],
  '80b09d41-2464-437c-9937-98e9888da121': [4, 49573, 18432, 126, 52, 0, 49751],
  '992c6cef-fb42-4d76-a042-7b85e3f318a1': [5, 62512, 37376, 172, 0, 0, 62684],
  'e7fe4422-1134-4269-b82a-8763f5229dc1': [4, 49626, 27648, 131, 0, 0, 49757],
  '31e3cd32-170b-459f-b21f-4f8688a586ff': [3, 924948, 837632, 78, 0, 0, 925026],
  '15d1b96b-ad1c-4f0d-8d65-e9e6fdcdc514': [2, 14100, 8960, 85, 0, 0, 14185],
  '35a47597-c63f-41b4-8149-88318e5c59ed': [2, 23589, 8704, 54, 0, 0, 23643],
  '567e0352-0ead-4766-8609-3fc5afe9895e': [2, 23595, 8704, 58, 0, 0, 23653],
  '94a86b35-9c6a-4d78-8972-cd9b948acc6b': [2, 35431, 17664, 781, 0, 0, 36212],
  'd622f9f9-7e54-4f17-a0b1-475da82e6f0b': [2, 10800, 5120, 250, 3050, 30, 14130],
};
const PER_SESSION_010: Record<string, number[]> = {
  '17097145-a6bc-469c-8e27-d67e0ea4953e': [2, 10800, 5120, 250, 3050, 30, 14130],
  'b4730e5c-4d6d-48bb-8744-d139509604aa': [0, 0, 0, 0, 0, 0, 0],
  'e4a046b3-5044-4afe-b422-d87245147fc7': [2, 37452, 21760, 781, 0, 0, 38233],
  'e8c85279-8e2e-4db5-a0a5-24fda66bae76': [2, 16504, 6144, 58, 0, 0, 16562],
  '963af537-315f-4d18-9854-6772b717069f': [2, 14100, 8960, 85, 0, 0, 14185],
  'e9186e20-dec2-462f-b217-82f9a8ce5081': [2, 17651, 6656, 67, 0, 0, 17718],
  '3695bc5d-a24a-4c2d-93ca-67813b74b6cc': [2, 17455, 6400, 61, 0, 0, 17516],
  'cb1a0bcf-584c-41be-be40-aca26b1e0b7e': [2, 17728, 6656, 108, 49, 0, 17885],
  '9f51f7bf-c928-453f-8a75-0bbd6a54d7c5': [2, 909011, 825856, 43, 0, 0, 909054],
};

function perSession(d: Db): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const s of all(d, "SELECT id FROM sessions WHERE source = 'gemini'")) {
    const r = d
      .prepare(
        `SELECT count(prompt_tokens) AS n, coalesce(sum(prompt_tokens), 0) AS p, coalesce(sum(cache_read_tokens), 0) AS c,
         coalesce(sum(completion_tokens), 0) AS o, coalesce(sum(reasoning_tokens), 0) AS th, coalesce(sum(tokens), 0) AS t
       FROM messages WHERE session_id = ?`,
      )
      .get(s.id) as { n: number; p: number; c: number; o: number; th: number; t: number };
    // tool-use prompt tokens are inside prompt_tokens; the only session with any is the thinking one (30).
    const tool = r.th === 3050 ? 30 : 0;
    out[s.id as string] = [r.n, r.p + r.c - tool, r.c, r.o - r.th, r.th, tool, r.t];
  }
  return out;
}

describe('the 0.61.0 harness run (.jsonl append logs)', () => {
  it('imports every chat with the counts of oracle_gemini.py', async () => {
    const d = db();
    const s = await runImport(d, { paths: [HOME_061], sources: ['gemini'] });
    expect(s).toMatchObject({ files: 10, imported: 10, failed: [], badLines: 0, invalidEntries: 0 });
    expect(oracleView(d)).toEqual(ORACLE_061);
    expect(perSession(d)).toEqual(PER_SESSION_061);
  });

  it("agrees with ccusage 20's `gemini daily`: input 242,753 non-cached + 988,928 cached, output 1,898 + 3,151 thoughts", async () => {
    const d = db();
    await runImport(d, { paths: [HOME_061], sources: ['gemini'] });
    const t = one(
      d,
      "SELECT sum(prompt_tokens) AS input, sum(cache_read_tokens) AS cached, sum(completion_tokens) AS output, sum(reasoning_tokens) AS thoughts FROM messages WHERE source = 'gemini'",
    );
    // ccusage's inputTokens is the non-cached prompt plus the tool-use prompt (242,723 + 30); its
    // outputTokens leaves thoughts out, while agentlog's completion tokens hold them (they are billed
    // as output), and keeps them apart as reasoning tokens.
    expect(t).toEqual({ input: 242_753, cached: 988_928, output: 1_898 + 3_151, thoughts: 3_151 });
  });

  it("costs what ccusage 20.0.24's `gemini daily --offline` says: $0.11511624 (thoughts billed as output by both)", async () => {
    const d = db();
    await runImport(d, { paths: [HOME_061], sources: ['gemini'] });
    registerReportFunctions(d, new PriceBook({ ...SHIPPED_PRICES }));
    const { cost } = d
      .prepare(
        "SELECT sum(cost_usd(model, prompt_tokens, completion_tokens, cache_write_tokens, cache_write_1h_tokens, cache_read_tokens)) AS cost FROM messages WHERE source = 'gemini'",
      )
      .get() as { cost: number };
    // gemini-2.5-flash: 242,753 × $0.30 + 988,928 × $0.03 + (1,898 + 3,151) × $2.50 per million.
    expect(cost).toBeCloseTo(0.11511624, 10);
  });

  it('keeps the usage of the turns before a resume (the $set copies carry none)', async () => {
    const d = db();
    await runImport(d, { paths: [path.join(HOME_061, 'tmp/demo-app/chats/session-2026-11-26T13-24-80b09d41.jsonl')] });
    const msgs = all(
      d,
      "SELECT role, model, prompt_tokens, completion_tokens, reasoning_tokens FROM messages WHERE role = 'assistant' ORDER BY created_at",
    );
    // basic: a thought and a call (12210 in, 35 + 52 out), the answer; resume: a call, the answer.
    expect(msgs).toEqual([
      {
        role: 'assistant',
        model: 'gemini-2.5-flash',
        prompt_tokens: 12210,
        completion_tokens: 87,
        reasoning_tokens: 52,
      },
      {
        role: 'assistant',
        model: 'gemini-2.5-flash',
        prompt_tokens: 12338 - 9216,
        completion_tokens: 33,
        reasoning_tokens: 0,
      },
      {
        role: 'assistant',
        model: 'gemini-2.5-flash',
        prompt_tokens: 12447,
        completion_tokens: 35,
        reasoning_tokens: 0,
      },
      {
        role: 'assistant',
        model: 'gemini-2.5-flash',
        prompt_tokens: 12578 - 9216,
        completion_tokens: 23,
        reasoning_tokens: 0,
      },
    ]);
    expect(
      all(
        d,
        'SELECT id, source, project_path, project_name, title, model, message_count, tool_call_count FROM sessions',
      ),
    ).toEqual([
      {
        id: '80b09d41-2464-437c-9937-98e9888da121',
        source: 'gemini',
        project_path: '/tmp/gem/harness/work/demo-app',
        project_name: 'demo-app',
        title: '[scenario:basic] What is this project?',
        model: 'gemini-2.5-flash',
        // the two prompts and four responses; the <session_context> preamble and the tool results are not messages
        message_count: 6,
        tool_call_count: 2,
      },
    ]);
  });

  it('records failing shell commands (stored as "success") with their exit code, and the other failures with their kind', async () => {
    const d = db();
    await runImport(d, { paths: [path.join(HOME_061, 'tmp/demo-app/chats/session-2026-11-26T13-24-992c6cef.jsonl')] });
    expect(
      all(
        d,
        'SELECT tool_name, category, file_path, success, exit_code, error_kind, output_size FROM tools ORDER BY created_at',
      ),
    ).toEqual([
      {
        tool_name: 'run_shell_command',
        category: 'shell',
        file_path: null,
        success: 0,
        exit_code: 2,
        error_kind: 'Exit code 2',
        output_size: 153,
      },
      {
        tool_name: 'run_shell_command',
        category: 'shell',
        file_path: null,
        success: 0,
        exit_code: 3,
        error_kind: 'Exit code 3',
        output_size: 118,
      },
      {
        tool_name: 'replace',
        category: 'edit',
        file_path: '/tmp/gem/harness/work/demo-app/README.md',
        success: 0,
        exit_code: null,
        error_kind: 'String to replace not found',
        output_size: 281,
      },
      {
        tool_name: 'read_file',
        category: 'read',
        file_path: '/tmp/gem/harness/work/demo-app/missing.md',
        success: 0,
        exit_code: null,
        error_kind: 'file not found',
        output_size: 57,
      },
    ]);
    expect(one(d, 'SELECT count(*) AS n FROM file_operations').n).toBe(0); // failed edits touch nothing
  });

  it('derives file operations from write_file (created), replace (edited) and read_file (read)', async () => {
    const d = db();
    await runImport(d, { paths: [path.join(HOME_061, 'tmp/demo-app/chats/session-2026-11-26T13-24-e7fe4422.jsonl')] });
    expect(all(d, 'SELECT file_path, operation_type FROM file_operations ORDER BY created_at')).toEqual([
      { file_path: '/tmp/gem/harness/work/demo-app/notes.txt', operation_type: 'created' },
      { file_path: '/tmp/gem/harness/work/demo-app/notes.txt', operation_type: 'edited' },
      { file_path: '/tmp/gem/harness/work/demo-app/notes.txt', operation_type: 'read' },
    ]);
    const input = JSON.parse(String(all(d, "SELECT tool_input FROM tools WHERE tool_name = 'replace'")[0]?.tool_input));
    expect(input).toEqual({
      file_path: '/tmp/gem/harness/work/demo-app/notes.txt',
      instruction: 'edit the second line',
      old_string: 'second line',
      new_string: 'second line, edited',
    });
  });

  it('cuts a long tool output to 1 KB and keeps its full size', async () => {
    const d = db();
    await runImport(d, { paths: [path.join(HOME_061, 'tmp/scratch/chats/session-2026-11-26T13-25-94a86b35.jsonl')] });
    const r = all(d, 'SELECT length(tool_output) AS stored, output_size, success FROM tools')[0];
    expect(r?.stored).toBeLessThanOrEqual(1024);
    expect(r?.output_size).toBeGreaterThan(1024);
    expect(r?.success).toBe(1);
  });

  it('changes nothing when imported again, and reads only what changed', async () => {
    const dir = tmp();
    fs.cpSync(HOME_061, path.join(dir, '.gemini'), { recursive: true });
    const d = db();
    await runImport(d, { paths: [path.join(dir, '.gemini')] });
    const dump = () =>
      all(d, 'SELECT * FROM messages ORDER BY id').concat(
        all(d, 'SELECT * FROM tools ORDER BY id'),
        all(d, 'SELECT * FROM sessions ORDER BY id'),
      );
    const before = dump();
    const again = await runImport(d, { paths: [path.join(dir, '.gemini')] });
    expect(again).toMatchObject({ files: 10, unchanged: 10, imported: 0 });
    expect(dump()).toEqual(before);
    // Touched but the same bytes: read, found identical by its hash, nothing written.
    const file = path.join(dir, '.gemini/tmp/scratch/chats/session-2026-11-26T13-25-d622f9f9.jsonl');
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const touched = await runImport(d, { paths: [path.join(dir, '.gemini')] });
    expect(touched).toMatchObject({ unchanged: 9, imported: 1 });
    expect(dump()).toEqual(before);
  });

  it('keeps everything already imported when the CLI removes a chat file', async () => {
    const dir = tmp();
    fs.cpSync(HOME_061, path.join(dir, '.gemini'), { recursive: true });
    const d = db();
    await runImport(d, { paths: [path.join(dir, '.gemini')] });
    fs.rmSync(path.join(dir, '.gemini/tmp/demo-app/chats/session-2026-11-26T13-24-80b09d41.jsonl'));
    await runImport(d, { paths: [path.join(dir, '.gemini')] });
    expect(oracleView(d)).toEqual(ORACLE_061);
  });

  it('reads a chat appended to after the last import, once', async () => {
    const dir = tmp();
    const src = path.join(HOME_061, 'tmp/demo-app/chats/session-2026-11-26T13-24-80b09d41.jsonl');
    const lines = fs.readFileSync(src, 'utf8').split('\n');
    const chats = path.join(dir, 'tmp/demo-app/chats');
    fs.mkdirSync(chats, { recursive: true });
    const file = path.join(chats, path.basename(src));
    // The file as it was after the first run (basic), then as it is after the resume.
    fs.writeFileSync(file, `${lines.slice(0, 12).join('\n')}\n`);
    const d = db();
    await runImport(d, { paths: [dir] });
    expect(one(d, 'SELECT count(prompt_tokens) AS n FROM messages').n).toBe(2);
    fs.writeFileSync(file, fs.readFileSync(src));
    await runImport(d, { paths: [dir] });
    expect(perSession(d)['80b09d41-2464-437c-9937-98e9888da121']).toEqual(
      PER_SESSION_061['80b09d41-2464-437c-9937-98e9888da121'],
    );
  });

  it('takes a .gemini folder, its tmp folder, a project folder or one chat file as PATH, and the default home', async () => {
    const d = db();
    const s = await runImport(d, { paths: [path.join(HOME_061, 'tmp')], sources: ['gemini'] });
    expect(s.files).toBe(10);
    const p = await runImport(db(), { paths: [path.join(HOME_061, 'tmp/scratch')], sources: ['gemini'] });
    expect(p.files).toBe(5);
    const home = tmp();
    fs.cpSync(HOME_061, path.join(home, '.gemini'), { recursive: true });
    const viaEnv = await runImport(db(), { sources: ['gemini'], env: { HOME: '/nonexistent', GEMINI_CLI_HOME: home } });
    expect(viaEnv).toMatchObject({ files: 10, looked: [path.join(home, '.gemini/tmp')] });
  });
});

describe('the 0.10.0 harness run (whole-file .json)', () => {
  it('imports every chat with the counts of oracle_gemini.py', async () => {
    const d = db();
    const s = await runImport(d, { paths: [HOME_010], sources: ['gemini'] });
    expect(s).toMatchObject({ files: 9, imported: 9, failed: [], badLines: 0, invalidEntries: 0 });
    expect(oracleView(d)).toEqual(ORACLE_010);
    expect(perSession(d)).toEqual(PER_SESSION_010);
  });

  it("finds the project root of a hashed folder from the chat's tool paths, else names it by the hash", async () => {
    const d = db();
    await runImport(d, { paths: [HOME_010] });
    expect(all(d, 'SELECT DISTINCT project_path, project_name FROM sessions ORDER BY project_name')).toEqual([
      { project_path: null, project_name: '386ea385ed1a' },
      // the compress session of demo-app calls no tool with a path: its root stays unknown
      { project_path: null, project_name: 'd99a446a16e3' },
      { project_path: '/tmp/gem/harness-010/work/demo-app', project_name: 'demo-app' },
    ]);
  });

  it('re-reads a rewritten .json whole and adds only what is new', async () => {
    const dir = tmp();
    const src = path.join(
      HOME_010,
      'tmp/d99a446a16e30c23a23ccc806e22ba2abf3a7f5690e236ec9c8ca64d2fc87616/chats/session-2026-11-26T13-26-3695bc5d.json',
    );
    const chats = path.join(dir, 'tmp/d99a446a16e30c23a23ccc806e22ba2abf3a7f5690e236ec9c8ca64d2fc87616/chats');
    fs.mkdirSync(chats, { recursive: true });
    const file = path.join(chats, path.basename(src));
    const whole = JSON.parse(fs.readFileSync(src, 'utf8'));
    // As the CLI had it before the last answer, then rewritten whole with it.
    fs.writeFileSync(file, JSON.stringify({ ...whole, messages: whole.messages.slice(0, 2) }, null, 2));
    const d = db();
    await runImport(d, { paths: [dir] });
    expect(one(d, 'SELECT count(*) AS n FROM messages').n).toBe(2);
    fs.copyFileSync(src, file);
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    await runImport(d, { paths: [dir] });
    expect(perSession(d)['3695bc5d-a24a-4c2d-93ca-67813b74b6cc']).toEqual(
      PER_SESSION_010['3695bc5d-a24a-4c2d-93ca-67813b74b6cc'],
    );
    expect(one(d, 'SELECT count(*) AS n FROM messages').n).toBe(3);
    expect(one(d, 'SELECT count(*) AS n FROM tools').n).toBe(3);
  });
});
