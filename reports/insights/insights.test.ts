// Each finding on a hand-made database whose expected hits the tests state; the guard, ranking, trend, formats and --explain.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../../schema/open-db.js';
import { buildInsightsWorld, MIN, OPUS, T0 } from '../../test/insights-world.fixture.js';
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

describe('runInsights', () => {
  it('keeps findings with --min-hits hits in 2 sessions or more, ranked by cost, minutes, then hits', () => {
    const rows = runInsights(db, findings, defaultParams(), opts({ minHits: 2 }));
    expect(rows.map((r) => [r.id, r.hits, r.sessions, r.projects])).toEqual([
      ['cache-rebuild-after-pause', 2, 2, 1],
      ['hook-failures', 6, 3, 1],
      ['commit-blocked-by-checks', 3, 2, 1],
      ['repeated-failing-command', 2, 2, 2],
      ['edit-before-read', 4, 3, 2],
      ['command-not-found', 2, 2, 1],
      ['user-rejected-tool', 2, 2, 1],
      ['big-tool-output', 2, 2, 1],
    ]);
    expect(rows[0]!.cost).toBeCloseTo((56_000 * 3.45) / 1e6, 10);
    expect(rows[1]!.minutes).toBe(2.2);
    expect(rows[2]!.minutes).toBe(1.1);
    expect(rows.find((r) => r.id === 'user-rejected-tool')!.snippet).toContain('"Bash(npm install:*)"');
    expect(rows.every((r) => r.trend === null && r.examples.length > 0)).toBe(true);
    expect(runInsights(db, findings, defaultParams(), opts()).map((r) => r.id)).toEqual([
      'hook-failures',
      'commit-blocked-by-checks',
      'edit-before-read',
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
    const wider = runInsights(db, findings, defaultParams({ since: T0 - 60 * MIN, until: T0 + 600 * MIN }), opts());
    expect(wider.map((r) => [r.id, r.previous_hits, r.trend])).toEqual([
      ['hook-failures', 0, 'new'],
      ['commit-blocked-by-checks', 0, 'new'],
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
    expect(json[0]!.first_seen).toBe('2026-11-20T10:10:00.000+00:00');
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
  });
});
