// Every report on a hand-made database whose expected rows follow from reports/world.fixture.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../schema/open-db.js';
import { PriceBook, SHIPPED_PRICES } from './pricing.js';
import { reportNamed, reports } from './registry.js';
import { type ReportParams, sqlOf } from './report.js';
import { defaultParams, runReport } from './run-report.js';
import { registerReportFunctions } from './sql-functions.js';
import { buildWorld, T0, TB } from '../test/world.fixture.js';

let db: Db;
let prices: PriceBook;
beforeAll(() => {
  db = openDb(':memory:');
  prices = new PriceBook({ ...SHIPPED_PRICES });
  registerReportFunctions(db, prices);
  buildWorld(db);
});

const rows = (name: string, over: Partial<ReportParams> = {}) =>
  runReport(db, reportNamed(name)!, defaultParams(over)).rows;
const pick = (rs: Record<string, unknown>[], ...keys: string[]) =>
  rs.map((r) => Object.fromEntries(keys.map((k) => [k, r[k]])));
const MIN = 60_000;

// Costs by hand, at list price per million tokens (input, output, 5m cache write, cache read; 1h write = 2x input).
const COST_A1 = (1000 * 3 + 500 * 15 + 1500 * 3.75 + 500 * 6 + 10000 * 0.3) / 1e6; // 0.022125
const COST_A2 = (100 * 3 + 100 * 15 + 20000 * 0.3) / 1e6; // 0.0078
const COST_SUB = (200 * 1 + 100 * 5) / 1e6; // haiku 4.5: 0.0007
const COST_B = (10 * 5 + 1000 * 25) / 1e6; // opus 4.6: 0.02505

describe('tool-errors', () => {
  it('counts calls and failures per tool, with the error rate and the most frequent kind of failure', () => {
    expect(rows('tool-errors')).toEqual([
      { tool_name: 'Bash', total: 5, failures: 3, error_rate: 60, top_error: 'Exit code 1' },
      { tool_name: 'Edit', total: 3, failures: 1, error_rate: 33.33, top_error: 'String to replace not found' },
      { tool_name: 'Grep', total: 1, failures: 0, error_rate: 0, top_error: null },
      { tool_name: 'Read', total: 1, failures: 0, error_rate: 0, top_error: null },
      { tool_name: 'Write', total: 1, failures: 0, error_rate: 0, top_error: null },
    ]);
  });

  it('follows --project (subagents count under their parent), --no-subagents, --since and --limit', () => {
    expect(pick(rows('tool-errors', { project: 'alpha' }), 'tool_name', 'total')).toEqual([
      { tool_name: 'Bash', total: 4 },
      { tool_name: 'Edit', total: 3 },
      { tool_name: 'Grep', total: 1 },
      { tool_name: 'Read', total: 1 },
      { tool_name: 'Write', total: 1 },
    ]);
    expect(rows('tool-errors', { project: '/work/alpha' })).toEqual(rows('tool-errors', { project: 'alpha' }));
    expect(pick(rows('tool-errors', { subagents: 0 }), 'tool_name', 'total')).toEqual([
      { tool_name: 'Bash', total: 5 },
      { tool_name: 'Edit', total: 2 },
      { tool_name: 'Read', total: 1 },
      { tool_name: 'Write', total: 1 },
    ]);
    expect(rows('tool-errors', { since: TB })).toEqual([
      { tool_name: 'Bash', total: 1, failures: 0, error_rate: 0, top_error: null },
    ]);
    expect(rows('tool-errors', { limit: 2 })).toHaveLength(2);
  });
});

describe('hot-files', () => {
  it('ranks edited and created files, counting the sessions that edited them', () => {
    expect(rows('hot-files')).toEqual([
      { file_path: '/work/alpha/a.ts', edits: 2, sessions: 2, last_edited: T0 + 11 * MIN + 30_000 + 600 },
      { file_path: '/work/alpha/b.ts', edits: 1, sessions: 1, last_edited: T0 + 8 * MIN + 200 },
    ]);
  });
});

