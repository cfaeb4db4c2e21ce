// End to end over real transcripts: files in, database out, checked against counts made here independently.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../../schema/open-db.js';
import { dumpTables } from '../../schema/table-dump.js';
import { runImport } from '../../import/run.js';
import { oracleView } from '../../test/claude-oracle-view.js';
import { DEMO_ORACLE, SAMPLES_ORACLE } from '../../test/claude-oracle-totals.js';

const SAMPLES = path.resolve(__dirname, '../../fixtures/samples/claude');
const CCL = path.join(SAMPLES, 'claude-code-log');
const SAMPLE_PROJECT = path.join(CCL, 'real_projects/-Users-dain-workspace-claude-code-log-sample');
const SPOTTER = path.join(SAMPLES, 'spotter/transcripts');
const DEMO = path.resolve(__dirname, '../../fixtures/demo/claude/projects');

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
});
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-import-'));
  cleanup.push(() => fs.rmSync(d, { recursive: true, force: true }));
  return d;
}
function db(): Db {
  const d = openDb(path.join(tmpDir(), 'agentlog.db'));
  cleanup.unshift(() => d.close());
  return d;
}
const one = (d: Db, sql: string, ...args: unknown[]) => d.prepare(sql).get(...args) as Record<string, number>;
const copy = (from: string, dir: string, name = path.basename(from)) => {
  const to = path.join(dir, name);
  fs.copyFileSync(from, to);
  return to;
};

function* jsonlFiles(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* jsonlFiles(p);
    else if (e.name.endsWith('.jsonl')) yield p;
  }
}

const NOT_JSON = Symbol('not JSON');
/** Each non-blank line of each transcript under `root`, parsed (NOT_JSON where it does not parse). */
function* lineValues(root: string): Generator<any> {
  for (const file of jsonlFiles(root)) {
    for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
      if (!raw.trim()) continue;
      try {
        yield JSON.parse(raw);
      } catch {
        yield NOT_JSON;
      }
    }
  }
}

/** The expected totals, counted straight from the files with the definitions of shared/tools/oracle_claude.py. */
function countIndependently(root: string) {
  const toolName = new Map<string, string>();
  const failed = new Set<string>();
  const usage = new Map<string, number[]>();
  const compactions = new Set<string>();
  const sessions = new Set<string>();
  const turns = new Map<string, number>();
  const hookFailures = new Set<string>();
  let bad = 0;
  for (const e of lineValues(root)) {
    if (e === NOT_JSON || typeof e !== 'object' || e === null || Array.isArray(e)) {
      bad++;
      continue;
    }
    if ((e.type === 'user' || e.type === 'assistant') && e.isSidechain !== true && e.sessionId)
      sessions.add(e.sessionId);
    if (e.type === 'system' && e.subtype === 'compact_boundary' && e.uuid) compactions.add(e.uuid);
    if (e.type === 'system' && e.subtype === 'turn_duration' && e.uuid && typeof e.durationMs === 'number')
      turns.set(e.uuid, e.durationMs);
    if (e.type === 'system' && e.subtype === 'stop_hook_summary' && e.uuid && Array.isArray(e.hookErrors))
      e.hookErrors.forEach((_: unknown, i: number) => hookFailures.add(`${e.uuid}:${i}`));
    if (
      e.type === 'attachment' &&
      e.uuid &&
      /^hook_(blocking_error|non_blocking_error|cancelled)$/.test(e.attachment?.type)
    )
      hookFailures.add(e.uuid);
    const blocks: any[] = Array.isArray(e.message?.content) ? e.message.content : [];
    if (e.type === 'assistant') {
      for (const b of blocks)
        if (b?.type === 'tool_use' && b.id && !toolName.has(b.id)) toolName.set(b.id, b.name ?? '?');
      const u = e.message?.usage;
      if (u && typeof u === 'object' && e.message.model !== '<synthetic>' && e.message.id) {
        const key = `${e.message.id}|${e.requestId}`;
        const vals = ['input_tokens', 'output_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens'].map(
          (k) => Number(u[k] ?? 0),
        );
        const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
        if (!usage.has(key) || sum(vals) > sum(usage.get(key)!)) usage.set(key, vals);
      }
    }
    if (e.type === 'user')
      for (const b of blocks) if (b?.type === 'tool_result' && b.is_error === true) failed.add(b.tool_use_id);
  }
  const perTool: Record<string, number> = {};
  for (const name of toolName.values()) perTool[name] = (perTool[name] ?? 0) + 1;
  const tokens = [0, 0, 0, 0];
  for (const v of usage.values()) v.forEach((x, i) => (tokens[i]! += x));
  return {
    tools: toolName.size,
    failures: [...toolName.keys()].filter((id) => failed.has(id)).length,
    perTool,
    responses: usage.size,
    tokens,
    compactions: compactions.size,
    turns: turns.size,
    turnMs: [...turns.values()].reduce((a, b) => a + b, 0),
    hookFailures: hookFailures.size,
    sessions,
    bad,
  };
}

