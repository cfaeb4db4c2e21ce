// Codex rollouts end to end (files in, database out), checked against shared/tools/oracle_codex.py's counts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runImport } from '../../import/run.js';
import { PriceBook, SHIPPED_PRICES } from '../../reports/pricing.js';
import { defaultParams, runReport } from '../../reports/run-report.js';
import { registerReportFunctions } from '../../reports/sql-functions.js';
import { usage } from '../../reports/defs/usage.js';
import { type Db, openDb } from '../../schema/open-db.js';
import { dumpTables } from '../../schema/table-dump.js';

const SAMPLES = path.resolve(__dirname, '../../fixtures/samples/codex');
const H171 = path.join(SAMPLES, 'harness-0.171.0');
const H058 = path.join(SAMPLES, 'harness-0.58.0');

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
});
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-codex-'));
  cleanup.push(() => fs.rmSync(d, { recursive: true, force: true }));
  return d;
}
function db(): Db {
  const d = openDb(path.join(tmpDir(), 'agentlog.db'));
  cleanup.unshift(() => d.close());
  return d;
}
const rows = (d: Db, sql: string, ...args: unknown[]) => d.prepare(sql).all(...args) as Record<string, any>[];
const one = (d: Db, sql: string, ...args: unknown[]) => d.prepare(sql).get(...args) as Record<string, any>;

/** What oracle_codex.py reports, read back from the database with the same definitions. */
function counts(d: Db) {
  const tools: Record<string, number> = {};
  const failures: Record<string, number> = {};
  for (const r of rows(
    d,
    "SELECT tool_name, count(*) AS n, sum(success = 0) AS f FROM tools WHERE source = 'codex' GROUP BY 1",
  )) {
    tools[r.tool_name] = r.n;
    if (r.f > 0) failures[r.tool_name] = r.f;
  }
  const t = one(
    d,
    `SELECT coalesce(sum(prompt_tokens + cache_read_tokens), 0) AS input, coalesce(sum(cache_read_tokens), 0) AS cached,
       coalesce(sum(completion_tokens), 0) AS output, coalesce(sum(reasoning_tokens), 0) AS reasoning, count(*) AS responses
     FROM messages WHERE source = 'codex' AND tokens IS NOT NULL`,
  );
  const forks: Record<string, string> = {};
  for (const r of rows(
    d,
    "SELECT id, parent_session_id FROM sessions WHERE source = 'codex' AND parent_session_id IS NOT NULL",
  ))
    forks[r.id] = r.parent_session_id;
  return {
    sessions: one(d, "SELECT count(*) AS n FROM sessions WHERE source = 'codex'").n as number,
    // A turn is one prompt: user_message events (classic) or UserMessage items (0.169+).
    turns: one(d, "SELECT count(*) AS n FROM messages WHERE source = 'codex' AND role = 'user'").n as number,
    tools,
    failures,
    tokens: [t.input, t.cached, t.output, t.reasoning, t.responses],
    compactions: one(d, "SELECT count(*) AS n FROM compaction_events WHERE source = 'codex'").n as number,
    api_errors: one(
      d,
      "SELECT count(*) AS n FROM session_errors WHERE source = 'codex' AND error_type <> 'stream_error'",
    ).n as number,
    forks,
  };
}

const PUBLIC = path.join(SAMPLES, 'public/wesm-agentsview/internal/parser/testdata/codex');
/** The hand-written fixtures are not named rollout-*.jsonl: like a user, the tests name each file. */
const publicFiles = () => fs.readdirSync(PUBLIC).map((f) => path.join(PUBLIC, f));

async function imported(paths: string[]) {
  const d = db();
  const summary = await runImport(d, { paths, sources: ['codex'] });
  expect(summary.failed).toEqual([]);
  expect(summary.badLines).toBe(0);
  expect(summary.invalidEntries).toBe(0);
  return d;
}

