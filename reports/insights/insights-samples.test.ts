// The findings on the real samples of every agent in fixtures/samples: hits within stated bounds, per agent.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../import/run.js';
import type { Source } from '../../schema/records.js';
import { type Db, openDb } from '../../schema/open-db.js';
import { PriceBook, SHIPPED_PRICES } from '../pricing.js';
import { defaultParams } from '../run-report.js';
import { registerReportFunctions } from '../sql-functions.js';
import { findingNamed, findings } from './registry.js';
import { findingHits, runInsights } from './run-insights.js';

const SAMPLES = path.join(__dirname, '..', '..', 'fixtures', 'samples');
const CODEX = path.join(SAMPLES, 'codex');
const CODEX_PUBLIC = path.join(CODEX, 'public/wesm-agentsview/internal/parser/testdata/codex');
const GEMINI = path.join(SAMPLES, 'gemini');

let db: Db;
let dir: string;
let sourceOf: Map<string, Source>;
beforeAll(async () => {
  db = openDb(':memory:');
  registerReportFunctions(db, new PriceBook({ ...SHIPPED_PRICES }));
  // OpenCode's database is read in place: a copy keeps the fixture untouched.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-insights-samples-'));
  const opencode = path.join(dir, 'opencode.db');
  fs.copyFileSync(path.join(SAMPLES, 'opencode/opencode-1.18.33-sqlite/opencode.db'), opencode);
  const imports: [Source, string[]][] = [
    ['claude-code', [path.join(SAMPLES, 'claude')]],
    ['opencode', [opencode]],
    [
      'codex',
      [
        ...['codex-0.169.0', 'codex-0.58.0', 'harness-0.171.0', 'harness-0.58.0'].map((d) => path.join(CODEX, d)),
        // the hand-written fixtures are not named rollout-*.jsonl: they are named one by one
        ...fs.readdirSync(CODEX_PUBLIC).map((f) => path.join(CODEX_PUBLIC, f)),
      ],
    ],
    ['gemini', ['harness-0.61.0', 'harness-0.10.0'].map((d) => path.join(GEMINI, d, 'gemini-home'))],
  ];
  for (const [source, paths] of imports) {
    const summary = await runImport(db, { paths, sources: [source], env: {} });
    expect(summary.failed, source).toEqual([]);
  }
  sourceOf = new Map(
    (db.prepare('SELECT id, source FROM sessions').all() as { id: string; source: Source }[]).map((r) => [
      r.id,
      r.source,
    ]),
  );
}, 60_000);
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A finding's hits in the sessions of one agent (Claude Code unless named). */
const count = (id: string, source: Source = 'claude-code') => {
  const hits = findingHits(db, findingNamed(id)!, defaultParams()).filter((h) => sourceOf.get(h.session_id) === source);
  return { hits: hits.length, sessions: new Set(hits.map((h) => h.session_id)).size, hitList: hits };
};

