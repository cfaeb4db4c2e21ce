// usage, daily-spend, projects and sessions read from usage_rollup and usage_hourly give what today's SQL on the raw message rows gives.
import { describe, expect, it } from 'vitest';
import { openDb, type Db } from '../schema/open-db.js';
import { QUARTER_MS } from '../schema/rollups.js';
import { Writer } from '../schema/writer.js';
import { dailySpend } from './defs/daily-spend.js';
import { projects, PROJECTS_SQL } from './defs/projects.js';
import { sessions } from './defs/sessions.js';
import { usage } from './defs/usage.js';
import { inRange, modelFilter, projectOf, sessionFilter, tokensByModel, withBounds } from './filters.js';
import { PriceBook, SHIPPED_PRICES } from './pricing.js';
import { type Report, type ReportParams, sqlOf } from './report.js';
import { defaultParams, type Row } from './run-report.js';
import { registerReportFunctions } from './sql-functions.js';

const Q = QUARTER_MS;
// A Saturday evening before Europe's change to summer time (2026-03-29 01:00 UTC), on a quarter hour.
const T = Date.UTC(2026, 2, 28, 22, 0);

/** Sessions in two projects (a subagent in its own worktree), three agents, stored and list-priced costs, and messages on, just before and just after quarter hours, without a model, without a time, and before 00:15 on 1970-01-01. */
function handMade(): Db {
  const db = openDb(':memory:');
  registerReportFunctions(db, new PriceBook({ ...SHIPPED_PRICES }));
  const w = new Writer(db);
  const session = (id: string, source: string, project: string, parent?: string) =>
    w.write({
      kind: 'session',
      id,
      source,
      project_name: project,
      project_path: `/w/${project}`,
      ...(parent ? { parent_session_id: parent } : {}),
      created_at: T - 3600_000,
      updated_at: T + 3 * 86_400_000,
    } as never);
  let n = 0;
  const message = (sid: string, source: string, model: string | null, at: number | null, extra: object = {}) =>
    w.write({
      kind: 'message',
      id: `${sid}-m${n++}`,
      session_id: sid,
      source,
      role: 'assistant',
      is_sidechain: false,
      ...(model ? { model } : {}),
      prompt_tokens: 3 + n,
      completion_tokens: 100 + n * 7,
      cache_write_tokens: 1000 + n * 13,
      cache_write_1h_tokens: n % 3 === 0 ? 200 : undefined,
      cache_read_tokens: 20_000 + n * 101,
      ...(at === null ? {} : { created_at: at }),
      ...extra,
    } as never);
  w.begin();
  session('main', 'claude-code', 'alpha');
  session('main:agent-1', 'claude-code', 'alpha-worktree', 'main');
  session('oc', 'opencode', 'beta');
  session('cx', 'codex', 'beta');
  const times = [T - 1, T, T + 1, T + Q - 1, T + Q, T + Q + 1, T + 7 * 60_000, T + 2 * Q + 5, T + 3600_000 * 5.5];
  for (const [i, at] of times.entries()) {
    message('main', 'claude-code', i % 4 === 3 ? 'claude-opus-4-1-20250805' : 'claude-sonnet-4-5-20250929', at);
    message('main:agent-1', 'claude-code', 'claude-haiku-4-5-20251001', at + 86_400_000);
    // Stored costs are exact binary fractions: their sums are the same in any order.
    message('oc', 'opencode', 'gpt-5', at + 2 * 86_400_000, i % 2 ? { cost: 0.125 * i } : {});
    message('cx', 'codex', i % 3 ? 'gpt-5-codex' : 'a-model-with-no-price', at);
  }
  message('main', 'claude-code', null, T + 30_000);
  message('main', 'claude-code', 'claude-sonnet-4-5-20250929', null);
  for (const at of [0, 5, Q - 1, Q, Q + 1, 2 * Q]) message('cx', 'codex', 'gpt-5-codex', at);
  w.commit(null);
  return db;
}

// Today's (raw-row) sums of each report, put back in place of the roll-up: the same keys and filters
// over `m` and `s` as the reports had before usage_rollup, from filters.ts's tokensByModel.
const local = (unit: string) => `local_bucket(m.created_at, '${unit}', :tz)`;
const RAW_KEYS: Record<string, string> = {
  day: local('day'),
  week: local('week'),
  month: local('month'),
  session: 'm.session_id',
  project: projectOf('s'),
  model: "coalesce(m.model, '(unknown)')",
  machine: 'machine_of(m.session_id)',
};
const filtered = `${inRange('m.created_at')} AND ${sessionFilter('s')} AND ${modelFilter('m.model')}`;

