// The findings on the real Claude Code samples in fixtures/samples/claude: hits within stated bounds.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../import/run.js';
import { type Db, openDb } from '../../schema/open-db.js';
import { PriceBook, SHIPPED_PRICES } from '../pricing.js';
import { defaultParams } from '../run-report.js';
import { registerReportFunctions } from '../sql-functions.js';
import { findingNamed, findings } from './registry.js';
import { findingHits, runInsights } from './run-insights.js';

const SAMPLES = path.join(__dirname, '..', '..', 'fixtures', 'samples', 'claude');

let db: Db;
beforeAll(async () => {
  db = openDb(':memory:');
  registerReportFunctions(db, new PriceBook({ ...SHIPPED_PRICES }));
  await runImport(db, { paths: [SAMPLES], sources: ['claude-code'], env: {} });
}, 60_000);

const count = (id: string) => {
  const hits = findingHits(db, findingNamed(id)!, defaultParams());
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

  it('every finding passes the guard on the whole history, the most costly first', () => {
    const rows = runInsights(db, findings, defaultParams(), { minHits: 3, limit: -1, only: null, now: Date.now() });
    // Permission prompts come from the live hooks, never from a transcript: none in the samples.
    const fromHooks = ['permission-prompts'];
    expect(fromHooks.map((id) => count(id).hits)).toEqual([0]);
    expect(rows.map((r) => r.id).sort()).toEqual(
      findings
        .map((f) => f.id)
        .filter((id) => !fromHooks.includes(id))
        .sort(),
    );
    expect(rows[0]!.id).toBe('cache-rebuild-after-pause');
  });
});
