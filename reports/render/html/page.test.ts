// The HTML page as text: its sections follow the reports, its numbers are the report rows, and no
// string from the data can add markup or script to it.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../../../schema/open-db.js';
import type { AnyRecord } from '../../../schema/records.js';
import { Writer } from '../../../schema/writer.js';
import { PriceBook, SHIPPED_PRICES } from '../../pricing.js';
import { reportNamed, reports } from '../../registry.js';
import { pageSections, reportPage } from '../../report-page.js';
import { defaultParams, runReport } from '../../run-report.js';
import { registerReportFunctions } from '../../sql-functions.js';
import { buildWorld, T0 } from '../../../test/world.fixture.js';
import { buildInsightsWorld, call, MIN as IMIN, T0 as IT0 } from '../../../test/insights-world.fixture.js';
import { findings } from '../../insights/registry.js';
import { runInsights } from '../../insights/run-insights.js';
import { timeAxis, weekOf } from './chart-input.js';
import { chartKind } from './choose-chart.js';
import { niceTicks } from './svg.js';

const MIN = 60_000;
const NOW = Date.UTC(2026, 10, 25, 12, 0);
const HOSTILE = {
  title: `<script>alert("title")</script>`,
  project: `</h2><script>alert('project')</script>`,
  path: `/w/"><img src=x onerror=alert(1)>.ts`,
  tool: `Task<"x'>`,
  error: `<script>alert("error")</script> it's "broken"`,
  apiType: `<i>bad</i>`,
  apiMessage: `</textarea><script>alert(2)</script>`,
};

/** A session whose every string is markup, beside the hand-made world of the report tests. */
function addHostile(db: Db): void {
  const records: AnyRecord[] = [
    {
      kind: 'session',
      id: 'sess-x',
      source: 'claude-code',
      project_name: HOSTILE.project,
      project_path: '/w/x',
      title: HOSTILE.title,
      created_at: T0 + 300 * MIN,
      updated_at: T0 + 320 * MIN,
    },
    {
      kind: 'message',
      id: 'm-x1',
      session_id: 'sess-x',
      source: 'claude-code',
      role: 'assistant',
      is_sidechain: false,
      model: 'claude-sonnet-4-20250514',
      prompt_tokens: 5,
      completion_tokens: 5,
      cache_write_tokens: 0,
      cache_read_tokens: 0,
      created_at: T0 + 301 * MIN,
    },
    {
      kind: 'tool_call',
      id: 'sess-x-t1',
      call_id: 'x-t1',
      session_id: 'sess-x',
      source: 'claude-code',
      tool_name: 'Edit',
      category: 'edit',
      created_at: T0 + 302 * MIN,
      file_path: HOSTILE.path,
      file_operation: 'edited',
    },
    { kind: 'tool_result', call_id: 'x-t1', source: 'claude-code', success: true, completed_at: T0 + 303 * MIN },
    {
      kind: 'tool_call',
      id: 'sess-x-t2',
      call_id: 'x-t2',
      session_id: 'sess-x',
      source: 'claude-code',
      tool_name: HOSTILE.tool,
      category: 'other',
      created_at: T0 + 303 * MIN,
    },
    {
      kind: 'tool_result',
      call_id: 'x-t2',
      source: 'claude-code',
      success: false,
      completed_at: T0 + 303 * MIN + 500,
      error_message: HOSTILE.error,
      tool_output: HOSTILE.error,
    },
    {
      kind: 'session_error',
      id: 'e-x1',
      session_id: 'sess-x',
      source: 'claude-code',
      error_type: HOSTILE.apiType,
      error_message: HOSTILE.apiMessage,
      status_code: 500,
      created_at: T0 + 304 * MIN,
    },
  ];
  const w = new Writer(db);
  w.begin();
  for (const r of records) w.write(r);
  w.commit(null);
}

let db: Db;
beforeAll(() => {
  db = openDb(':memory:');
  registerReportFunctions(db, new PriceBook({ ...SHIPPED_PRICES }));
  buildWorld(db);
  addHostile(db);
});

