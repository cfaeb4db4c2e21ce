// tool-errors, slow-tools, failures-by-day, hot-files and activity give the same rows from the roll-ups (no bound,
// no filter, or a range alone) as from counting the rows themselves (--no-subagents, which here keeps every session).
import { describe, expect, it } from 'vitest';
import { buildWorld, T0 } from '../test/world.fixture.js';
import { openDb } from '../schema/open-db.js';
import type { AnyRecord } from '../schema/records.js';
import { Writer } from '../schema/writer.js';
import { activity } from './defs/activity.js';
import { failuresByDay } from './defs/failures-by-day.js';
import { hotFiles } from './defs/hot-files.js';
import { projects } from './defs/projects.js';
import { slowTools } from './defs/slow-tools.js';
import { toolErrors } from './defs/tool-errors.js';
import { PriceBook, SHIPPED_PRICES } from './pricing.js';
import { type ReportParams, sqlOf } from './report.js';
import { defaultParams, runReport } from './run-report.js';
import { onlyBounded, readsOutside, unfiltered } from './rolled-tools.js';
import { registerReportFunctions } from './sql-functions.js';

const db = openDb(':memory:');
registerReportFunctions(db, new PriceBook({ ...SHIPPED_PRICES }));
buildWorld(db);
// More than the world has: OpenCode's bash beside Bash with a duration they share, failures stored
// before kinds were (classified by the report), a call still without its result, quarter hours in
// another local day in Kathmandu (+05:45), edits over hours.
const w = new Writer(db);
w.begin();
const more: AnyRecord[] = [{ kind: 'session', id: 'oc-1', source: 'opencode', project_name: 'gamma', created_at: T0 }];
for (let i = 0; i < 12; i++) {
  const at = T0 + i * 37 * 60_000;
  more.push(
    {
      kind: 'tool_call',
      id: `oc-1-t${i}`,
      call_id: `t${i}`,
      session_id: 'oc-1',
      source: 'opencode',
      tool_name: 'bash',
      category: 'shell',
      created_at: at,
      // Edits to two files across the hours, for hot-files' ranges.
      file_path: `/work/gamma/${i % 2 === 1 ? 'x' : 'y'}.ts`,
      file_operation: 'edited',
    },
    {
      kind: 'message',
      id: `oc-1-m${i}`,
      session_id: 'oc-1',
      source: 'opencode',
      role: 'assistant',
      is_sidechain: false,
      created_at: at,
    },
  );
  if (i < 11) {
    more.push({
      kind: 'tool_result',
      call_id: `t${i}`,
      source: 'opencode',
      success: i % 3 !== 0,
      duration_ms: i % 2 === 0 ? 1000 : 250 * i,
      ...(i % 3 === 0 ? { error_message: 'Exit code 1\nfailed' } : {}),
    });
  }
}
for (const r of more) w.write(r);
w.commit(null);
// A failure's kind as an older import left it: none.
db.exec("UPDATE tools SET error_kind = NULL WHERE source = 'opencode'");
// A failed call, an edit and a message without a time: every roll-up counts them, no range does.
db.exec(`UPDATE tools SET created_at = NULL WHERE id = (SELECT min(id) FROM tools WHERE success = 0 AND duration_ms IS NOT NULL);
  UPDATE messages SET created_at = NULL WHERE id = (SELECT min(id) FROM messages);
  UPDATE file_operations SET created_at = NULL
  WHERE id = (SELECT min(id) FROM file_operations WHERE operation_type IN ('edited', 'created'))`);
// No subagents, so that --no-subagents keeps every session: the reports then count the rows one by one.
db.exec('UPDATE sessions SET parent_session_id = NULL');
const everyRow = (p: Partial<ReportParams>) => defaultParams({ ...p, subagents: 0 });