describe('importing the whole samples tree', () => {
  it('agrees with an independent count: tool calls, failures, tokens per response, compactions, sessions', async () => {
    const d = db();
    const summary = await runImport(d, { paths: [SAMPLES] });
    const expected = countIndependently(SAMPLES);
    expect(summary.failed).toEqual([]);
    expect(summary.badLines).toBe(expected.bad);

    expect(one(d, 'SELECT count(*) AS n FROM tools').n).toBe(expected.tools);
    expect(one(d, 'SELECT count(*) AS n FROM tools WHERE success = 0').n).toBe(expected.failures);
    const perTool = Object.fromEntries(
      (
        d.prepare('SELECT tool_name, count(*) AS n FROM tools GROUP BY tool_name').all() as {
          tool_name: string;
          n: number;
        }[]
      ).map((r) => [r.tool_name, r.n]),
    );
    expect(perTool).toEqual(expected.perTool);

    const t = one(
      d,
      'SELECT count(tokens) AS n, sum(prompt_tokens) AS i, sum(completion_tokens) AS o, sum(cache_write_tokens) AS w, sum(cache_read_tokens) AS r FROM messages',
    );
    expect(t.n).toBe(expected.responses);
    expect([t.i, t.o, t.w, t.r]).toEqual(expected.tokens);
    const s = one(
      d,
      'SELECT sum(prompt_tokens) AS i, sum(completion_tokens) AS o, sum(cache_write_tokens) AS w, sum(cache_read_tokens) AS r FROM sessions',
    );
    expect([s.i, s.o, s.w, s.r]).toEqual(expected.tokens);

    expect(one(d, "SELECT count(*) AS n FROM compaction_events WHERE kind = 'compact'").n).toBe(expected.compactions);
    expect(one(d, 'SELECT count(*) AS n, sum(duration_ms) AS ms FROM turns')).toEqual({
      n: expected.turns,
      ms: expected.turnMs,
    });
    expect(one(d, 'SELECT count(*) AS n FROM hook_events').n).toBe(expected.hookFailures);
    const mains = (d.prepare('SELECT id FROM sessions WHERE parent_session_id IS NULL').all() as { id: string }[]).map(
      (r) => r.id,
    );
    expect(new Set(mains)).toEqual(expected.sessions);
    expect(one(d, 'SELECT sum(tool_call_count) AS n FROM sessions').n).toBe(expected.tools);
    expect(one(d, 'SELECT count(*) AS n FROM sessions WHERE source <> ?', 'claude-code').n).toBe(0);
  });

  it('changes nothing when imported again, whether files are unchanged or read again', async () => {
    const d = db();
    await runImport(d, { paths: [SAMPLES] });
    const first = dumpTables(d);
    const again = await runImport(d, { paths: [SAMPLES] });
    expect(again.unchanged).toBe(again.files);
    expect(dumpTables(d)).toEqual(first);
    d.exec('UPDATE import_state SET parser_version = 0'); // forces a full re-read of every file
    const reread = await runImport(d, { paths: [SAMPLES] });
    expect(reread.imported).toBe(reread.files);
    expect(dumpTables(d)).toEqual(first);
  });

  it('gives the same totals whatever order the files come in', async () => {
    const files = [...jsonlFiles(SAMPLES)].sort();
    const forward = db();
    const backward = db();
    for (const f of files) await runImport(forward, { paths: [f] });
    for (const f of files.reverse()) await runImport(backward, { paths: [f] });
    const totals = (d: Db) =>
      one(
        d,
        `SELECT (SELECT count(*) FROM tools) AS tools, (SELECT count(*) FROM messages) AS messages,
        (SELECT sum(tokens) FROM messages) AS tokens, (SELECT count(*) FROM sessions) AS sessions,
        (SELECT count(*) FROM file_operations) AS ops, (SELECT sum(success = 0) FROM tools) AS failures`,
      );
    expect(totals(backward)).toEqual(totals(forward));
  });
});

