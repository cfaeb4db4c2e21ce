// Report latency on a database with a million tool rows, built directly through the writer.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { errorKind } from '../schema/error-kind.js';
import { reports } from '../reports/registry.js';
import { migrations } from '../schema/migrations.js';
import { PriceBook, SHIPPED_PRICES } from '../reports/pricing.js';
import { reportPage } from '../reports/report-page.js';
import { findings } from '../reports/insights/registry.js';
import { runInsights } from '../reports/insights/run-insights.js';
import { defaultParams, runReport } from '../reports/run-report.js';
import { registerReportFunctions } from '../reports/sql-functions.js';
import { openDb } from '../schema/open-db.js';
import { Writer } from '../schema/writer.js';
import { prng } from './corpus.js';
import { type Measure, percentile } from './measure.js';

const TOOLS = ['Bash', 'Read', 'Edit', 'Write', 'Grep', 'Glob', 'TodoWrite', 'WebFetch'];
const ERRORS = [
  'Exit code 1\nfailed',
  '<tool_use_error>String to replace not found in file.</tool_use_error>',
  'File does not exist.',
];

/** A database of `tools` tool calls over 2,000 sessions and a year, made once and kept in the temp folder. */
export function bigDb(tools = 1_000_000): string {
  // The schema version is in the name, so a changed schema builds a new one.
  const file = path.join(
    os.tmpdir(),
    `agentlog-bench-reports-${tools}-${migrations.length}-${migrations.at(-1)!.sql.length}.db`,
  );
  if (fs.existsSync(file)) return file;
  const r = prng(7);
  const db = openDb(`${file}.tmp`);
  const w = new Writer(db);
  const start = Date.UTC(2025, 10, 1);
  const perSession = tools / 2000;
  w.begin();
  for (let s = 0; s < 2000; s++) {
    const sid = `s${s}`;
    const t0 = start + Math.floor(r() * 365 * 86_400_000);
    w.write({
      kind: 'session',
      id: sid,
      source: s % 10 === 0 ? 'opencode' : 'claude-code',
      project_name: `p${s % 40}`,
      project_path: `/w/p${s % 40}`,
      created_at: t0,
      updated_at: t0 + 3_600_000,
    });
    for (let i = 0; i < perSession; i++) {
      const at = t0 + i * 3000;
      if (i % 2 === 0) {
        w.write({
          kind: 'message',
          id: `${sid}-m${i}`,
          session_id: sid,
          source: 'claude-code',
          role: 'assistant',
          model: 'claude-sonnet-4-5-20250929',
          is_sidechain: false,
          prompt_tokens: 5,
          completion_tokens: 300,
          cache_write_tokens: 2000,
          cache_read_tokens: 40_000,
          created_at: at,
        });
      }
      const name = TOOLS[i % TOOLS.length]!;
      const fail = r() < 0.06;
      w.write({
        kind: 'tool_call',
        id: `${sid}-t${i}`,
        call_id: `${sid}-t${i}`,
        session_id: sid,
        source: 'claude-code',
        tool_name: name,
        category: 'other',
        created_at: at,
        ...(name === 'Edit' ? { file_path: `/w/p${s % 40}/f${i % 97}.ts`, file_operation: 'edited' as const } : {}),
      });
      const error = ERRORS[i % 3]!;
      w.write({
        kind: 'tool_result',
        call_id: `${sid}-t${i}`,
        source: 'claude-code',
        success: !fail,
        completed_at: at + Math.floor(r() * 5000),
        ...(fail ? { error_message: error, error_kind: errorKind(error) ?? undefined } : {}),
      });
    }
    if (s % 5 === 0)
      w.write({
        kind: 'compaction',
        id: `${sid}-c`,
        session_id: sid,
        source: 'claude-code',
        compaction_kind: 'compact',
        tokens_before: 160_000,
        created_at: t0 + 1000,
      });
    if (s % 7 === 0)
      w.write({
        kind: 'session_error',
        id: `${sid}-e`,
        session_id: sid,
        source: 'claude-code',
        error_type: 'overloaded_error',
        created_at: t0 + 2000,
      });
  }
  w.commit(null);
  db.close();
  fs.renameSync(`${file}.tmp`, file);
  return file;
}

export function benchReports(runs = 7): Measure[] {
  const file = bigDb();
  const db = openDb(file);
  registerReportFunctions(db, new PriceBook({ ...SHIPPED_PRICES }));
  const rows = (db.prepare('SELECT count(*) AS n FROM tools').get() as { n: number }).n;
  const out: Measure[] = [];
  // --since 7d is taken from the end of the data, as a user's last week would be.
  const last = (db.prepare('SELECT max(created_at) AS t FROM tools').get() as { t: number }).t + 1;
  try {
    for (const report of reports) {
      for (const since of [null, last - 7 * 86_400_000]) {
        const times: number[] = [];
        const params = defaultParams({ limit: report.defaultLimit, tz: 'Europe/Berlin', since });
        for (let i = 0; i < runs; i++) {
          const t0 = performance.now();
          runReport(db, report, params);
          times.push(performance.now() - t0);
        }
        out.push({
          name: `report ${report.name}${since === null ? '' : ', --since 7d'}, median`,
          value: percentile(times, 50),
          unit: 'ms',
          target: 100,
          detail: `${rows.toLocaleString('en-US')} tool rows, ${runs} runs`,
        });
      }
    }
    // The page of `agentlog html`: every report as the page runs it, drawn; for its default 30 days
    // (the end of the data) and for the whole year.
    const end = (db.prepare('SELECT max(created_at) AS t FROM tools').get() as { t: number }).t + 1;
    for (const [label, days] of [
      ['30 days', 30],
      ['a year', 366],
    ] as const) {
      const times: number[] = [];
      let bytes = 0;
      const params = defaultParams({ since: end - days * 86_400_000, until: end, tz: 'Europe/Berlin' });
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        bytes = Buffer.byteLength(reportPage(db, params, { now: end }));
        times.push(performance.now() - t0);
      }
      out.push({
        name: `html page, ${label}, median`,
        value: percentile(times, 50),
        unit: 'ms',
        target: 1000,
        detail: `${Math.round(bytes / 1024)} KB page, ${rows.toLocaleString('en-US')} tool rows, ${runs} runs`,
      });
    }
    // `agentlog insights` as run by default: the last 30 days of the data and the 30 before, for trends.
        const params = defaultParams({ since: end - 30 * 86_400_000, until: end, tz: 'Europe/Berlin' });
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      runInsights(db, findings, params, { minHits: 3, limit: 10, only: null, now: end });
      times.push(performance.now() - t0);
    }
    out.push({
      name: `insights (${findings.length} findings, 30 days and the 30 before), median`,
      value: percentile(times, 50),
      unit: 'ms',
      target: 1000,
      detail: `${rows.toLocaleString('en-US')} tool rows, 3 runs`,
    });
  } finally {
    db.close();
  }
  return out;
}