// `python3 shared/tools/oracle_codex.py DIR` on each corpus of fixtures/samples/codex, written down on
// 2026-11-26 (tokens: input incl. cached, cached, output incl. reasoning, reasoning, responses).
// agents/codex/codex.e2e.ts runs the oracle live.
const ORACLE = {
  'harness-0.171.0': {
    sessions: 11,
    turns: 13,
    tools: { exec_command: 21 },
    failures: { exec_command: 4 },
    tokens: [357235, 167936, 5644, 3114, 30],
    compactions: 1,
    api_errors: 2,
    forks: { '01a217f0-e74c-7c03-aca5-05f9c05a8986': '01a217f0-e4bd-7210-9849-f4b6e7683fcc' },
  },
  'harness-0.58.0': {
    sessions: 10,
    turns: 12,
    tools: { apply_patch: 3, shell: 17 },
    failures: { apply_patch: 1, shell: 3 },
    tokens: [237152, 113920, 5590, 3114, 29],
    compactions: 1,
    api_errors: 0,
    forks: {},
  },
  'codex-0.169.0': {
    sessions: 2,
    turns: 3,
    tools: { exec_command: 2 },
    failures: {},
    tokens: [15190, 10240, 319, 80, 5],
    compactions: 0,
    api_errors: 0,
    forks: {},
  },
  'codex-0.58.0': {
    sessions: 1,
    turns: 2,
    tools: { shell: 2 },
    failures: {},
    tokens: [12260, 8192, 266, 64, 4],
    compactions: 0,
    api_errors: 0,
    forks: {},
  },
  'public/wesm-agentsview/internal/parser/testdata/codex': {
    sessions: 5,
    turns: 0,
    tools: { apply_patch: 1, exec_command: 1, shell_command: 1, write_stdin: 1 },
    failures: {},
    tokens: [0, 0, 0, 0, 0],
    compactions: 0,
    api_errors: 0,
    forks: {},
  },
} as const;