describe('sessions', () => {
  it('lists sessions by tool calls, with failures, duration, tokens and cost', () => {
    const r = rows('sessions');
    expect(pick(r, 'id', 'tool_count', 'failures', 'duration_ms', 'tokens')).toEqual([
      { id: 'sess-a', tool_count: 8, failures: 4, duration_ms: 60 * MIN, tokens: 33700 },
      { id: 'sess-a:sub', tool_count: 2, failures: 0, duration_ms: 2 * MIN, tokens: 300 },
      { id: 'sess-b', tool_count: 1, failures: 0, duration_ms: 20 * MIN, tokens: 1010 },
      { id: 'sess-c', tool_count: 0, failures: 0, duration_ms: 0, tokens: 150 },
      { id: 'sess-d', tool_count: 0, failures: 0, duration_ms: 0, tokens: 20 },
    ]);
    expect(r[0]!.cost).toBeCloseTo(COST_A1 + COST_A2, 12);
    expect(r[2]!.cost).toBeCloseTo(COST_B, 12);
    expect(r[3]!.cost).toBe(0.5); // what OpenCode stored
    expect(r[4]!.cost).toBeNull(); // no price for claude-opus-9: NULL, not 0
    expect(prices.unpriced).toContain('claude-opus-9');
  });
});

describe('sessions: status and ended_at', () => {
  it('shows each session state as stored, empty where the source never says', () => {
    const own = openDb(':memory:');
    registerReportFunctions(own, new PriceBook({ ...SHIPPED_PRICES }));
    buildWorld(own);
    // Claude Code with hooks: SessionEnd. OpenCode with the plugin: when it last went idle. The rest: imported only.
    own
      .prepare("UPDATE sessions SET status = 'ended', end_reason = 'clear', ended_at = ? WHERE id = 'sess-a'")
      .run(T0 + 61 * MIN);
    own.prepare("UPDATE sessions SET status = 'idle', ended_at = ? WHERE id = 'sess-c'").run(T0 + 121 * MIN);
    const { rows: r, columns } = runReport(own, reportNamed('sessions')!, defaultParams({}));
    expect(pick(r, 'id', 'started', 'status', 'ended_at')).toEqual([
      { id: 'sess-a', started: '2026-11-20', status: 'ended', ended_at: T0 + 61 * MIN },
      { id: 'sess-a:sub', started: '2026-11-20', status: null, ended_at: null },
      { id: 'sess-b', started: '2026-11-21', status: null, ended_at: null },
      { id: 'sess-c', started: '2026-11-20', status: 'idle', ended_at: T0 + 121 * MIN },
      { id: 'sess-d', started: '2026-11-20', status: null, ended_at: null },
    ]);
    expect(Object.keys(r[0]!)).toEqual(columns.map((c) => c.key));
    own.close();
  });
});

describe('compactions', () => {
  it('counts compactions per session, or per local day with --by day', () => {
    expect(rows('compactions')).toEqual([
      {
        session_id: 'sess-b',
        title: 'Refactor, "carefully" | twice\nplease',
        compaction_count: 1,
        microcompactions: 1,
        avg_tokens_before: 150000,
        last_compacted: TB + 15 * MIN,
      },
    ]);
    expect(rows('compactions', { by: 'day' })).toEqual([
      { day: '2026-11-21', compaction_count: 1, microcompactions: 1, sessions: 1, avg_tokens_before: 150000 },
    ]);
    expect(rows('compactions', { by: 'day', tz: 'Asia/Tokyo' })[0]!.day).toBe('2026-11-22');
  });
});

describe('a time range', () => {
  const plan = (name: string, over: Partial<ReportParams>) => {
    const p = { ...defaultParams(over), limit: -1 };
    return (db.prepare(`EXPLAIN QUERY PLAN ${sqlOf(reportNamed(name)!, p)}`).all(p) as { detail: string }[])
      .map((r) => r.detail)
      .join('\n');
  };

  it('is read as a range of an index led by the time column, whichever bounds are given', () => {
    const index: Record<string, string> = {
      'tool-errors': 'tools_range',
      'slow-tools': 'tools_range',
      // the failed calls alone, in time order (013_findings_indexes)
      'failures-by-day': 'tools_failed_range',
      'hot-files': 'file_operations_range',
      activity: 'messages_range',
    };
    for (const [name, idx] of Object.entries(index)) {
      for (const over of [{ since: TB }, { until: TB }, { since: T0, until: TB }]) {
        expect(plan(name, over), `${name} ${JSON.stringify(over)}`).toMatch(
          new RegExp(`USING COVERING INDEX ${idx} \\(created_at[<>]`),
        );
      }
    }
  });

  it('leaves no IS NULL test of a bound in the SQL that runs', () => {
    for (const r of reports) {
      for (const over of [{}, { since: TB }, { until: TB }, { since: T0, until: TB }]) {
        expect(sqlOf(r, defaultParams(over)), `${r.name} ${JSON.stringify(over)}`).not.toMatch(
          /:(since|until) IS NULL/,
        );
      }
    }
  });
});

