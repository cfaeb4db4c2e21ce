// tool-errors, slow-tools, failures-by-day, hot-files and activity give the same rows from the roll-ups (no bound,
// no filter) as from counting the rows themselves (a bound before every row).
import { describe, expect, it } from 'vitest';
import { buildWorld, T0 } from '../test/world.fixture.js';
import { openDb } from '../schema/open-db.js';
import type { AnyRecord } from '../schema/records.js';
import { Writer } from '../schema/writer.js';
import { activity } from './defs/activity.js';
import { failuresByDay } from './defs/failures-by-day.js';
import { hotFiles } from './defs/hot-files.js';
import { slowTools } from './defs/slow-tools.js';
import { toolErrors } from './defs/tool-errors.js';
import { PriceBook, SHIPPED_PRICES } from './pricing.js';
import { sqlOf } from './report.js';
import { defaultParams, runReport } from './run-report.js';
import { unfiltered } from './rolled-tools.js';
import { registerReportFunctions } from './sql-functions.js';

const db = openDb(':memory:');
registerReportFunctions(db, new PriceBook({ ...SHIPPED_PRICES }));
buildWorld(db);
// More than the world has: OpenCode's bash beside Bash with a duration they share, failures stored
// before kinds were (classified by the report), a call still without its result, quarter hours in
// another local day in Kathmandu (+05:45).
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

describe('the reports that read the tool and message roll-ups', () => {
  it('has no row without a time, so a bound before every row counts every row', () => {
    expect(db.prepare('SELECT count(*) AS n FROM tools WHERE created_at IS NULL').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM messages WHERE created_at IS NULL').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM tools WHERE success = 0 AND error_kind IS NULL').get()).not.toEqual({
      n: 0,
    });
  });

  it.each(
    [toolErrors, slowTools, failuresByDay, activity, hotFiles].flatMap((r) =>
      ['UTC', 'Asia/Kathmandu'].map((tz) => [r.name, r, tz] as const),
    ),
  )('%s in %s: the same rows from the roll-ups as from the rows', (_name, report, tz) => {
    const all = defaultParams({ tz });
    const bounded = defaultParams({ tz, since: -8e15 });
    expect(unfiltered(all)).toBe(true);
    expect(unfiltered(bounded)).toBe(false);
    expect(sqlOf(report, all)).toMatch(/_rollup/);
    expect(sqlOf(report, bounded)).not.toMatch(/_rollup/);
    const rows = runReport(db, report, all).rows;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows).toEqual(runReport(db, report, bounded).rows);
  });

  it('counts a shared display name once: bash and Bash are one tool in slow-tools', () => {
    const rows = runReport(db, slowTools, defaultParams()).rows;
    expect(rows.filter((r) => r.tool_name === 'Bash')).toHaveLength(1);
  });
});
