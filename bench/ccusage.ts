// agentlog beside ccusage on the same corpus: wall times, and whether the token totals agree.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { corpus, timedImport } from './import.js';
import type { Measure } from './measure.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const ENTRY = path.join(ROOT, 'dist/bin/agentlog.js');
const CCUSAGE_VERSION = '20.0.24';

/**
 * ccusage with its native binary, installed from the registry into the temp folder on first use
 * (not a devDependency: its per-platform packages do not all exist at this version, which breaks
 * `npm ci`). `CCUSAGE` names another binary.
 */
function ccusage(): string | undefined {
  if (process.env.CCUSAGE) return process.env.CCUSAGE;
  const prefix = path.join(os.tmpdir(), `agentlog-bench-ccusage-${CCUSAGE_VERSION}`);
  const bin = path.join(prefix, 'node_modules/.bin/ccusage');
  if (!fs.existsSync(bin)) {
    spawnSync(
      'npm',
      ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', `ccusage@${CCUSAGE_VERSION}`],
      { stdio: 'ignore' },
    );
  }
  return fs.existsSync(bin) ? bin : undefined;
}

type Day = {
  date: string;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
};

export function benchCcusage(megabytes: number): Measure[] {
  const CCUSAGE = ccusage();
  if (!CCUSAGE)
    return [{ name: `ccusage ${CCUSAGE_VERSION} could not be installed: comparison skipped`, value: 0, unit: '' }];
  const { root } = corpus(megabytes);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-bench-ccusage-'));
  try {
    // ccusage wants a config dir holding projects/.
    fs.symlinkSync(root, path.join(work, 'projects'));
    let t0 = performance.now();
    const cc = spawnSync(CCUSAGE, ['claude', 'daily', '--json', '--offline'], {
      encoding: 'utf8',
      env: { ...process.env, CLAUDE_CONFIG_DIR: work, TZ: 'UTC' },
      maxBuffer: 256 * 1024 * 1024,
    });
    const ccMs = performance.now() - t0;
    if (cc.status !== 0) throw new Error(`ccusage failed: ${cc.stderr}`);
    const db = path.join(work, 'agentlog.db');
    const cold = timedImport(db, root);
    t0 = performance.now();
    const report = spawnSync(
      process.execPath,
      [ENTRY, 'report', 'usage', '--by', 'day', '--tz', 'UTC', '--format', 'json', '--db', db],
      {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const reportMs = performance.now() - t0;
    const ours = new Map(
      (JSON.parse(report.stdout) as Record<string, number | string>[]).map((r) => [
        r.day as string,
        [r.input_tokens, r.output_tokens, r.cache_write_tokens, r.cache_read_tokens].join(','),
      ]),
    );
    const theirs = (JSON.parse(cc.stdout).daily as Day[]).map(
      (d) => [d.date, [d.inputTokens, d.outputTokens, d.cacheCreationTokens, d.cacheReadTokens].join(',')] as const,
    );
    const differing = theirs.filter(([date, v]) => ours.get(date) !== v).map(([date]) => date);
    const sum = (rows: string[]) =>
      rows.reduce((acc, v) => acc.map((x, i) => x + Number(v.split(',')[i])), [0, 0, 0, 0]).join(',');
    const totalsAgree = sum([...ours.values()]) === sum(theirs.map(([, v]) => v));
    return [
      {
        name: 'ccusage claude daily --json --offline',
        value: ccMs / 1000,
        unit: 's',
        detail: `${Math.round(megabytes)} MB corpus`,
      },
      { name: 'agentlog import (cold), same corpus', value: cold.ms / 1000, unit: 's' },
      { name: 'agentlog report usage --by day, imported', value: reportMs / 1000, unit: 's' },
      { name: 'token totals that differ from ccusage (of 4 kinds)', value: totalsAgree ? 0 : 4, unit: '', target: 0 },
      {
        name: 'days whose totals differ from ccusage',
        value: differing.length,
        unit: `of ${theirs.length}`,
        // A response whose chunks straddle midnight: ccusage dates it by its largest (last) chunk,
        // agentlog by its first, when it began. The totals above are the same.
        detail: differing.length
          ? `${differing.join(', ')}: responses straddling midnight, dated by their first chunk here and their last in ccusage`
          : 'all agree',
      },
    ];
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
