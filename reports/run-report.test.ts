// The ccusage-style behaviour of running a report: limits that keep the newest days, order, totals, breakdown, filters.
import { beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../schema/open-db.js';
import { PriceBook, SHIPPED_PRICES } from './pricing.js';
import { reportNamed } from './registry.js';
import { resolveFilters } from './resolve-filters.js';
import { defaultParams, runReport } from './run-report.js';
import { registerReportFunctions } from './sql-functions.js';
import { buildWorld } from '../test/world.fixture.js';
import { ParamError } from './params.js';

let db: Db;
beforeAll(() => {
  db = openDb(':memory:');
  registerReportFunctions(db, new PriceBook({ ...SHIPPED_PRICES }));
  buildWorld(db);
});

const usage = reportNamed('usage')!;

describe('usage by day', () => {
  it('is oldest first; --limit N keeps the newest N days; --order desc turns it round', () => {
    const all = runReport(db, usage, defaultParams()).rows.map((r) => r.day);
    expect(all).toEqual(['2026-11-20', '2026-11-21']);
    const newest = runReport(db, usage, defaultParams({ limit: 1 }));
    expect(newest.rows.map((r) => r.day)).toEqual(['2026-11-21']);
    expect(newest.matched).toBe(2);
    expect(runReport(db, usage, defaultParams(), { order: 'desc' }).rows.map((r) => r.day)).toEqual([
      '2026-11-21',
      '2026-11-20',
    ]);
    expect(runReport(db, usage, defaultParams({ limit: 1 }), { order: 'desc' }).rows.map((r) => r.day)).toEqual([
      '2026-11-21',
    ]);
  });

  it('has a Total row over every matched row: the priced cost, and the tokens without a price', () => {
    const { rows, total } = runReport(db, usage, defaultParams({ limit: 1 }));
    const all = runReport(db, usage, defaultParams()).rows;
    expect(rows).toHaveLength(1);
    expect(total!.day).toBe('Total');
    expect(total!.total_tokens).toBe(all.reduce((s, r) => s + (r.total_tokens as number), 0));
    // Day 2026-11-20 has an unpriced model, so its cost is NULL; the total still sums what is priced.
    expect(all[0]!.cost).toBeNull();
    const byModel = runReport(db, usage, defaultParams({ by: 'model' })).rows;
    const priced = byModel.reduce((s, r) => s + ((r.cost as number | null) ?? 0), 0);
    const unpriced = byModel.filter((r) => r.cost === null).reduce((s, r) => s + (r.total_tokens as number), 0);
    expect(total!.cost).toBeCloseTo(priced, 9);
    expect(total!.unpriced_tokens).toBe(unpriced);
    expect(unpriced).toBeGreaterThan(0);
    // JSON rows never carry the Total row's helper keys.
    expect(Object.keys(rows[0]!)).not.toContain('priced_cost');
    expect(Object.keys(rows[0]!)).not.toContain('unpriced_tokens');
  });

  it('--breakdown gives one row per model under each day, adding up to the day', () => {
    const { rows, children } = runReport(db, usage, defaultParams(), { breakdown: true });
    for (const day of rows) {
      const kids = children!(day)!;
      expect(kids.length).toBeGreaterThan(0);
      expect(kids.reduce((s, k) => s + (k.total_tokens as number), 0)).toBe(day.total_tokens);
      for (const k of kids) expect(typeof k.day).toBe('string');
    }
    const models = children!(rows[0]!)!.map((k) => k.day);
    expect(models).toContain('claude-sonnet-4-20250514');
  });

  it('by session shows the title and project beside the id', () => {
    const rows = runReport(db, usage, defaultParams({ by: 'session' })).rows;
    expect(rows.some((r) => r.title !== null && r.project_name === 'alpha')).toBe(true);
  });
});

describe('a report that counts its own matches (sessions)', () => {
  it('runs with --limit, showing the first rows of the whole list and how many matched', () => {
    const sessions = reportNamed('sessions')!;
    const all = runReport(db, sessions, defaultParams());
    expect(all.rows.length).toBeGreaterThan(2);
    expect(all.matched).toBe(all.rows.length);
    const two = runReport(db, sessions, defaultParams({ limit: 2 }));
    expect(two.rows).toEqual(all.rows.slice(0, 2));
    expect(two.matched).toBe(all.rows.length);
    const one = runReport(db, sessions, defaultParams({ limit: 1, source: 'opencode' }));
    expect(one.matched).toBe(all.rows.filter((r) => r.source === 'opencode').length);
  });
});

describe('totals of projects and tool-errors', () => {
  it('projects: sums of the counts; tool-errors: calls, failures and the overall rate', () => {
    const projects = runReport(db, reportNamed('projects')!, defaultParams());
    expect(projects.total!.sessions).toBe(projects.rows.reduce((s, r) => s + (r.sessions as number), 0));
    const tools = runReport(db, reportNamed('tool-errors')!, defaultParams());
    const calls = tools.rows.reduce((s, r) => s + (r.total as number), 0);
    const failures = tools.rows.reduce((s, r) => s + (r.failures as number), 0);
    expect(tools.total).toMatchObject({ tool_name: 'Total', total: calls, failures });
    expect(tools.total!.error_rate).toBeCloseTo((100 * failures) / calls, 2);
  });
});

describe('--model and --project as people type them', () => {
  const models = (model: string) =>
    runReport(db, usage, defaultParams({ by: 'model', model })).rows.map((r) => r.model);

  it('--model opus / sonnet match by family word', () => {
    expect(models('sonnet')).toEqual(['claude-sonnet-4-20250514']);
    expect(models('opus').sort()).toEqual(['claude-opus-4-6', 'claude-opus-9']);
    expect(models('claude-sonnet-4')).toEqual(['claude-sonnet-4-20250514']);
  });

  it('a model that matches nothing names the models there are', async () => {
    await expect(resolveFilters(db, defaultParams({ model: 'gemini' }))).rejects.toThrow(ParamError);
    await expect(resolveFilters(db, defaultParams({ model: 'gemini' }))).rejects.toThrow(/claude-sonnet-4-20250514/);
  });

  it('--project takes a unique prefix or part of a name; an ambiguous one lists the candidates', async () => {
    expect((await resolveFilters(db, defaultParams({ project: 'bet' }))).project).toBe('beta');
    expect((await resolveFilters(db, defaultParams({ project: 'elt' }))).project).toBe('delta');
    expect((await resolveFilters(db, defaultParams({ project: 'alpha' }))).project).toBe('alpha');
    await expect(resolveFilters(db, defaultParams({ project: 'alp' }))).rejects.toThrow(/alpha, alpha-wt/);
    await expect(resolveFilters(db, defaultParams({ project: 'zzz' }))).rejects.toThrow(/matches no project.*alpha/);
  });
});