describe('the oracle totals (shared/tools/oracle_claude.py, recorded in test/claude-oracle-totals.ts)', () => {
  for (const [name, root, expected] of [
    ['the samples', SAMPLES, SAMPLES_ORACLE],
    ['the demo corpus written by Claude Code 2.1.330', DEMO, DEMO_ORACLE],
  ] as const) {
    it(`agree with the database on ${name}`, async () => {
      const d = db();
      const summary = await runImport(d, { paths: [root] });
      expect(oracleView(d, summary.badLines)).toEqual(expected);
    });
  }
});

describe('duplicated history', () => {
  it('counts the line that three resumed sessions copied (uuid cc67b20e) once', async () => {
    const d = db();
    const names = [
      '71c9afe9-d9cc-4583-86b3-e62ba682b83a',
      'b45ad5d8-81fb-4bcb-baba-19d9f503d731',
      'cbc0f75b-b36d-4efd-a7da-ac800ea30eb6',
    ];
    await runImport(d, { paths: names.map((n) => path.join(SAMPLE_PROJECT, `${n}.jsonl`)) });
    expect(one(d, "SELECT count(*) AS n FROM messages WHERE id = 'cc67b20e-4350-4a71-bc4f-8b64f2adb806'").n).toBe(1);
    expect(one(d, 'SELECT count(*) AS n FROM sessions').n).toBe(3);
    expect(one(d, 'SELECT sum(message_count) AS n FROM sessions').n).toBe(
      one(d, 'SELECT count(*) AS n FROM messages').n,
    );
  });

  it('counts each streamed response once, with its final usage (spotter 2.1.39, placeholder usage on early chunks)', async () => {
    const d = db();
    const file = path.join(SPOTTER, 'ae4a77f8-aedd-4bc1-888f-c94edc91af04.jsonl');
    await runImport(d, { paths: [file] });
    const lines = fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    const best = new Map<string, number>();
    let chunkSum = 0;
    for (const e of lines) {
      const u = e.type === 'assistant' ? e.message?.usage : undefined;
      if (!u || e.message.model === '<synthetic>') continue;
      const total =
        u.input_tokens + u.output_tokens + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0);
      chunkSum += total;
      const key = `${e.message.id}|${e.requestId}`;
      best.set(key, Math.max(best.get(key) ?? 0, total));
    }
    const expected = [...best.values()].reduce((a, b) => a + b, 0);
    expect(one(d, 'SELECT sum(tokens) AS n FROM messages').n).toBe(expected);
    expect(expected).toBeLessThan(chunkSum); // summing every line would have over-counted
    // Text of the chunks of one response is joined in one row.
    expect(one(d, "SELECT count(*) AS n FROM messages WHERE role = 'assistant'").n).toBe(best.size);
  });
});