describe('importing the Codex samples', () => {
  for (const [corpus, expected] of Object.entries(ORACLE)) {
    it(`${corpus}: every count equals the oracle's`, async () => {
      const dir = path.join(SAMPLES, corpus);
      const d = await imported(dir === PUBLIC ? publicFiles() : [dir]);
      expect(counts(d)).toEqual(expected);
    });
  }

  it('the whole tree: the oracle run on it, except for response ids two unrelated mock runs share', async () => {
    const d = await imported([SAMPLES, ...publicFiles()]);
    const c = counts(d);
    // oracle_codex.py fixtures/samples/codex:
    expect(c.sessions).toBe(29);
    expect(c.turns).toBe(30);
    expect(c.tools).toEqual({ apply_patch: 4, exec_command: 24, shell: 19, shell_command: 1, write_stdin: 1 });
    expect(c.failures).toEqual({ apply_patch: 1, exec_command: 4, shell: 3 });
    expect(c.compactions).toBe(2);
    expect(c.api_errors).toBe(2);
    // The oracle's tokens for the whole tree are [570045, 275456, 11549, 6340, 63]: it counts a
    // response_id once over the whole tree, and the mock servers of codex-0.169.0 and
    // harness-0.171.0 both answered resp_mock_1 ... resp_mock_5 in unrelated sessions. agentlog
    // keys a response by lineage and id (as the oracle keys tool calls), so it counts both runs:
    // the sum of the per-corpus oracle totals above.
    const sum = [0, 1, 2, 3, 4].map((i) => Object.values(ORACLE).reduce((n, o) => n + (o.tokens[i] as number), 0));
    expect(c.tokens).toEqual(sum);
    expect(sum[4]! - 63).toBe(5); // exactly the five shared ids
  });

  it('tokens per session, per response: the 0.171 fork counts only its own two responses', async () => {
    const d = await imported([H171]);
    const s = (id: string) =>
      one(
        d,
        `SELECT prompt_tokens + cache_read_tokens AS input, cache_read_tokens AS cached, completion_tokens AS output,
           message_count, parent_session_id FROM sessions WHERE id = ?`,
        id,
      );
    // ccusage 20.0.24 leaves this fork out entirely (it skips files with forked_from_id); its own
    // responses are resp_mock_14 and resp_mock_15 (shared/samples/codex/ccusage-vs-oracle.md).
    expect(s('01a217f0-e74c-7c03-aca5-05f9c05a8986')).toMatchObject({
      input: 30122,
      cached: 12032,
      output: 92,
      parent_session_id: '01a217f0-e4bd-7210-9849-f4b6e7683fcc',
    });
    // The resumed session (three processes appending to one file): 5 responses, not a sum of totals.
    expect(s('01a217f0-de4d-7d11-92a0-49c83a4ece84')).toMatchObject({ input: 51855, cached: 16512, output: 264 });
    // The compaction response's record is written twice: counted once (the oracle's 96875 / 49280 / 350).
    expect(s('01a217f0-f3d9-79d0-89f9-0b27fe10f257')).toMatchObject({ input: 96875, cached: 49280, output: 350 });
  });

  it('0.58 re-emits token_count events and restarts totals on resume: each response counted once', async () => {
    const d = await imported([H058]);
    const r = one(
      d,
      `SELECT prompt_tokens + cache_read_tokens AS input, cache_read_tokens AS cached, completion_tokens AS output
       FROM sessions WHERE id = '01a217f1-1d63-7c62-8cac-3c6ee242ec93'`,
    );
    expect(r).toEqual({ input: 37183, cached: 11904, output: 264 });
    const reasoning = one(
      d,
      "SELECT sum(reasoning_tokens) AS n FROM messages WHERE session_id = '01a217f1-262e-7ab0-9ace-f2fe1f2d001e'",
    );
    expect(reasoning.n).toBe(3050);
  });

  it('records sessions, exit codes, durations, output sizes, patches and errors', async () => {
    const d = await imported([H171, H058]);
    expect(
      one(
        d,
        `SELECT project_path, project_name, git_branch, cli_version, provider, model, title FROM sessions
         WHERE id = '01a217f0-e2ce-7be1-8c95-f3f08ea9fc78'`,
      ),
    ).toEqual({
      project_path: '/tmp/cx-harness/work/demo-app',
      project_name: 'demo-app',
      git_branch: 'main',
      cli_version: '0.171.0',
      provider: 'mock',
      model: 'gpt-5-codex',
      title: '[scenario:failing] Check for the changelog and fix the README.',
    });
    // Exit codes of the failing scenario in both formats ("Process exited with code N", metadata.exit_code).
    expect(
      rows(
        d,
        "SELECT exit_code, success, error_kind FROM tools WHERE session_id = '01a217f0-e2ce-7be1-8c95-f3f08ea9fc78' ORDER BY created_at",
      ),
    ).toEqual([
      { exit_code: 2, success: 0, error_kind: 'Exit code 2' },
      { exit_code: 3, success: 0, error_kind: 'Exit code 3' },
      { exit_code: null, success: 0, error_kind: 'patch did not apply' },
    ]);
    // Long output: stored cut to 1 KB, its size before the cut kept (the CLI itself logged 10,213
    // characters: the head and tail of 30,000 lines).
    const long = one(
      d,
      "SELECT length(tool_output) AS stored, output_size FROM tools WHERE session_id = '01a217f0-ec3e-7c61-b90b-a69a0b607c21'",
    );
    expect(long.stored).toBeLessThanOrEqual(1024);
    expect(long.output_size).toBe(10213);
    // Patches: through the shell tool in 0.171, as the apply_patch tool in 0.58; created then edited.
    expect(
      rows(
        d,
        `SELECT t.tool_name, t.category, f.file_path, f.operation_type FROM file_operations f JOIN tools t ON t.id = f.tool_id
         WHERE f.session_id IN ('01a217f0-e4bd-7210-9849-f4b6e7683fcc', '01a217f1-22ab-7fc0-bbc7-d2835cb3533f')
         ORDER BY f.session_id, f.created_at`,
      ),
    ).toEqual([
      {
        tool_name: 'exec_command',
        category: 'shell',
        file_path: '/tmp/cx-harness/work/demo-app/notes.txt',
        operation_type: 'created',
      },
      {
        tool_name: 'exec_command',
        category: 'shell',
        file_path: '/tmp/cx-harness/work/demo-app/notes.txt',
        operation_type: 'edited',
      },
      {
        tool_name: 'apply_patch',
        category: 'edit',
        file_path: '/tmp/cx-harness/work/demo-app/notes.txt',
        operation_type: 'created',
      },
      {
        tool_name: 'apply_patch',
        category: 'edit',
        file_path: '/tmp/cx-harness/work/demo-app/notes.txt',
        operation_type: 'edited',
      },
    ]);
    // A failed patch changes no file.
    expect(
      one(d, "SELECT count(*) AS n FROM file_operations WHERE session_id = '01a217f0-e2ce-7be1-8c95-f3f08ea9fc78'").n,
    ).toBe(0);
    // The fatal API error of 0.171 (0.58 writes nothing for it).
    expect(
      rows(
        d,
        "SELECT session_id, error_type, error_message FROM session_errors WHERE source = 'codex' ORDER BY created_at",
      ),
    ).toEqual([
      expect.objectContaining({ session_id: '01a217f0-ee0f-74d0-b553-523a8ad89e8a' }),
      {
        session_id: '01a217f0-f066-7822-8de4-54415a3a95ce',
        error_type: 'internal_server_error',
        error_message: 'We’re currently experiencing high demand, which may cause temporary errors.',
      },
    ]);
  });
});