describe('errors', () => {
  it('groups failed API requests by day and type, with an example', () => {
    expect(rows('errors')).toEqual([
      {
        day: '2026-11-21',
        error_type: 'overloaded_error',
        count: 1,
        sessions: 1,
        status_code: 529,
        example: 'Overloaded',
      },
    ]);
  });
});

describe('usage', () => {
  it('sums tokens by local day, with the cost NULL where a model has no price', () => {
    expect(rows('usage')).toEqual([
      {
        day: '2026-11-20',
        input_tokens: 1410,
        output_tokens: 760,
        cache_write_tokens: 2000,
        cache_read_tokens: 30000,
        total_tokens: 34170,
        cost: null,
      },
      {
        day: '2026-11-21',
        input_tokens: 10,
        output_tokens: 1000,
        cache_write_tokens: 0,
        cache_read_tokens: 0,
        total_tokens: 1010,
        cost: COST_B,
      },
    ]);
  });

  it('moves rows to the days of the chosen time zone', () => {
    expect(pick(rows('usage', { tz: 'Asia/Tokyo' }), 'day', 'total_tokens')).toEqual([
      { day: '2026-11-20', total_tokens: 34170 },
      { day: '2026-11-22', total_tokens: 1010 },
    ]);
    expect(pick(rows('usage', { tz: 'America/Los_Angeles' }), 'day')).toEqual([
      { day: '2026-11-20' },
      { day: '2026-11-21' },
    ]);
  });

  it('groups by week, month, session, project and model', () => {
    expect(pick(rows('usage', { by: 'week' }), 'week', 'total_tokens')).toEqual([
      { week: '2026-11-16', total_tokens: 35180 },
    ]);
    expect(pick(rows('usage', { by: 'month' }), 'month', 'total_tokens')).toEqual([
      { month: '2026-11', total_tokens: 35180 },
    ]);
    expect(pick(rows('usage', { by: 'project' }), 'project', 'total_tokens')).toEqual([
      { project: 'alpha', total_tokens: 34000 },
      { project: 'beta', total_tokens: 1010 },
      { project: 'gamma', total_tokens: 150 },
      { project: 'delta', total_tokens: 20 },
    ]);
    const byModel = rows('usage', { by: 'model' });
    expect(pick(byModel, 'model', 'total_tokens')).toEqual([
      { model: 'claude-sonnet-4-20250514', total_tokens: 33700 },
      { model: 'claude-opus-4-6', total_tokens: 1010 },
      { model: 'claude-haiku-4-5-20251001', total_tokens: 300 },
      { model: 'gpt-5', total_tokens: 150 },
      { model: 'claude-opus-9', total_tokens: 20 },
    ]);
    expect(byModel[0]!.cost).toBeCloseTo(COST_A1 + COST_A2, 12);
    expect(byModel[2]!.cost).toBeCloseTo(COST_SUB, 12);
    expect(pick(rows('usage', { by: 'session' }), 'session')[0]).toEqual({ session: 'sess-a' });
  });

  it('follows --source, --model (by family) and a --since/--until range', () => {
    expect(rows('usage', { source: 'opencode' })).toEqual([
      {
        day: '2026-11-20',
        input_tokens: 100,
        output_tokens: 50,
        cache_write_tokens: 0,
        cache_read_tokens: 0,
        total_tokens: 150,
        cost: 0.5,
      },
    ]);
    expect(pick(rows('usage', { by: 'model', model: 'claude-sonnet-4' }), 'model')).toEqual([
      { model: 'claude-sonnet-4-20250514' },
    ]);
    expect(pick(rows('usage', { since: Date.UTC(2026, 10, 21), until: Date.UTC(2026, 10, 22) }), 'day')).toEqual([
      { day: '2026-11-21' },
    ]);
  });
});