/** Replaces the text between `start` and the first `end` after it. */
function swap(sql: string, start: string, end: string, by: string): string {
  const i = sql.indexOf(start);
  const j = sql.indexOf(end, i + start.length);
  expect(i, `${start} in the report's SQL`).toBeGreaterThanOrEqual(0);
  expect(j).toBeGreaterThan(i);
  return sql.slice(0, i + start.length) + by + sql.slice(j);
}

function rawSql(report: Report, sql: string, p: ReportParams): string {
  switch (report.name) {
    case 'usage':
      return swap(sql, 'WITH g AS (', '),\npriced AS', tokensByModel(RAW_KEYS[p.by!]!, filtered));
    case 'daily-spend':
      return swap(
        sql,
        'WITH g AS (',
        '),\npriced AS',
        tokensByModel(`${local('day')} || char(31) || s.source`, filtered),
      );
    case 'projects':
      return swap(
        sql,
        ' AS c\n    FROM (',
        ') AS g) AS priced',
        // Without picked (usage_hourly's path: no bound, --project or --model), every session the filters keep.
        sql.includes('picked AS')
          ? tokensByModel(
              '(SELECT p.project_name FROM picked p WHERE p.id = m.session_id)',
              `m.session_id IN (SELECT id FROM picked) AND ${inRange('m.created_at')}`,
            )
          : tokensByModel(projectOf('s'), sessionFilter('s')),
      );
    default:
      return swap(
        sql,
        ' AS c FROM (',
        ') AS g) AS priced',
        tokensByModel('m.session_id', 'm.session_id IN (SELECT id FROM shown)'),
      );
  }
}

/** Equal rows; costs (sums of floats) to 1e-12 relative. */
function expectSame(got: Row[], want: Row[], what: string): void {
  expect(got.length, what).toBe(want.length);
  want.forEach((w, i) => {
    expect(Object.keys(got[i]!), what).toEqual(Object.keys(w));
    for (const [k, v] of Object.entries(w)) {
      const g = got[i]![k];
      if (typeof v === 'number' && !Number.isInteger(v) && typeof g === 'number') {
        expect(Math.abs(g - v), `${what} row ${i} ${k}: ${g} vs ${v}`).toBeLessThanOrEqual(Math.abs(v) * 1e-12);
      } else expect(g, `${what} row ${i} ${k}`).toEqual(v);
    }
  });
}

const BOUNDS: [string, Partial<ReportParams>][] = [
  ['no bound', {}],
  ['since on a quarter', { since: T + Q }],
  ['since off a quarter', { since: T + 1 }],
  ['since 7 minutes past', { since: T + 7 * 60_000 }],
  ['until on a quarter', { until: T + 2 * Q }],
  ['until off a quarter', { until: T + Q + 1 }],
  ['both inside one quarter', { since: T + 1, until: T + Q - 1 }],
  ['both off quarters, days apart', { since: T - 1, until: T + 2 * 86_400_000 + Q + 1 }],
  ['both on quarters', { since: T, until: T + 86_400_000 + Q }],
  ['since the epoch', { since: 0 }],
  ['since 5 ms after it', { since: 5, until: Q + 1 }],
  ['until the first quarter ends', { until: Q }],
];
const FILTERS: [string, Partial<ReportParams>][] = [
  ['', {}],
  [', project alpha', { project: 'alpha' }],
  [', project by path', { project: '/w/beta' }],
  [', source codex', { source: 'codex' }],
  [', model gpt-5', { model: 'gpt-5' }],
  [', model sonnet', { model: 'sonnet' }],
  [', no subagents', { subagents: 0 }],
];
const ZONES = ['UTC', 'Europe/Berlin', 'Asia/Kolkata', 'Asia/Kathmandu'];