describe('prices', () => {
  it('usage --by model: gpt-5-codex costs what ccusage 20.0.24 says; the mock model has no price', async () => {
    const d = await imported([H171]);
    const book = new PriceBook({ ...SHIPPED_PRICES });
    registerReportFunctions(d, book);
    const byModel = runReport(d, usage, defaultParams({ by: 'model', source: 'codex' })).rows;
    const codex = byModel.find((r) => r.model === 'gpt-5-codex')!;
    // ccusage codex daily --offline on shared/samples/codex/harness-0.171.0: $0.05160825 for these
    // two sessions (ccusage-vs-oracle.md); input 82565 of which 49536 cached, output 413.
    expect(codex).toMatchObject({ input_tokens: 33029, cache_read_tokens: 49536, output_tokens: 413 });
    expect(codex.cost).toBeCloseTo(0.05160825, 10);
    expect(byModel.find((r) => r.model === 'mock-model')!.cost).toBeNull();
    expect(book.unpriced).toEqual(new Set(['mock-model']));
  });

  it('usage --by day equals ccusage 20.0.24 codex daily, except the fork ccusage skips', async () => {
    // ccusage codex daily --json --offline -z UTC on each sample corpus (shared/samples/codex/ccusage-vs-oracle.md):
    // [input incl. cached, cached, output]
    const ccusage: Record<string, [string, number[]]> = {
      'harness-0.171.0': ['2026-11-26', [327113, 155904, 5552]],
      'harness-0.58.0': ['2026-11-26', [237152, 113920, 5590]],
      'codex-0.169.0': ['2026-11-21', [15190, 10240, 319]],
      'codex-0.58.0': ['2026-11-21', [12260, 8192, 266]],
    };
    // ccusage leaves out rollouts whose session_meta has forked_from_id; the 0.171 fork's own two
    // responses (resp_mock_14, resp_mock_15) are what agentlog counts on top.
    const fork = { 'harness-0.171.0': [30122, 12032, 92] } as Record<string, number[]>;
    for (const [corpus, [day, expected]] of Object.entries(ccusage)) {
      const d = await imported([path.join(SAMPLES, corpus)]);
      registerReportFunctions(d, new PriceBook({ ...SHIPPED_PRICES }));
      const rows = runReport(d, usage, defaultParams({ by: 'day', source: 'codex' })).rows;
      expect(rows.map((r) => r.day)).toEqual([day]);
      const r = rows[0]!;
      const got = [(r.input_tokens as number) + (r.cache_read_tokens as number), r.cache_read_tokens, r.output_tokens];
      const extra = fork[corpus] ?? [0, 0, 0];
      expect(got, corpus).toEqual(expected.map((v, i) => v + extra[i]!));
    }
  });

  it('OpenAI model ids find their price, a more specific name before its prefix', () => {
    const book = new PriceBook({ ...SHIPPED_PRICES });
    expect(book.priceOf('gpt-5-2025-08-07')).toEqual(SHIPPED_PRICES['gpt-5']);
    expect(book.priceOf('gpt-5-codex')!.input).toBe(1.25);
    expect(book.priceOf('gpt-5.1-codex-mini')!.cache_read).toBe(0.025);
    expect(book.priceOf('o4-mini-2025-04-16')).toEqual(SHIPPED_PRICES['o4-mini']);
    expect(book.priceOf('o3-mini')!.input).toBe(1.1);
    expect(book.priceOf('gpt-4.1-mini-2025-04-14')!.input).toBe(0.4);
    expect(book.priceOf('codex-mini-latest')!.cache_read).toBe(0.375);
  });
});