describe('the reports that read the tool and message roll-ups', () => {
  it('has rows without a time, failures without a kind, edits over hours, and no subagent', () => {
    expect(db.prepare("SELECT count(*) AS n FROM file_operations WHERE file_path LIKE '/work/gamma/%'").get()).toEqual({
      n: 7,
    });
    for (const table of ['tools', 'messages', 'file_operations'])
      expect(db.prepare(`SELECT count(*) AS n FROM ${table} WHERE created_at IS NULL`).get()).toEqual({ n: 1 });
    expect(db.prepare('SELECT count(*) AS n FROM tools WHERE success = 0 AND error_kind IS NULL').get()).not.toEqual({
      n: 0,
    });
    expect(db.prepare('SELECT count(*) AS n FROM sessions WHERE parent_session_id IS NOT NULL').get()).toEqual({ n: 0 });
  });

  it.each(
    [toolErrors, slowTools, failuresByDay, activity, hotFiles].flatMap((r) =>
      ['UTC', 'Asia/Kathmandu'].map((tz) => [r.name, r, tz] as const),
    ),
  )('%s in %s: the same rows from the roll-ups as from the rows', (_name, report, tz) => {
    const all = defaultParams({ tz });
    const counted = everyRow({ tz });
    expect(unfiltered(all)).toBe(true);
    expect(unfiltered(counted)).toBe(false);
    expect(sqlOf(report, all)).toMatch(/_rollup/);
    expect(sqlOf(report, counted)).not.toMatch(/_rollup/);
    const rows = runReport(db, report, all).rows;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows).toEqual(runReport(db, report, counted).rows);
  });

  // Times of the calls: the first and the last.
  const { lo, hi } = db.prepare('SELECT min(created_at) AS lo, max(created_at) AS hi FROM tools').get() as {
    lo: number;
    hi: number;
  };
  const ranges: [string, number | null, number | null][] = [
    ['every row', lo - 1, hi + 1],
    ['most, ends inside quarter hours', lo + 7 * 60_000 + 13, hi - 5 * 60_000 - 7],
    ['--since alone', lo + 20 * 60_000, null],
    ['--until alone', null, hi - 20 * 60_000],
    ['a tenth in the middle', lo + (hi - lo) * 0.4, lo + (hi - lo) * 0.5],
    ['inside one quarter hour', lo + 61_000, lo + 300_000],
    ['after every row', hi + 1, hi + 10],
    ['the hours of the edits', T0 + 40 * 60_000, T0 + 300 * 60_000],
  ];
  it.each(
    [toolErrors, slowTools, failuresByDay, activity, hotFiles].flatMap((r) =>
      ranges.flatMap(([label, since, until]) =>
        ['UTC', 'Asia/Kathmandu'].map((tz) => [r.name, label, tz, r, since, until] as const),
      ),
    ),
  )('%s, %s, in %s: a range alone reads the roll-up and gives the rows counted', (_n, _l, tz, report, since, until) => {
    const range = defaultParams({ tz, since, until });
    expect(onlyBounded(range)).toBe(true);
    expect(sqlOf(report, range)).toMatch(/_rollup/);
    expect(runReport(db, report, range).rows).toEqual(runReport(db, report, everyRow({ tz, since, until })).rows);
  });

  it('counts a shared display name once: bash and Bash are one tool in slow-tools', () => {
    const rows = runReport(db, slowTools, defaultParams()).rows;
    expect(rows.filter((r) => r.tool_name === 'Bash')).toHaveLength(1);
  });
});

describe('a range alone, read either way', () => {
  const { lo, hi } = db.prepare('SELECT min(created_at) AS lo, max(created_at) AS hi FROM tools').get() as {
    lo: number;
    hi: number;
  };
  const ranges: [number | null, number | null][] = [
    [lo - 1, hi + 1],
    [lo + 7 * 60_000 + 13, hi - 5 * 60_000 - 7],
    [lo + 20 * 60_000, null],
    [null, hi - 20 * 60_000],
    [lo + (hi - lo) * 0.4, lo + (hi - lo) * 0.5],
    [hi + 1, hi + 10],
    [T0 + 40 * 60_000, T0 + 300 * 60_000],
  ];
  // The choice's text replaced by a constant: the roll-up less the rows outside, or the rows inside.
  const forced = (sql: string, p: ReportParams, table: string, outside: boolean) =>
    sql.replaceAll(readsOutside(p, table), outside ? '(1 = 1)' : '(1 = 0)');
  it.each(
    [toolErrors, slowTools, projects, hotFiles].flatMap((r) => ranges.map(([since, until]) => [r.name, since, until, r] as const)),
  )('%s from %s to %s: the same rows from the rows outside as from the rows inside', (_n, since, until, report) => {
    const p = defaultParams({ tz: 'Asia/Kathmandu', since, until });
    const sql = sqlOf(report, p);
    const tables = ['tools', 'file_operations'].filter((t) => sql.includes(readsOutside(p, t)));
    expect(tables.length).toBeGreaterThan(0);
    const run = (outside: boolean) =>
      db.prepare(tables.reduce((s, t) => forced(s, p, t, outside), sql)).all({ ...p, limit: -1 });
    const inside = run(false);
    expect(run(true)).toEqual(inside);
    expect(inside).toEqual(db.prepare(sql).all({ ...p, limit: -1 }));
  });
});