describe('pairing calls with results', () => {
  it('pairs parallel calls whose results interleave with the chunks of their response', async () => {
    const d = db();
    await runImport(d, {
      paths: [path.join(DEMO, '-tmp-cc-harness-work-demo-app/08061124-4504-4fe5-8b8f-c23d0660df2f.jsonl')],
    });
    const rows = d
      .prepare('SELECT tool_name, success, duration_ms, message_id FROM tools ORDER BY created_at')
      .all() as {
      tool_name: string;
      success: number | null;
      duration_ms: number | null;
      message_id: string;
    }[];
    expect(rows.map((r) => r.tool_name).sort()).toEqual(['Bash', 'Bash', 'Bash', 'Glob', 'Grep', 'Read']);
    expect(rows.every((r) => r.success !== null && r.duration_ms !== null && r.duration_ms >= 0)).toBe(true);
    expect(rows.filter((r) => r.success === 0).map((r) => r.tool_name)).toEqual(['Bash']);
    // Several calls came in one response: they share its message row.
    expect(new Set(rows.map((r) => r.message_id)).size).toBeLessThan(rows.length);
  });

  it('leaves success NULL exactly for the calls that have no result anywhere', async () => {
    const d = db();
    await runImport(d, { paths: [SAMPLES] });
    const withResult = new Set<string>();
    for (const e of lineValues(SAMPLES)) {
      const blocks = e?.type === 'user' && Array.isArray(e.message?.content) ? e.message.content : [];
      for (const b of blocks) if (b?.type === 'tool_result' && b.tool_use_id) withResult.add(b.tool_use_id);
    }
    const calls = d.prepare('SELECT call_id, success FROM tools').all() as {
      call_id: string;
      success: number | null;
    }[];
    expect(
      calls
        .filter((c) => c.success === null)
        .map((c) => c.call_id)
        .sort(),
    ).toEqual(
      calls
        .filter((c) => !withResult.has(c.call_id))
        .map((c) => c.call_id)
        .sort(),
    );
  });
});