describe('with no paths', () => {
  it('finds Claude Code and Codex data (sessions and archived_sessions under CODEX_HOME) side by side', async () => {
    const home = tmpDir();
    fs.cpSync(path.resolve(__dirname, '../../fixtures/demo/claude/projects'), path.join(home, '.claude/projects'), {
      recursive: true,
    });
    fs.cpSync(H171, path.join(home, 'codex'), { recursive: true, filter: (f) => !f.endsWith('MANIFEST.md') });
    const env = {
      HOME: home,
      CLAUDE_CONFIG_DIR: path.join(home, '.claude'),
      CODEX_HOME: path.join(home, 'codex'),
      XDG_DATA_HOME: path.join(home, 'data'),
    };
    const d = db();
    const summary = await runImport(d, { env });
    expect(summary.failed).toEqual([]);
    expect(summary.looked).toEqual(
      expect.arrayContaining([path.join(home, 'codex/sessions'), path.join(home, 'codex/archived_sessions')]),
    );
    const bySource = Object.fromEntries(
      rows(d, 'SELECT source, count(*) AS n FROM sessions GROUP BY 1').map((r) => [r.source, r.n]),
    );
    expect(bySource.codex).toBe(11);
    expect(bySource['claude-code']).toBeGreaterThan(0);
  });
});

describe('importing again', () => {
  it('changes nothing when nothing changed, in any order', async () => {
    const d = await imported([SAMPLES, ...publicFiles()]);
    const before = dumpTables(d);
    const again = await runImport(d, { paths: [SAMPLES, ...publicFiles()], sources: ['codex'] });
    expect(again.unchanged).toBe(again.files);
    const d2 = await imported([...publicFiles(), H058, H171, SAMPLES]);
    expect(dumpTables(d2)).toEqual(before);
  });

  it('a resumed rollout that grew is read from where it stopped, and counts nothing twice', async () => {
    const dir = tmpDir();
    const src = fs.readdirSync(path.join(H171, 'sessions/2026/11/26')).find((f) => f.includes('01a217f0-de4d'))!;
    const whole = fs.readFileSync(path.join(H171, 'sessions/2026/11/26', src), 'utf8');
    const lines = whole.split('\n');
    const file = path.join(dir, src);
    // The first process's lines, then the two resumes appended (and one line cut in the middle).
    const cut = lines.findIndex((l, i) => i > 0 && l.includes('"thread_settings_applied"') && i > 10);
    fs.writeFileSync(file, `${lines.slice(0, cut).join('\n')}\n${lines[cut]!.slice(0, 40)}`);
    const d = db();
    await runImport(d, { paths: [dir], sources: ['codex'] });
    const first = counts(d);
    expect(first.turns).toBe(1);
    fs.writeFileSync(file, whole);
    const second = await runImport(d, { paths: [dir], sources: ['codex'] });
    expect(second.imported).toBe(1);
    const fresh = await imported([dir]);
    expect(dumpTables(d)).toEqual(dumpTables(fresh));
    expect(counts(d)).toMatchObject({ turns: 3, tokens: [51855, 16512, 264, 32, 5] });
  });
});