describe('slow-tools', () => {
  it('gives the median, 95th percentile and maximum per tool', () => {
    expect(rows('slow-tools').slice(0, 2)).toEqual([
      // Bash: 1000, 1000, 2000, 3000, 5000 ms
      { tool_name: 'Bash', calls: 5, p50_ms: 2000, p95_ms: 4600, max_ms: 5000 },
      // Edit: 500, 500, 600 ms
      { tool_name: 'Edit', calls: 3, p50_ms: 500, p95_ms: 590, max_ms: 600 },
    ]);
  });

  it('reads exact percentiles off per-duration counts: the same as percentile() over every call', () => {
    // Many calls with repeated durations, under two raw names that show as one tool (bash, Bash).
    const mem = openDb(':memory:');
    registerReportFunctions(mem, prices);
    mem.exec(`INSERT INTO sessions (id, source) VALUES ('s', 'claude-code')`);
    const add = mem.prepare(
      `INSERT INTO tools (id, source, call_id, session_id, tool_name, category, duration_ms, created_at)
       VALUES (?, 'claude-code', ?, 's', ?, 'shell', ?, 1)`,
    );
    let seed = 1;
    const next = () => (seed = (seed * 48271) % 2147483647);
    for (let i = 0; i < 997; i++) add.run(`t${i}`, `t${i}`, i % 3 ? 'Bash' : 'bash', next() % 400);
    for (let i = 0; i < 5; i++) add.run(`r${i}`, `r${i}`, 'Read', [7, 7, 9, 100, 7][i]);
    // One call, two calls, and calls that all took as long: ranks at the first and the last row.
    add.run('g0', 'g0', 'Grep', 40);
    for (let i = 0; i < 2; i++) add.run(`l${i}`, `l${i}`, 'Glob', [30, 10][i]);
    for (let i = 0; i < 4; i++) add.run(`w${i}`, `w${i}`, 'Write', 25);
    // The median between the third and fourth of six: two ranks passed by two rows in a row.
    for (let i = 0; i < 6; i++) add.run(`k${i}`, `k${i}`, 'Task', 10 * (6 - i));
    const expected = mem
      .prepare(
        `SELECT tool_display_name(tool_name) AS tool_name, count(*) AS calls,
          round(percentile(duration_ms, 50)) AS p50_ms, round(percentile(duration_ms, 95)) AS p95_ms,
          max(duration_ms) AS max_ms
        FROM tools GROUP BY 1 ORDER BY p95_ms DESC, calls DESC, tool_name`,
      )
      .all();
    expect(expected).toHaveLength(6);
    // From the roll-up, and counted from the rows (a bound before every call).
    expect(runReport(mem, reportNamed('slow-tools')!, defaultParams()).rows).toEqual(expected);
    expect(runReport(mem, reportNamed('slow-tools')!, defaultParams({ since: -8e15 })).rows).toEqual(expected);
    mem.close();
  });
});

describe('projects', () => {
  it('sums each project, a subagent under its parent, most recently active first', () => {
    const r = rows('projects');
    expect(pick(r, 'project_name', 'sessions', 'tool_calls', 'failures', 'edits', 'tokens', 'last_active')).toEqual([
      {
        project_name: 'beta',
        sessions: 1,
        tool_calls: 1,
        failures: 0,
        edits: 0,
        tokens: 1010,
        last_active: TB + 20 * MIN,
      },
      {
        project_name: 'delta',
        sessions: 1,
        tool_calls: 0,
        failures: 0,
        edits: 0,
        tokens: 20,
        last_active: T0 + 180 * MIN,
      },
      {
        project_name: 'gamma',
        sessions: 1,
        tool_calls: 0,
        failures: 0,
        edits: 0,
        tokens: 150,
        last_active: T0 + 120 * MIN,
      },
      {
        project_name: 'alpha',
        sessions: 2,
        tool_calls: 10,
        failures: 4,
        edits: 3,
        tokens: 34000,
        last_active: T0 + 60 * MIN,
      },
    ]);
    expect(r[3]!.cost).toBeCloseTo(COST_A1 + COST_A2 + COST_SUB, 12);
    expect(r[1]!.cost).toBeNull();
  });
});