const params = (over = {}) => defaultParams({ since: Date.UTC(2026, 10, 1), until: NOW, ...over });
const page = (over = {}) => reportPage(db, params(over), { now: NOW });
const sectionOf = (html: string, id: string) => {
  const m = html.match(new RegExp(`<section id="r-${id}">[\\s\\S]*?</section>`));
  if (!m) throw new Error(`no section ${id}`);
  return m[0];
};
const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
/** The data-v values of a section's table, row by row. */
const tableValues = (section: string) =>
  [...section.matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
    .map((m) => [...m[1]!.matchAll(/data-v="([^"]*)"/g)].map((v) => unescape(v[1]!)))
    .filter((r) => r.length > 0);

describe('the html page', () => {
  it('has a section per report in page order, each with a chart unless it is a table', () => {
    const html = page();
    const ids = [...html.matchAll(/<section id="r-([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual([
      'daily-spend',
      'tool-errors',
      'failures-by-day',
      'hot-files',
      'slow-tools',
      'compactions-day',
      'errors',
      'activity',
      'usage-model',
      'projects',
      'sessions',
    ]);
    expect(ids).toHaveLength(reports.length);
    for (const id of ids.filter((i) => i !== 'sessions')) expect(sectionOf(html, id!)).toContain('<svg');
    expect(sectionOf(html, 'sessions')).not.toContain('<svg');
    expect(sectionOf(html, 'compactions-day')).toContain('Compactions by day');
  });

  it('chooses each chart kind from the column roles alone', () => {
    const kind = (name: string, by: string | null = null) =>
      chartKind(runReport(db, reportNamed(name)!, defaultParams({ by })).columns);
    expect(kind('daily-spend')).toBe('time');
    expect(kind('errors')).toBe('time');
    expect(kind('failures-by-day')).toBe('small-multiples');
    expect(kind('activity')).toBe('heatmap');
    expect(kind('tool-errors')).toBe('bars');
    expect(kind('usage', 'model')).toBe('bars');
    expect(kind('usage', 'day')).toBe('time');
    expect(kind('sessions')).toBe('table');
  });

  it('writes the report rows as the numbers of each section', () => {
    const html = page();
    for (const s of pageSections(db, params())) {
      const expected = s.rows.map((r) => s.columns.map((c) => (r[c.key] === null ? '' : String(r[c.key]))));
      expect(tableValues(sectionOf(html, s.id)), s.id).toEqual(expected);
    }
    const tools = runReport(db, reportNamed('tool-errors')!, params()).rows;
    expect(tools.find((t) => t.tool_name === 'Bash')).toMatchObject({ total: 5, failures: 3, error_rate: 60 });
    expect(sectionOf(html, 'tool-errors')).toContain('<title>Bash: 60%</title>');
  });

  it('draws a stacked column per day and model, every day of the period on the axis', () => {
    const s = sectionOf(page(), 'daily-spend');
    const tokens = s.split('<figure').find((f) => f.includes('Tokens per day'))!;
    expect(tokens).toContain('<title>2026-11-20, claude-code · claude-sonnet-4-20250514: 33.7k</title>');
    expect(tokens).toContain('<title>2026-11-21, claude-code · claude-opus-4-6: 1k</title>');
    // 2026-11-01 .. 2026-11-25: 25 days, labelled every few days from the first.
    expect(tokens).toContain('>11-01</text>');
    // One part per day, agent and model (the hostile session adds to Sonnet's 2026-11-20).
    expect(tokens.match(/class="bar /g)).toHaveLength(5);
    expect(s).toContain('claude-opus-9'); // in the legend although it has no price
  });

  it('lets no string from the data add markup or script', () => {
    const html = page();
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toMatch(/<img|<i>|<\/textarea>|<\/h2><script/);
    const escaped = (s: string) =>
      s
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&#39;');
    expect(html).toContain(escaped(HOSTILE.title));
    expect(html).toContain(escaped(HOSTILE.path));
    expect(html).toContain(escaped(HOSTILE.apiMessage));
    expect(html).toContain(escaped(HOSTILE.project));
    expect(html).toContain(escaped(HOSTILE.tool));
  });

  it('admits only its own style and script, and nothing from the network', () => {
    const html = page();
    const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)![1]!;
    const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    expect(csp).toContain(`script-src ${hash(html.match(/<script>([\s\S]*?)<\/script>/)![1]!)}`);
    expect(csp).toContain(`style-src ${hash(html.match(/<style>([\s\S]*?)<\/style>/)![1]!)}`);
    expect(csp).toContain("default-src 'none'");
    // Attribute values hold escaped data; outside them no element may load anything.
    const markup = html.replace(/"[^"]*"/g, '""');
    expect(markup).not.toMatch(/<(link|img|iframe|object|embed|image|use)\b|<[a-z][^<>]*\s(src|href)=/i);
  });

  it('is the same text for the same data, and small', () => {
    expect(page()).toBe(page());
    expect(Buffer.byteLength(page())).toBeLessThan(100_000);
  });

  it('says so when a period or the whole database is empty', () => {
    const quiet = reportPage(db, defaultParams({ since: Date.UTC(2020, 0, 1), until: Date.UTC(2020, 1, 1) }), {
      now: NOW,
    });
    expect(quiet.match(/No data in this period\./g)).toHaveLength(reports.length);
    expect(quiet).not.toContain('<svg');
    const empty = openDb(':memory:');
    registerReportFunctions(empty, new PriceBook({ ...SHIPPED_PRICES }));
    const blank = reportPage(empty, params(), { now: NOW, emptyDb: true });
    expect(blank).toContain('Nothing imported yet: run `agentlog import` first.');
    expect(blank).not.toContain('<svg');
    empty.close();
  });
});

describe('the page\'s "What to change"', () => {
  const SCRIPT = `<script>alert("x")</script>`;
  let idb: Db;
  beforeAll(() => {
    idb = openDb(':memory:');
    registerReportFunctions(idb, new PriceBook({ ...SHIPPED_PRICES }));
    buildInsightsWorld(idb);
    // A command the user refused twice, in two sessions, whose text is markup: it reaches the
    // advice and the snippet of user-rejected-tool.
    const refusal = "The user doesn't want to proceed with this tool use. The tool use was rejected.";
    const w = new Writer(idb);
    w.begin();
    for (const [s, id, at] of [
      ['s1', 'h1', IT0 + 45 * IMIN],
      ['s2', 'h2', IT0 + 145 * IMIN],
    ] as const)
      for (const r of call(s, id, 'Bash', at, { input: { command: `${SCRIPT} now` }, error: refusal })) w.write(r);
    w.commit(null);
  });

  const ip = (over = {}) => defaultParams({ since: IT0 - 60 * IMIN, until: IT0 + 600 * IMIN, ...over });
  const INOW = IT0 + 600 * IMIN;
  const findingsOf = (html: string) => {
    const m = html.match(/<section id="what-to-change">[\s\S]*?<\/section>/);
    if (!m) throw new Error('no What to change section');
    return m[0];
  };
  const rowsOf = (section: string) =>
    [...section.matchAll(/<tr data-id="([^"]+)">([\s\S]*?)<\/tr>/g)].map((m) => ({
      id: m[1]!,
      cells: m[2]!,
      values: [...m[2]!.matchAll(/data-v="([^"]*)"/g)].map((v) => unescape(v[1]!)),
    }));
  const esc = (s: string) =>
    s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

  it('comes first, with the rows runInsights gives under the defaults of agentlog insights', () => {
    const html = reportPage(idb, ip(), { now: INOW });
    const section = findingsOf(html);
    expect(html.indexOf('<section id="what-to-change">')).toBeLessThan(html.indexOf('<section id="r-'));
    expect(section).toContain('<h2>What to change</h2>');
    const expected = runInsights(idb, findings, ip(), { minHits: 3, limit: 10, only: null, now: INOW });
    expect(expected.map((r) => [r.id, r.hits, r.sessions, r.trend])).toEqual([
      ['hook-failures', 6, 3, 'new'],
      ['commit-blocked-by-checks', 3, 2, 'new'],
      ['user-rejected-tool', 4, 2, 'new'], // more minutes (the refusals took a second each)
      ['edit-before-read', 4, 3, 'new'],
    ]);
    const shown = rowsOf(section);
    expect(shown.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    for (const [i, r] of expected.entries()) {
      expect(shown[i]!.values, r.id).toEqual(
        [r.class, r.hits, r.sessions, r.cost, r.minutes, r.trend].map((v) => (v === null ? '' : String(v))),
      );
      for (const text of [r.title, r.advice, r.target, r.snippet]) expect(shown[i]!.cells).toContain(esc(text));
    }
    expect(shown[1]!.cells).toContain('<td data-v="new">new (0 before)</td>');
    // Cost and minutes shown as the report tables show them.
    const wide = runInsights(idb, findings, ip(), { minHits: 2, limit: 10, only: null, now: INOW });
    const cache = wide.find((r) => r.id === 'cache-rebuild-after-pause')!;
    const wideRows = rowsOf(findingsOf(reportPage(idb, ip(), { now: INOW, minHits: 2 })));
    expect(wideRows.map((r) => r.id)).toEqual(wide.map((r) => r.id));
    const cacheRow = wideRows.find((r) => r.id === 'cache-rebuild-after-pause')!;
    expect(cacheRow.values[3]).toBe(String(cache.cost));
    expect(cache.cost).toBeCloseTo((56_000 * 3.45) / 1e6, 10); // 56 k tokens written again at Sonnet's write price
    expect(cacheRow.cells).toContain('>$0.19</td>');
    expect(wideRows.find((r) => r.id === 'commit-blocked-by-checks')!.values[4]).toBe('1.1');
  });

  it('escapes every string of a finding', () => {
    const html = reportPage(idb, ip(), { now: INOW });
    const rejected = rowsOf(findingsOf(html)).find((r) => r.id === 'user-rejected-tool')!;
    expect(rejected.cells).toContain(esc(`Bash(${SCRIPT} now)`));
    expect(rejected.cells).toContain(`<pre>${esc(`{ "permissions": { "deny": [`)}`);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toContain(SCRIPT);
  });

  it('says so when there are no findings, or nothing was imported', () => {
    const one = findingsOf(reportPage(idb, ip({ project: 'beta' }), { now: INOW }));
    expect(rowsOf(one)).toEqual([]);
    expect(one).toContain(
      '<p class="empty">No findings in this period: nothing happened 3 times or more across 2 sessions.</p>',
    );
    const empty = openDb(':memory:');
    registerReportFunctions(empty, new PriceBook({ ...SHIPPED_PRICES }));
    expect(findingsOf(reportPage(empty, ip(), { now: INOW, emptyDb: true }))).toContain(
      '<p class="empty">Nothing imported yet: run `agentlog import` first.</p>',
    );
    empty.close();
  });
});

describe('axis ticks', () => {
  it('are round numbers from 0 past the maximum', () => {
    expect(niceTicks(33700)).toEqual([0, 10000, 20000, 30000, 40000]);
    expect(niceTicks(4)).toEqual([0, 1, 2, 3, 4]);
    expect(niceTicks(0.5)).toEqual([0, 0.2, 0.4, 0.6]);
    expect(niceTicks(0)).toEqual([0, 1]);
  });
});

describe('the time axis', () => {
  const sum = { key: 'n', label: 'N', type: 'int' as const, role: 'measure' as const };
  const avg = { ...sum, average: true };
  it('has every day of a short period, and weeks from Monday for a long one unless a measure is an average', () => {
    const short = timeAxis(['2026-11-03'], { first: '2026-11-01', last: '2026-11-05' }, [sum], 'Day');
    expect(short).toMatchObject({
      buckets: ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05'],
      unit: 'day',
    });
    const long = timeAxis(['2026-11-26'], { first: '2025-11-26', last: '2026-11-26' }, [sum], 'Day');
    expect(long.unit).toBe('week');
    expect(long.buckets[0]).toBe('2025-11-24'); // the Monday of 2025-11-26
    expect(long.buckets).toHaveLength(53);
    expect(long.bucketOf('2026-11-26')).toBe('2026-11-23');
    expect(timeAxis(['2026-11-26'], { first: '2025-11-26', last: '2026-11-26' }, [avg], 'Day').unit).toBe('day');
    expect(weekOf('2026-11-22')).toBe('2026-11-16'); // a Sunday belongs to the week before
  });
});