describe('files that change between imports', () => {
  const source = path.join(SAMPLE_PROJECT, '12a546d1-83a7-49a6-abba-5400db340b43.jsonl');
  const lines = fs.readFileSync(source, 'utf8').split('\n').filter(Boolean);

  it('reads only the new lines of a file that grew, and the same rows result as one import', async () => {
    const dir = tmpDir();
    const file = path.join(dir, path.basename(source));
    fs.writeFileSync(file, `${lines.slice(0, 50).join('\n')}\n`);
    const d = db();
    await runImport(d, { paths: [file] });
    fs.appendFileSync(file, `${lines.slice(50).join('\n')}\n`);
    await runImport(d, { paths: [file] });
    const state = one(d, 'SELECT lines, offset FROM import_state');
    expect(state).toEqual({ lines: lines.length, offset: fs.statSync(file).size });

    const whole = db();
    await runImport(whole, { paths: [copy(source, tmpDir())] });
    const strip = (rows: Record<string, unknown[]>) => {
      for (const r of rows.sessions as Record<string, unknown>[]) r.transcript_path = null;
      return rows;
    };
    expect(strip(dumpTables(d))).toEqual(strip(dumpTables(whole)));
  });

  it('imports a last line saved without a newline, and reads on correctly when the file grows', async () => {
    const file = path.join(tmpDir(), path.basename(source));
    fs.writeFileSync(file, lines.slice(0, 30).join('\n'));
    const d = db();
    await runImport(d, { paths: [file] });
    expect(one(d, 'SELECT lines, offset FROM import_state')).toEqual({ lines: 30, offset: fs.statSync(file).size });
    fs.appendFileSync(file, `\n${lines.slice(30).join('\n')}\n`);
    const grown = await runImport(d, { paths: [file] });
    expect(grown.badLines).toBe(0);
    expect(one(d, 'SELECT lines FROM import_state').lines).toBe(lines.length);
    const whole = db();
    await runImport(whole, { paths: [source] });
    expect(one(d, 'SELECT count(*) AS n FROM messages').n).toBe(one(whole, 'SELECT count(*) AS n FROM messages').n);
  });

  it('leaves a partial last line for the next import, then imports it once', async () => {
    const file = path.join(tmpDir(), path.basename(source));
    const last = lines[lines.length - 1]!;
    fs.writeFileSync(file, `${lines.slice(0, -1).join('\n')}\n${last.slice(0, 40)}`);
    const d = db();
    const first = await runImport(d, { paths: [file] });
    expect(first.badLines).toBe(0);
    expect(one(d, 'SELECT lines FROM import_state').lines).toBe(lines.length - 1);
    const unchanged = await runImport(d, { paths: [file] });
    expect(unchanged.unchanged).toBe(1);
    fs.appendFileSync(file, `${last.slice(40)}\n`);
    await runImport(d, { paths: [file] });
    const whole = db();
    await runImport(whole, { paths: [source] });
    expect(one(d, 'SELECT count(*) AS n FROM messages').n).toBe(one(whole, 'SELECT count(*) AS n FROM messages').n);
    expect(one(d, 'SELECT lines FROM import_state').lines).toBe(lines.length);
  });

  it('loses nothing when a file is truncated, rewritten with other content, or deleted', async () => {
    const file = path.join(tmpDir(), path.basename(source));
    fs.copyFileSync(source, file);
    const d = db();
    await runImport(d, { paths: [path.dirname(file)] });
    const full = dumpTables(d);

    fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
    const truncated = await runImport(d, { paths: [path.dirname(file)] });
    expect(truncated.imported).toBe(1);
    expect(dumpTables(d)).toEqual(full);

    const other = path.join(SAMPLE_PROJECT, 'cbc0f75b-b36d-4efd-a7da-ac800ea30eb6.jsonl');
    fs.copyFileSync(other, file);
    await runImport(d, { paths: [path.dirname(file)] });
    const after = dumpTables(d);
    for (const table of Object.keys(full)) {
      const ids = new Set((after[table] as { id: string }[]).map((r) => r.id));
      for (const r of full[table] as { id: string }[]) expect(ids.has(r.id)).toBe(true);
    }
    expect(one(d, 'SELECT count(*) AS n FROM sessions').n).toBe(2);

    fs.rmSync(file);
    const gone = await runImport(d, { paths: [path.dirname(file)] });
    expect(gone.failed).toEqual([]);
    expect(dumpTables(d)).toEqual(after);
  });
});

describe('odd files', () => {
  it("skips edge_cases.jsonl's bad lines, reporting each with file and line, and imports the rest", async () => {
    const d = db();
    const summary = await runImport(d, { paths: [path.join(CCL, 'edge_cases.jsonl')] });
    expect(summary.failed).toEqual([]);
    expect(summary.badLines).toBe(3);
    expect(summary.invalidEntries).toBe(1);
    expect(summary.problems.map((p) => `${path.basename(p.path)}:${p.line}`)).toEqual([
      'edge_cases.jsonl:13',
      'edge_cases.jsonl:14',
      'edge_cases.jsonl:15',
      'edge_cases.jsonl:16',
    ]);
    expect(one(d, 'SELECT count(*) AS n FROM messages').n).toBe(10);
    expect(one(d, 'SELECT bad_lines FROM import_state').bad_lines).toBe(4);
  });

  it('imports the empty, summary-only and snapshot-only files without error and without sessions', async () => {
    const d = db();
    const summary = await runImport(d, {
      paths: [
        path.join(SAMPLE_PROJECT, '4fe49c7c-ff82-4ac7-b3f2-79c22036bd58.jsonl'),
        path.join(SAMPLE_PROJECT, '4e27c414-a885-46a0-b5c8-d58e1417377d.jsonl'),
        path.join(CCL, 'real_projects/-experiments-ideas/a95fea4a-b88a-4e49-ac07-4cc323d8700c.jsonl'),
      ],
    });
    expect(summary).toMatchObject({ files: 3, imported: 3, badLines: 0, failed: [] });
    expect(one(d, 'SELECT count(*) AS n FROM sessions').n).toBe(0);
    expect(one(d, 'SELECT count(*) AS n FROM import_state').n).toBe(3);
  });

  it('gives a summary line title to the session of its file', async () => {
    const d = db();
    await runImport(d, { paths: [path.join(SAMPLE_PROJECT, 'fe869ecb-c176-478f-9734-7e4b8ef12cff.jsonl')] });
    expect(one(d, 'SELECT title_rank FROM sessions').title_rank).toBe(2);
  });
});

