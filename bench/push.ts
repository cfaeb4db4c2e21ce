// Team figures on a throwaway local PostgreSQL: push of the corpus's database, no-op and incremental pushes, reports there.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fg from 'fast-glob';
import { openPgReportDb } from '../reports/pg-report-db.js';
import { reports } from '../reports/registry.js';
import { defaultParams, runReportOn } from '../reports/run-report.js';
import { openDb } from '../schema/open-db.js';
import { pgSkipReason, startPgServer } from '../test/pg-server.js';
import { growTranscript } from './corpus.js';
import { corpus, timedImport } from './import.js';
import { type Measure, percentile } from './measure.js';
import { bigDb } from './reports.js';

const ENTRY = path.resolve(import.meta.dirname, '..', 'dist/bin/agentlog.js');

function timedPush(db: string, url: string, machine: string): { ms: number; rows: number } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [ENTRY, 'push', '--db', db, '--to', url, '--machine', machine], {
    encoding: 'utf8',
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`push failed (${r.status}): ${r.stderr}`);
  const m = /pushed (\d+) rows/.exec(r.stdout);
  return { ms, rows: m ? Number(m[1]) : 0 };
}

/** Each figure goes to `report` as soon as it is measured (the 1 M-row part takes minutes). */
export async function benchPush(megabytes: number, report: (m: Measure) => void, runs = 5): Promise<Measure[]> {
  const skip = pgSkipReason();
  if (skip) {
    console.log(`push: skipped (${skip})`);
    return [];
  }
  const server = await startPgServer();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-bench-push-'));
  const all: Measure[] = [];
  const out = {
    push: (m: Measure) => {
      all.push(m);
      report(m);
    },
  };
  try {
    const { root } = corpus(megabytes);
    const tree = path.join(work, 'projects');
    fs.cpSync(root, tree, { recursive: true });
    const db = path.join(work, 'agentlog.db');
    timedImport(db, tree);
    const url = await server.createDatabase('bench');
    const first = timedPush(db, url, 'bench');
    out.push({
      name: 'push, first (creates the tables)',
      value: first.ms / 1000,
      unit: 's',
      detail: `${first.rows.toLocaleString('en-US')} rows, ${Math.round(first.rows / (first.ms / 1000)).toLocaleString('en-US')} rows/s; ${megabytes} MB corpus`,
    });
    out.push({ name: 'push, nothing new', value: timedPush(db, url, 'bench').ms, unit: 'ms', target: 1000 });
    // A day's worth: new sessions (copies of 1% of the transcripts under new names) and grown ones.
    const files = fg.sync('**/*.jsonl', { cwd: tree, absolute: true }).sort();
    files.filter((_, i) => i % 100 === 0).forEach((f, i) => growTranscript(f, 0.1, 5000 + i));
    timedImport(db, tree);
    const day = timedPush(db, url, 'bench');
    out.push({
      name: 'push after a day of new lines (1% of files grown 10%)',
      value: day.ms,
      unit: 'ms',
      detail: `${day.rows.toLocaleString('en-US')} rows`,
    });

    // Reports on a million tool rows, pushed from the reports bench database.
    const big = path.join(work, 'big.db');
    fs.copyFileSync(bigDb(), big);
    openDb(big).close(); // brings an older cached file to the current schema
    const bigUrl = await server.createDatabase('bench_reports');
    const bigPush = timedPush(big, bigUrl, 'big');
    out.push({
      name: 'push of the 1 M tool-row database',
      value: bigPush.ms / 1000,
      unit: 's',
      detail: `${bigPush.rows.toLocaleString('en-US')} rows, ${Math.round(bigPush.rows / (bigPush.ms / 1000)).toLocaleString('en-US')} rows/s`,
    });
    const team = await openPgReportDb(bigUrl, { env: { HOME: work, XDG_CONFIG_HOME: path.join(work, 'config') } });
    try {
      await team.all('ANALYZE', {});
      for (const report of reports) {
        const times: number[] = [];
        const params = defaultParams({ limit: report.defaultLimit, tz: 'Europe/Berlin' });
        for (let i = 0; i < runs; i++) {
          const t0 = performance.now();
          await runReportOn(team, report, params);
          times.push(performance.now() - t0);
        }
        out.push({
          name: `report ${report.name} on PostgreSQL, median`,
          value: percentile(times, 50),
          unit: 'ms',
          detail: `1,000,000 tool rows, ${runs} runs`,
        });
      }
    } finally {
      await team.close();
    }
  } finally {
    server.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
  return all;
}