describe('the summing reports on usage_rollup', () => {
  const db = handMade();
  // Each text is prepared once: the cases differ in their parameters.
  const prepared = new Map<string, ReturnType<Db['prepare']>>();
  const all = (sql: string, p: ReportParams) => {
    let stmt = prepared.get(sql);
    if (!stmt) prepared.set(sql, (stmt = db.prepare(sql)));
    return stmt.all(p) as Row[];
  };
  const cases: [Report, string | null][] = [
    ...(usage.option!.choices.map((by) => [usage, by]) as [Report, string][]),
    [dailySpend, null],
    [projects, null],
    [sessions, null],
  ];

  it('has rolled up every message with tokens', () => {
    const sums = 'SELECT count(*) AS rows, sum(tokens) AS t FROM';
    expect(db.prepare(`${sums} usage_rollup`).get()).toEqual({
      rows: expect.any(Number),
      t: (db.prepare(`SELECT sum(tokens) AS t FROM messages`).get() as { t: number }).t,
    });
  });

  it('reads usage_hour_model where it serves (whole-hour zones, no --project or --no-subagents), usage_hourly where only it does, else usage_rollup', () => {
    const text = (r: Report, p: Partial<ReportParams>) => sqlOf(r, defaultParams({ tz: 'Europe/Berlin', ...p }));
    for (const [r, by] of [
      [usage, 'day'],
      [usage, 'week'],
      [usage, 'month'],
      [usage, 'model'],
      [dailySpend, null],
    ] as const) {
      expect(text(r, { by }), `${r.name} ${by}`).toContain('usage_hour_model');
      expect(text(r, { by, source: 'codex', model: 'gpt-5', since: T }), `${r.name} ${by}`).toContain(
        'usage_hour_model',
      );
      expect(text(r, { by, source: 'codex', subagents: 0 }), `${r.name} ${by}`).toContain('usage_hourly');
      expect(text(r, { by, source: 'codex', subagents: 0 }), `${r.name} ${by}`).not.toContain('usage_hour_model');
      expect(text(r, { by, project: 'alpha' }), `${r.name} ${by}`).not.toMatch(/usage_hour(ly|_model)/);
    }
    for (const r of [usage, projects] as const) {
      expect(text(r, { by: 'project' }), `${r.name}`).toContain('usage_hourly');
      expect(text(r, { by: 'project' }), `${r.name}`).not.toContain('usage_hour_model');
      expect(text(r, { by: 'project', project: 'alpha' }), `${r.name}`).not.toContain('usage_hourly');
    }
    expect(text(usage, { by: 'day', tz: 'Asia/Kathmandu' })).not.toMatch(/usage_hour(ly|_model)/);
    expect(text(dailySpend, { tz: 'Asia/Kolkata' })).not.toMatch(/usage_hour(ly|_model)/);
    expect(text(usage, { by: 'model', tz: 'Asia/Kathmandu' })).toContain('usage_hour_model');
    expect(text(usage, { by: 'day', since: T })).toContain('usage_hour_model');
    expect(text(projects, { model: 'gpt-5' })).not.toContain('usage_hourly');
    // daily-spend shows no token kinds: it sums only the total and what its price needs, on either path.
    for (const tz of ['Europe/Berlin', 'Asia/Kolkata']) expect(text(dailySpend, { tz })).not.toContain('input_tokens');
  });

  it('projects from usage_hourly and the session index equals projects from the sessions, session counts included', () => {
    const filters: Partial<ReportParams>[] = [
      {},
      { source: 'codex' },
      { source: 'claude-code' },
      { subagents: 0 },
      { source: 'claude-code', subagents: 0 },
    ];
    for (const f of filters) {
      const p = defaultParams({ ...f, tz: 'Europe/Berlin', limit: 20 });
      const want = all(withBounds(PROJECTS_SQL.all, p), p);
      expect(want.length).toBeGreaterThan(0);
      expectSame(all(withBounds(PROJECTS_SQL.hourly, p), p), want, `projects ${JSON.stringify(f)}`);
    }
  });

  it.each(cases.map(([r, by]) => [`${r.name}${by ? ` --by ${by}` : ''}`, r, by] as const))(
    '%s equals the raw-row sums for every bound, filter and zone',
    (_label, report, by) => {
      let checked = 0;
      // Every bound with every filter in Berlin, and with no filter in every zone.
      const combos = BOUNDS.flatMap(([bound, b]) => [
        ...FILTERS.map(([filter, f]) => [bound, b, filter, f, 'Europe/Berlin'] as const),
        ...ZONES.map((tz) => [bound, b, '', {}, tz] as const),
      ]);
      for (const [bound, b, filter, f, tz] of combos) {
        const p = defaultParams({ ...b, ...f, tz, by });
        const what = `${report.name} ${by ?? ''} ${bound}${filter} ${tz}`;
        const sql = sqlOf(report, p);
        const want = all(rawSql(report, sql, p), p);
        expectSame(all(sql, p), want, what);
        if (report.breakdown) {
          const parts = report.breakdown(p);
          expectSame(all(parts, p), all(rawSql(report, parts, p), p), `${what} breakdown`);
        }
        checked += want.length;
      }
      // The cases above match rows, not only empty results.
      expect(checked).toBeGreaterThan(100);
    },
  );
});