describe('subagents', () => {
  it('links subagent files of all three layouts to their parent sessions', async () => {
    const d = db();
    await runImport(d, { paths: [SAMPLES] });
    const sub = (id: string) =>
      d.prepare('SELECT parent_session_id, agent_type, message_count FROM sessions WHERE id = ?').get(id);
    // nested 2.1.x, with the type from the parent's Agent result
    expect(sub('ef958aa1-0e93-49f0-bb71-150f63befcd1:a36efb2a1231c41e2')).toMatchObject({
      parent_session_id: 'ef958aa1-0e93-49f0-bb71-150f63befcd1',
      agent_type: 'general-purpose',
    });
    // flat 2.0.x, with the type from the parent's Task call
    expect(sub('a7da6a22-facc-4fcd-8bab-f83c87862004:c8d9b115')).toMatchObject({
      parent_session_id: 'a7da6a22-facc-4fcd-8bab-f83c87862004',
      agent_type: 'Explore',
    });
    // inline 1.0.x: five Task chains in the main file become five subagent sessions
    const inline = d
      .prepare(
        "SELECT count(*) AS n, sum(message_count) AS m FROM sessions WHERE parent_session_id = 'fe5e1c67-53e7-4862-81ae-d0e013e3270b'",
      )
      .get() as { n: number; m: number };
    expect(inline.n).toBe(5);
    expect(
      one(
        d,
        "SELECT count(*) AS n FROM messages WHERE is_sidechain = 1 AND session_id LIKE 'fe5e1c67-53e7-4862-81ae-d0e013e3270b:%'",
      ).n,
    ).toBe(inline.m);
  });
});

describe('hooks and turns', () => {
  it("stores hook_attachments.jsonl's blocking and non-blocking hook errors, not its successes", async () => {
    const d = db();
    await runImport(d, { paths: [path.join(CCL, 'hook_attachments.jsonl')] });
    expect(
      d
        .prepare(
          'SELECT id, session_id, hook_name, outcome, command, exit_code, duration_ms, call_id FROM hook_events ORDER BY id',
        )
        .all(),
    ).toEqual([
      {
        id: 'hook-blocking-1',
        session_id: 'hook-fix-001',
        hook_name: 'PostToolUse:Edit',
        outcome: 'blocking_error',
        command: 'uv run ruff check',
        exit_code: null,
        duration_ms: null,
        call_id: 'toolu_x',
      },
      {
        id: 'hook-non-blocking-1',
        session_id: 'hook-fix-001',
        hook_name: 'Stop',
        outcome: 'non_blocking_error',
        command: './scripts/clmail.cmd actor idle',
        exit_code: 1,
        duration_ms: 75,
        call_id: null,
      },
    ]);
  });

  it('stores the turns of a 2.1.114 session, with their message counts', async () => {
    const d = db();
    const file = path.join(CCL, 'real_projects/-experiments-worktrees/ef958aa1-0e93-49f0-bb71-150f63befcd1.jsonl');
    await runImport(d, { paths: [file] });
    const turns = d.prepare('SELECT session_id, duration_ms, message_count FROM turns ORDER BY created_at').all();
    expect(turns).toHaveLength(2);
    expect(turns[1]).toEqual({
      session_id: 'ef958aa1-0e93-49f0-bb71-150f63befcd1',
      duration_ms: 152878,
      message_count: 157,
    });
  });
});
