// Each finding on a hand-made database whose expected hits the tests state; the guard, ranking, trend, formats and --explain.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../../schema/open-db.js';
import { Writer } from '../../schema/writer.js';
import { addLaterFindings, buildInsightsWorld, GPT5_PRO, MIN, OPUS, T0 } from '../../test/insights-world.fixture.js';
import { openReportDb } from '../report-db.js';
import type { ReportParams } from '../report.js';
import { defaultParams } from '../run-report.js';
import { runSql } from '../run-sql.js';
import { explainSql, explainText, inlineParams } from './explain.js';
import { findingNamed, findings } from './registry.js';
import { INSIGHT_FORMATS, renderInsights } from './render-insights.js';
import { findingHits, type InsightOptions, runInsights } from './run-insights.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-insights-'));
const file = path.join(dir, 'agentlog.db');
let db: Db;
beforeAll(() => {
  const rw = openDb(file);
  buildInsightsWorld(rw);
  addLaterFindings(rw);
  rw.close();
  db = openReportDb(file, { readonly: true, env: { XDG_CONFIG_HOME: dir } }).db;
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const hits = (id: string, over: Partial<ReportParams> = {}) =>
  findingHits(db, findingNamed(id)!, defaultParams(over)).map(
    ({ session_id, at, subject, detail, cost, ms, tokens }) => ({
      session_id,
      at: at - T0,
      subject,
      detail,
      cost: cost === null ? null : Math.round(cost * 1e6) / 1e6,
      ms,
      tokens,
    }),
  );
const opts = (over: Partial<InsightOptions> = {}): InsightOptions => ({
  minHits: 3,
  limit: -1,
  only: null,
  now: T0 + 24 * 60 * MIN,
  ...over,
});
const row = { cost: null, ms: null, tokens: null };

describe('findings on the hand-made database', () => {
  it('edit-before-read: each failed edit of an unread file, retries and OpenCode wording included', () => {
    expect(hits('edit-before-read')).toEqual([
      { ...row, session_id: 's1', at: MIN, subject: '/work/alpha/a.ts', detail: 'Edit', ms: 100 },
      {
        ...row,
        session_id: 's1',
        at: 2 * MIN,
        subject: '/work/alpha/a.ts',
        detail: 'Edit, a retry with identical input',
        ms: 100,
      },
      { ...row, session_id: 's2', at: 121 * MIN, subject: '/work/alpha/b.ts', detail: 'Write', ms: 100 },
      { ...row, session_id: 's3', at: 241 * MIN, subject: '/work/beta/c.ts', detail: 'Edit', ms: 100 },
    ]);
  });

  it('cache-rebuild-after-pause: the write after a pause past the 5-minute cache, priced as write minus read', () => {
    // Sonnet 4: cache write $3.75, cache read $0.30 per million tokens.
    expect(hits('cache-rebuild-after-pause')).toEqual([
      {
        session_id: 's1',
        at: 10 * MIN,
        subject: 'after 10 min',
        detail: '30000 tokens written again',
        cost: (30_000 * (3.75 - 0.3)) / 1e6,
        ms: null,
        tokens: 30_000,
      },
      {
        session_id: 's2',
        at: 152 * MIN,
        subject: 'after 30 min',
        detail: '26000 tokens written again',
        cost: (26_000 * (3.75 - 0.3)) / 1e6,
        ms: null,
        tokens: 26_000,
      },
    ]);
  });

  it("commit-blocked-by-checks: commits a pre-commit hook or the agent's own hook stopped, with their run time", () => {
    expect(hits('commit-blocked-by-checks').map((h) => [h.session_id, h.at, h.ms])).toEqual([
      ['s1', 3 * MIN, 20_000],
      ['s1', 9 * MIN, 5000],
      ['s2', 123 * MIN, 40_000],
    ]);
  });

  it('repeated-failing-command: 3 identical failures in a session; fail-fail-pass is not one', () => {
    expect(hits('repeated-failing-command')).toEqual([
      { ...row, session_id: 's1', at: 4 * MIN, subject: 'npm test', detail: 'Exit code 1 (3 times)', ms: 6000 },
      { ...row, session_id: 's3', at: 242 * MIN, subject: 'make build', detail: 'Exit code 2 (3 times)', ms: 1500 },
    ]);
  });

  it('subagent-cost: a subagent that edited nothing, its model and cost, and what its parent read again', () => {
    expect(hits('subagent-cost')).toEqual([
      {
        session_id: 's1:sub',
        at: 20 * MIN,
        subject: `Explore on ${OPUS}`,
        detail: '1 files read again by the parent',
        cost: (1000 * 15 + 1000 * 75) / 1e6,
        ms: 2 * MIN,
        tokens: 2000,
      },
    ]);
  });

  it('user-rejected-tool: by command prefix with the reason given; not a rejected plan nor a missing permission', () => {
    expect(hits('user-rejected-tool').map((h) => [h.session_id, h.subject, h.detail])).toEqual([
      ['s1', 'Bash(npm install)', 'use pnpm'],
      ['s2', 'Bash(npm install)', null],
    ]);
  });

  it('big-tool-output: outputs over 10 k characters before the cut, tokens estimated at 4 characters', () => {
    expect(hits('big-tool-output').map((h) => [h.session_id, h.subject, h.tokens])).toEqual([
      ['s1', 'Read(/work/alpha/big.json)', 12_500],
      ['s2', 'Bash(cat log.txt)', 3000],
    ]);
  });

  it('command-not-found: exit 127 and npm config noise recorded as the error', () => {
    expect(hits('command-not-found').map((h) => [h.session_id, h.subject])).toEqual([
      ['s1', 'pytest'],
      ['s2', 'npm config warning'],
    ]);
  });

  it('headless-permission-denied: claude -p and gemini -p refusals, as permission rules; not a shell EACCES', () => {
    expect(
      hits('headless-permission-denied').map((h) => [h.session_id, h.at, h.subject, h.detail?.split(':')[0]]),
    ).toEqual([
      // the part of the compound command that needed approval, not the `cd` before it
      ['s1', 7 * MIN, 'Bash(npm test)', 'claude-code'],
      ['s1', 8 * MIN, 'WebSearch', 'claude-code'],
      ['s3', 251 * MIN, 'Write', 'claude-code'],
      ['s4', 361 * MIN, 'run_shell_command(npm test)', 'gemini'],
    ]);
    const advice = findingNamed('headless-permission-denied')!.advise(
      findingHits(db, findingNamed('headless-permission-denied')!, defaultParams()),
    );
    expect(advice.snippet).toBe(
      '{ "permissions": { "allow": ["Bash(npm test:*)", "WebSearch", "Write"] } }\n{ "tools": { "allowed": ["run_shell_command(npm test)"] } }',
    );
  });

  it('edit-string-not-found-loop: two misses on one file in a session, in the words of all four agents', () => {
    expect(hits('edit-string-not-found-loop')).toEqual([
      {
        ...row,
        session_id: 's2',
        at: 142 * MIN,
        subject: '/work/alpha/e.ts',
        detail: '2 failed edits (Edit)',
        ms: 1000,
      },
      {
        ...row,
        session_id: 's3',
        at: 252 * MIN,
        subject: '/work/beta/c.ts',
        detail: '2 failed edits (Edit)',
        ms: 1000,
      },
      {
        ...row,
        session_id: 's4',
        at: 362 * MIN,
        subject: '/work/gamma/g.ts',
        detail: '2 failed edits (replace)',
        ms: 1000,
      },
      {
        ...row,
        session_id: 's5',
        at: 481 * MIN,
        subject: '/work/gamma/h.ts',
        detail: '2 failed edits (apply_patch)',
        ms: 1000,
      },
    ]);
  });

  it('repeated-compaction: each mid-task compaction of a session with two or more, and the files read again after it', () => {
    // a.ts read again after the first (8000 characters), big.json after the second (9000)
    expect(hits('repeated-compaction')).toEqual([
      {
        ...row,
        session_id: 's1',
        at: 26 * MIN,
        subject: 'auto compaction',
        detail: 'from 150000 tokens; 1 files read again',
        tokens: 2000,
      },
      {
        ...row,
        session_id: 's1',
        at: 41 * MIN,
        subject: 'auto compaction',
        detail: 'from 160000 tokens; 1 files read again',
        tokens: 2250,
      },
      { ...row, session_id: 's5', at: 483 * MIN, subject: 'compaction', detail: '0 files read again', tokens: 0 },
      { ...row, session_id: 's5', at: 486 * MIN, subject: 'compaction', detail: '0 files read again', tokens: 0 },
    ]);
  });

  it('mcp-failures: failures and timeouts by server; not a call the user interrupted', () => {
    expect(hits('mcp-failures').map((h) => [h.session_id, h.subject, h.detail, h.ms])).toEqual([
      ['s1', 'github', 'mcp__github__create_issue (timeout): MCP error -32001: Request timed out', 60_000],
      ['s2', 'github', 'mcp__github__search_code (network error): Error: connect ECONNREFUSED 127.0.0.1:3000', 5],
      ['s4', 'docs', 'docs__lookup (failed): boom', 20],
    ]);
  });

  it('expensive-model-trivial-session: main sessions on Opus or gpt-5-pro without edits, priced at the next model down', () => {
    expect(hits('expensive-model-trivial-session')).toEqual([
      {
        session_id: 's6',
        at: 541 * MIN,
        subject: OPUS,
        detail: '2 tool calls, no edits; priced again as claude-sonnet-4-5',
        // Opus 4.1 $15/$75, Sonnet 4.5 $3/$15 per million input/output tokens
        cost: (10_000 * (15 - 3) + 1000 * (75 - 15)) / 1e6,
        ms: null,
        tokens: 11_000,
      },
      {
        session_id: 's7',
        at: 561 * MIN,
        subject: GPT5_PRO,
        detail: '1 tool calls, no edits; priced again as gpt-5',
        // gpt-5-pro $15/$120, gpt-5 $1.25/$10
        cost: (5000 * (15 - 1.25) + 500 * (120 - 10)) / 1e6,
        ms: null,
        tokens: 5500,
      },
    ]);
  });

  it('hook-failures: every failed, blocking or cancelled hook run; a blocking Stop hook adds the rest of the turn it forced', () => {
    expect(hits('hook-failures')).toEqual([
      {
        ...row,
        session_id: 's1',
        at: 7 * MIN,
        subject: 'PostToolUse:Edit [npm run lint]',
        detail: 'blocking_error: 2 lint errors',
        ms: 3000,
      },
      {
        ...row,
        session_id: 's1',
        at: 8 * MIN,
        subject: 'Stop [./notify.sh]',
        detail: 'non_blocking_error: notify: command not found',
        ms: 20,
      },
      {
        ...row,
        session_id: 's1',
        at: 9 * MIN,
        subject: 'PreToolUse:Bash [./guard.sh]',
        detail: 'blocking_error: run the tests first',
        ms: 4000,
      },
      { ...row, session_id: 's1:sub', at: 21 * MIN, subject: 'SubagentStop [./slow.sh]', detail: 'cancelled' },
      {
        ...row,
        session_id: 's2',
        at: 128 * MIN,
        subject: 'PostToolUse:Edit [npm run lint]',
        detail: 'blocking_error: 1 lint error',
        ms: 4000,
      },
      // 500 ms of the hook, then the 2 minutes until turn t2 ended (t1 ended before the hook ran).
      {
        ...row,
        session_id: 's2',
        at: 135 * MIN,
        subject: 'Stop [./check-todos.sh]',
        detail: 'blocking_error: 2 todos open',
        ms: 500 + 2 * MIN,
      },
    ]);
    const advice = findingNamed('hook-failures')!.advise(
      findingHits(db, findingNamed('hook-failures')!, defaultParams()),
    );
    expect(advice.text).toContain('6 hook runs failed or blocked (4 blocked the agent, 2.2 minutes)');
    expect(advice.text).toContain('`PostToolUse:Edit [npm run lint]` 2×');
    expect(advice.target).toBe('.claude/settings.json `hooks`');
    expect(JSON.parse(`{${advice.snippet}}`)).toEqual({
      hooks: {
        PostToolUse: [{ matcher: 'Edit', hooks: [{ type: 'command', command: 'npm run lint', timeout: 60 }] }],
      },
    });
  });
});

describe('a period', () => {
  // The grouped findings read only the sessions with a row in the period; a hit still counts in the
  // period of its first row, with every row of its group, whichever period the others fall in.
  it('holds a grouped hit whose first row is in it, with the rows after it', () => {
    const period = (from: number, to: number) => ({ since: T0 + from * MIN, until: T0 + to * MIN });
    // s1's npm test failed at 4, 5 and 6 minutes
    expect(hits('repeated-failing-command', period(0, 5))).toEqual([
      { ...row, session_id: 's1', at: 4 * MIN, subject: 'npm test', detail: 'Exit code 1 (3 times)', ms: 6000 },
    ]);
    expect(hits('repeated-failing-command', period(5, 100))).toEqual([]);
    // s2 missed its edit of e.ts at 142 and 143 minutes
    expect(hits('edit-string-not-found-loop', period(142, 143)).map((h) => [h.session_id, h.detail])).toEqual([
      ['s2', '2 failed edits (Edit)'],
    ]);
    expect(hits('edit-string-not-found-loop', period(143, 200))).toEqual([]);
  });

  it('holds an expensive session whose first response is in it, priced with its later responses', () => {
    const other = path.join(dir, 'later-response.db');
    const rw = openDb(other);
    buildInsightsWorld(rw);
    addLaterFindings(rw);
    // s6 asked Opus again at 700 minutes, hours after its first response (541)
    const writer = new Writer(rw);
    writer.begin();
    writer.write({
      kind: 'message',
      source: 'claude-code',
      role: 'assistant',
      is_sidechain: false,
      id: 'm8b',
      session_id: 's6',
      model: OPUS,
      prompt_tokens: 20_000,
      completion_tokens: 2000,
      cache_read_tokens: 0,
      cache_write_tokens: 0,
      created_at: T0 + 700 * MIN,
    });
    writer.commit(null);
    rw.close();
    const later = openReportDb(other, { readonly: true, env: { XDG_CONFIG_HOME: dir } }).db;
    const s6 = (since: number, until: number) =>
      findingHits(later, findingNamed('expensive-model-trivial-session')!, defaultParams({ since, until }))
        .filter((h) => h.session_id === 's6')
        .map((h) => [h.at - T0, h.tokens, Math.round(h.cost! * 1e6) / 1e6]);
    try {
      expect(s6(T0 + 540 * MIN, T0 + 545 * MIN)).toEqual([[541 * MIN, 33_000, (30_000 * 12 + 3000 * 60) / 1e6]]);
      expect(s6(T0 + 600 * MIN, T0 + 800 * MIN)).toEqual([]);
    } finally {
      later.close();
    }
  });
});

describe('runInsights', () => {
  it('keeps findings with --min-hits hits in 2 sessions or more, ranked by cost, minutes, then hits', () => {
    const rows = runInsights(db, findings, defaultParams(), opts({ minHits: 2 }));
    expect(rows.map((r) => [r.id, r.hits, r.sessions, r.projects])).toEqual([
      ['expensive-model-trivial-session', 2, 2, 2],
      ['cache-rebuild-after-pause', 2, 2, 1],
      ['hook-failures', 6, 3, 1],
      ['commit-blocked-by-checks', 3, 2, 1],
      ['mcp-failures', 3, 3, 2],
      ['edit-string-not-found-loop', 4, 4, 3],
      ['repeated-failing-command', 2, 2, 2],
      ['edit-before-read', 4, 3, 2],
      ['headless-permission-denied', 4, 3, 3],
      ['command-not-found', 2, 2, 1],
      ['user-rejected-tool', 2, 2, 1],
      ['repeated-compaction', 4, 2, 2],
      ['big-tool-output', 2, 2, 1],
    ]);
    expect(rows[1]!.cost).toBeCloseTo((56_000 * 3.45) / 1e6, 10);
    expect(rows[2]!.minutes).toBe(2.2);
    expect(rows[3]!.minutes).toBe(1.1);
    expect(rows.find((r) => r.id === 'user-rejected-tool')!.snippet).toContain('"Bash(npm install:*)"');
    expect(rows.every((r) => r.trend === null && r.examples.length > 0)).toBe(true);
    expect(runInsights(db, findings, defaultParams(), opts()).map((r) => r.id)).toEqual([
      'hook-failures',
      'commit-blocked-by-checks',
      'mcp-failures',
      'edit-string-not-found-loop',
      'edit-before-read',
      'headless-permission-denied',
      'repeated-compaction',
    ]);
    expect(
      runInsights(
        db,
        findings,
        defaultParams(),
        opts({ minHits: 2, limit: 2, only: ['big-tool-output', 'edit-before-read'] }),
      ).map((r) => r.id),
    ).toEqual(['edit-before-read', 'big-tool-output']);
  });

  it('finds nothing in a history of one session', () => {
    // beta's one session (s3) has hits of several findings: the guard keeps every one of them out
    for (const project of ['beta', 'alpha-wt'])
      expect(runInsights(db, findings, defaultParams({ project }), opts({ minHits: 1 }))).toEqual([]);
  });

  it('compares with the period before of the same length', () => {
    const p = defaultParams({ since: T0 + 100 * MIN, until: T0 + 300 * MIN });
    const rows = runInsights(db, findings, p, opts({ minHits: 2, only: ['edit-before-read', 'big-tool-output'] }));
    expect(rows.map((r) => [r.id, r.hits, r.previous_hits, r.trend])).toEqual([['edit-before-read', 2, 2, 'steady']]);
    const later = runInsights(
      db,
      findings,
      defaultParams({ since: T0 + 60 * MIN }),
      opts({ minHits: 2, only: ['edit-before-read'] }),
    );
    expect(later.map((r) => [r.hits, r.previous_hits, r.trend])).toEqual([[2, 2, 'steady']]);
    const wider = runInsights(
      db,
      findings,
      defaultParams({ since: T0 - 60 * MIN, until: T0 + 600 * MIN }),
      opts({ only: ['edit-before-read', 'mcp-failures'] }),
    );
    expect(wider.map((r) => [r.id, r.previous_hits, r.trend])).toEqual([
      ['mcp-failures', 0, 'new'],
      ['edit-before-read', 0, 'new'],
    ]);
  });
});

describe('output', () => {
  const rows = () => runInsights(db, findings, defaultParams(), opts({ minHits: 2 }));
  it('every format parses back to the same findings', () => {
    const ids = rows().map((r) => r.id);
    expect(INSIGHT_FORMATS).toEqual(['table', 'json', 'markdown', 'ndjson']);
    const json = JSON.parse(renderInsights('json', rows(), 'UTC')) as {
      id: string;
      first_seen: string;
      examples: { at: string }[];
    }[];
    expect(json.map((r) => r.id)).toEqual(ids);
    expect(json[0]!.first_seen).toBe('2026-11-20T19:01:00.000+00:00');
    const nd = renderInsights('ndjson', rows(), 'UTC')
      .split('\n')
      .map((l) => (JSON.parse(l) as { id: string }).id);
    expect(nd).toEqual(ids);
    const md = renderInsights('markdown', rows(), 'UTC');
    const tableIds = md
      .split('\n')
      .filter((l) => /^\| [a-z-]+ \| (fix|habit|fyi) \|/.test(l))
      .map((l) => l.split('|')[1]!.trim());
    expect(tableIds).toEqual(ids);
    expect([...md.matchAll(/^## ([a-z-]+):/gm)].map((m) => m[1])).toEqual(ids);
    const table = renderInsights('table', rows(), 'UTC');
    expect([...table.matchAll(/^([a-z-]+): /gm)].map((m) => m[1])).toEqual(ids);
    expect(renderInsights('table', [], 'UTC')).toBe('No findings for this period.');
  });

  it('--explain shows SQL that runs under `agentlog sql` and gives the same hits', () => {
    for (const f of findings) {
      const p = defaultParams({ since: T0, project: 'alpha' });
      const viaSql = runSql(db, explainSql(f, p)).rows;
      expect(viaSql.length, f.id).toBe(findingHits(db, f, p).length);
      expect(explainText(db, f, p)).toContain('SQL (one row per hit');
    }
    expect(inlineParams("SELECT ':x' AS a, :x AS b, :y AS c", { x: "it's", y: null })).toBe(
      "SELECT ':x' AS a, 'it''s' AS b, NULL AS c",
    );
    // An apostrophe in a comment opens no literal; a cast is not a parameter.
    expect(inlineParams("SELECT :x -- the session's :x\n, :y::text, :x", { x: 1, y: 'a' })).toBe(
      "SELECT 1 -- the session's :x\n, 'a'::text, 1",
    );
  });
});