describe('daily-spend', () => {
  it('gives cost and tokens per local day, agent and model, the cost NULL where a model has no price', () => {
    const r = rows('daily-spend');
    expect(pick(r, 'day', 'source', 'model', 'total_tokens')).toEqual([
      { day: '2026-11-20', source: 'claude-code', model: 'claude-haiku-4-5-20251001', total_tokens: 300 },
      { day: '2026-11-20', source: 'claude-code', model: 'claude-opus-9', total_tokens: 20 },
      { day: '2026-11-20', source: 'claude-code', model: 'claude-sonnet-4-20250514', total_tokens: 33700 },
      { day: '2026-11-20', source: 'opencode', model: 'gpt-5', total_tokens: 150 },
      { day: '2026-11-21', source: 'claude-code', model: 'claude-opus-4-6', total_tokens: 1010 },
    ]);
    expect(r[0]!.cost).toBeCloseTo(COST_SUB, 12);
    expect(r[1]!.cost).toBeNull();
    expect(r[2]!.cost).toBeCloseTo(COST_A1 + COST_A2, 12);
    expect(r[3]!.cost).toBe(0.5);
    expect(r[4]!.cost).toBeCloseTo(COST_B, 12);
    // The same totals as usage by day, only split further.
    const sum = (rs: Record<string, unknown>[], k: string) => rs.reduce((a, x) => a + (x[k] as number), 0);
    expect(sum(r, 'total_tokens')).toBe(sum(rows('usage'), 'total_tokens'));
    expect(pick(rows('daily-spend', { tz: 'Asia/Tokyo' }), 'day').at(-1)).toEqual({ day: '2026-11-22' });
  });
});

describe('failures-by-day', () => {
  it('counts failed calls per local day for the tools that fail most', () => {
    expect(rows('failures-by-day')).toEqual([
      { day: '2026-11-20', tool_name: 'Bash', failures: 3 },
      { day: '2026-11-20', tool_name: 'Edit', failures: 1 },
    ]);
    expect(rows('failures-by-day', { project: 'beta' })).toEqual([]);
  });
});

describe('activity', () => {
  it('fills all 7 x 24 local weekday-hour cells, Monday first', () => {
    const r = rows('activity');
    expect(r).toHaveLength(168);
    expect(r[0]).toEqual({ weekday: 'Mon', hour: 0, messages: 0 });
    expect(r[167]).toEqual({ weekday: 'Sun', hour: 23, messages: 0 });
    // 2026-11-20 is a Friday; TB is Saturday 23:30 UTC and Sunday 08:30 in Tokyo.
    expect(r.filter((x) => x.messages)).toEqual([
      { weekday: 'Fri', hour: 10, messages: 4 },
      { weekday: 'Fri', hour: 12, messages: 1 },
      { weekday: 'Fri', hour: 13, messages: 1 },
      { weekday: 'Sat', hour: 23, messages: 1 },
    ]);
    expect(
      rows('activity', { tz: 'Asia/Tokyo' })
        .filter((x) => x.messages)
        .at(-1),
    ).toEqual({
      weekday: 'Sun',
      hour: 8,
      messages: 1,
    });
    expect(rows('activity', { since: Date.UTC(2030, 0, 1) })).toEqual([]);
  });
});

describe('every report', () => {
  it('has a title, roles naming its own columns, and a page view it can run', () => {
    for (const report of reports) {
      expect(report.title.length).toBeGreaterThan(3);
      const keys = new Set(
        (report.option?.choices ?? [null]).flatMap((by) =>
          runReport(db, report, defaultParams({ by })).columns.map((c) => c.key),
        ),
      );
      for (const key of Object.keys(report.roles ?? {})) expect(keys, `${report.name}: ${key}`).toContain(key);
      if (report.page?.by) expect(report.option?.choices).toContain(report.page.by);
    }
    const usageCols = runReport(db, reportNamed('usage')!, defaultParams({ by: 'model' })).columns;
    expect(usageCols.find((c) => c.key === 'model')?.role).toBe('category');
    expect(usageCols.find((c) => c.key === 'cost')).toMatchObject({ role: 'measure', unit: 'USD' });
    expect(usageCols.find((c) => c.key === 'input_tokens')?.role).toBeUndefined();
  });
  it('is registered once, with a description, and its SQL returns exactly its columns for every --by', () => {
    expect(new Set(reports.map((r) => r.name)).size).toBe(reports.length);
    const empty = openDb(':memory:');
    registerReportFunctions(empty, new PriceBook({ ...SHIPPED_PRICES }));
    for (const report of reports) {
      expect(report.description.length).toBeGreaterThan(10);
      for (const by of report.option?.choices ?? [null]) {
        const result = runReport(empty, report, defaultParams({ by }));
        expect(result.rows).toEqual([]);
        const p = defaultParams({ by: by ?? report.option?.default ?? null });
        const sql = typeof report.sql === 'function' ? report.sql(p) : report.sql;
        expect(
          empty
            .prepare(sql)
            .columns()
            .map((c) => c.name)
            .sort(),
        ).toEqual([...result.columns.map((c) => c.key), ...(report.totalKeys ?? [])].sort());
      }
    }
    empty.close();
  });
});