describe('findings on the real samples', () => {
  it('edit-before-read: about two dozen, half of them inside subagents', () => {
    const { hits, sessions, hitList } = count('edit-before-read');
    expect(hits).toBeGreaterThanOrEqual(20);
    expect(hits).toBeLessThanOrEqual(30);
    expect(sessions).toBeGreaterThanOrEqual(5);
    const sub = hitList.filter((h) => h.detail?.includes('subagent')).length;
    expect(sub).toBeGreaterThanOrEqual(10);
    expect(sub).toBeLessThan(hits);
    expect(hitList.some((h) => h.detail?.includes('retry'))).toBe(true);
  });

  it('cache-rebuild-after-pause: a dozen resumes costing about $3 extra', () => {
    const { hits, hitList } = count('cache-rebuild-after-pause');
    expect(hits).toBeGreaterThanOrEqual(10);
    expect(hits).toBeLessThanOrEqual(20);
    const cost = hitList.reduce((n, h) => n + (h.cost ?? 0), 0);
    expect(cost).toBeGreaterThan(2);
    expect(cost).toBeLessThan(5);
  });

  it('commit-blocked-by-checks: the spotter project, about 9 minutes of hook runs', () => {
    const { hits, hitList } = count('commit-blocked-by-checks');
    expect(hits).toBeGreaterThanOrEqual(8);
    expect(hits).toBeLessThanOrEqual(14);
    expect(new Set(hitList.map((h) => h.project.startsWith('spotter'))).size).toBe(1);
    const minutes = hitList.reduce((n, h) => n + (h.ms ?? 0), 0) / 60_000;
    expect(minutes).toBeGreaterThan(5);
    expect(minutes).toBeLessThan(15);
  });

  it('repeated-failing-command, subagent-cost, user-rejected-tool, big-tool-output, command-not-found', () => {
    const bounds: Record<string, [number, number]> = {
      'repeated-failing-command': [3, 8],
      'subagent-cost': [10, 30],
      'user-rejected-tool': [8, 16],
      'big-tool-output': [40, 70],
      'command-not-found': [3, 10],
    };
    for (const [id, [lo, hi]] of Object.entries(bounds)) {
      const { hits } = count(id);
      expect(hits, id).toBeGreaterThanOrEqual(lo);
      expect(hits, id).toBeLessThanOrEqual(hi);
    }
    expect(
      count('user-rejected-tool').hitList.some((h) => h.subject === 'Bash(npm install)' && h.detail === 'use pnpm'),
    ).toBe(true);
  });

  it('headless-permission-denied: the claude -p experiment and an old -p run, as permission rules', () => {
    const { hits, sessions, hitList } = count('headless-permission-denied');
    expect(hits).toBeGreaterThanOrEqual(5);
    expect(hits).toBeLessThanOrEqual(8);
    expect(sessions).toBe(2);
    // "The following part requires approval: claude -p ..." names the command, not the whole line
    expect(hitList.map((h) => h.subject)).toContain('Bash(claude -p)');
    expect(hitList.map((h) => h.subject)).toContain('WebSearch');
  });

  it('expensive-model-trivial-session: a few Opus sessions without edits, cents each at Sonnet 4.5 prices', () => {
    const { hits, hitList } = count('expensive-model-trivial-session');
    expect(hits).toBeGreaterThanOrEqual(4);
    expect(hits).toBeLessThanOrEqual(10);
    expect(hitList.every((h) => /opus/.test(h.subject) && h.cost !== null && h.cost >= 0)).toBe(true);
    const saved = hitList.reduce((n, h) => n + (h.cost ?? 0), 0);
    expect(saved).toBeGreaterThan(0.1);
    expect(saved).toBeLessThan(1);
  });

  it('edit-string-not-found-loop, repeated-compaction, mcp-failures: none in the samples', () => {
    // Each sample misses an edit's text at most once per file, compacts at most once, and calls no
    // MCP tool (the MCP names in them are in text, not calls): the hand-made database tests these.
    for (const source of ['claude-code', 'opencode', 'codex', 'gemini'] as const)
      for (const id of ['edit-string-not-found-loop', 'repeated-compaction', 'mcp-failures'])
        expect(count(id, source).hits, `${id} ${source}`).toBe(0);
    expect(count('edit-string-not-found-loop').hitList).toEqual([]);
    // the single misses are found, in Claude Code's, Gemini CLI's and Codex's words
    const single = runInsights(
      db,
      [{ ...findingNamed('edit-string-not-found-loop')!, thresholds: { min_misses: 1 } }],
      defaultParams(),
      {
        minHits: 1,
        limit: -1,
        only: null,
        now: Date.now(),
      },
    );
    expect(single[0]!.hits).toBeGreaterThanOrEqual(6);
  });

  it('the other agents: what each finding sees in the OpenCode, Codex and Gemini CLI samples', () => {
    // Their samples are short scripted runs: a subagent and a rejection with feedback (OpenCode),
    // and long command outputs (Codex, Gemini CLI); each other finding finds nothing there.
    const seen: Record<string, Record<string, number>> = {};
    for (const source of ['opencode', 'codex', 'gemini'] as const)
      for (const f of findings) {
        const n = count(f.id, source).hits;
        if (n) (seen[source] ??= {})[f.id] = n;
      }
    expect(seen).toEqual({
      opencode: { 'subagent-cost': 1, 'user-rejected-tool': 1 },
      codex: { 'big-tool-output': 1 },
      gemini: { 'big-tool-output': 2 },
    });
    expect(count('user-rejected-tool', 'opencode').hitList[0]).toMatchObject({
      subject: 'bash(echo hello-from-mock)',
      detail: 'Not now (demo rejection)',
    });
    expect(count('big-tool-output', 'codex').hitList[0]!.subject).toBe('exec_command(seq 1 30000)');
    expect(count('big-tool-output', 'gemini').hitList.map((h) => h.subject)).toEqual([
      'run_shell_command(seq 1 30000)',
      'run_shell_command(seq 1 30000)',
    ]);
  });

  it("hook-failures: the samples' only failing hooks are two in one session, under the guard", () => {
    const { hits, sessions, hitList } = count('hook-failures');
    expect([hits, sessions]).toEqual([2, 1]);
    expect(hitList.map((h) => h.subject)).toEqual([
      'PostToolUse:Edit [uv run ruff check]',
      'Stop [./scripts/clmail.cmd actor idle]',
    ]);
  });

  it('every finding with hits in two sessions passes the guard on the whole history, the most costly first', () => {
    const rows = runInsights(db, findings, defaultParams(), { minHits: 3, limit: -1, only: null, now: Date.now() });
    // hook-failures: two in one session, under the guard; permission prompts come from the live
    // hooks, never from a transcript: none in the samples
    const none = ['edit-string-not-found-loop', 'repeated-compaction', 'mcp-failures', 'hook-failures', 'permission-prompts'];
    expect(count('permission-prompts').hits).toBe(0);
    expect(rows.map((r) => r.id).sort()).toEqual(
      findings
        .map((f) => f.id)
        .filter((id) => !none.includes(id))
        .sort(),
    );
    expect(rows[0]!.id).toBe('cache-rebuild-after-pause');
  });

  it('finds nothing in a history of one session, for any agent', () => {
    const single = db
      .prepare(
        // a subagent counts as a session of its parent's project
        `SELECT coalesce(p.project_name, s.project_name) AS project FROM sessions s LEFT JOIN sessions p ON p.id = s.parent_session_id
         WHERE coalesce(p.project_name, s.project_name) IS NOT NULL GROUP BY 1 HAVING count(*) = 1`,
      )
      .all() as { project: string }[];
    expect(single.length).toBeGreaterThan(3);
    for (const { project } of single)
      expect(
        runInsights(db, findings, defaultParams({ project }), { minHits: 1, limit: -1, only: null, now: Date.now() }),
        project,
      ).toEqual([]);
  });
});
