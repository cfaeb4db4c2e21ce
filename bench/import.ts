// Import measures on a generated corpus: cold and warm import against a JSON.parse baseline, memory, size.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fg from 'fast-glob';
import { type CorpusStats, generateCorpus, growTranscript } from './corpus.js';
import type { Measure } from './measure.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const ENTRY = path.join(ROOT, 'dist/bin/agentlog.js');

/** The corpus for a size and seed, generated once and kept in the temp folder between runs. */
export function corpus(megabytes: number, seed = 42): { root: string; stats: CorpusStats } {
  const root = path.join(os.tmpdir(), `agentlog-bench-corpus-${megabytes}mb-seed${seed}`);
  const marker = path.join(root, '.stats.json');
  if (fs.existsSync(marker)) return { root, stats: JSON.parse(fs.readFileSync(marker, 'utf8')) };
  const stats = generateCorpus({ root, bytes: megabytes * 1024 * 1024, seed });
  fs.writeFileSync(marker, JSON.stringify(stats));
  return { root, stats };
}

/** The floor for any importer in Node: read every file and JSON.parse every line. */
export function baseline(root: string): { ms: number; lines: number } {
  const t0 = performance.now();
  let lines = 0;
  const buf = Buffer.alloc(1 << 20);
  for (const file of fg.sync('**/*.jsonl', { cwd: root, absolute: true })) {
    const fd = fs.openSync(file, 'r');
    let rest = '';
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0;) {
      const parts = (rest + buf.toString('utf8', 0, n)).split('\n');
      rest = parts.pop() ?? '';
      for (const l of parts) {
        if (!l) continue;
        lines++;
        try {
          JSON.parse(l);
        } catch {
          // a bad line costs the same
        }
      }
    }
    fs.closeSync(fd);
  }
  return { ms: performance.now() - t0, lines };
}

const hasTime = fs.existsSync('/usr/bin/time');

/** One `agentlog import` as its own process: wall time and, where /usr/bin/time exists, peak RSS. */
export function timedImport(db: string, root: string, extra: string[] = []): { ms: number; rssMb?: number } {
  const args = [ENTRY, 'import', '--quiet', ...extra, '--db', db, root];
  const t0 = performance.now();
  const r = hasTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { encoding: 'utf8' })
    : spawnSync(process.execPath, args, { encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`import failed (${r.status}): ${r.stderr}`);
  const kb = hasTime ? Number(r.stderr.trim().split('\n').pop()) : NaN;
  return { ms, rssMb: Number.isFinite(kb) ? kb / 1024 : undefined };
}

export function benchImport(megabytes: number): Measure[] {
  const { root, stats } = corpus(megabytes);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-bench-import-'));
  const db = path.join(work, 'agentlog.db');
  // A copy, so that growing files does not change the cached corpus.
  const tree = path.join(work, 'projects');
  fs.cpSync(root, tree, { recursive: true });
  try {
    const mb = stats.bytes / 1024 / 1024;
    const base = baseline(tree);
    const unredacted = timedImport(path.join(work, 'unredacted.db'), tree, ['--no-redact']);
    const cold = timedImport(db, tree);
    const warm = timedImport(db, tree);
    const files = fg.sync('**/*.jsonl', { cwd: tree, absolute: true }).sort();
    const grown = files.filter((_, i) => i % 100 === 0);
    grown.forEach((f, i) => growTranscript(f, 0.1, 1000 + i));
    const after = timedImport(db, tree);
    const dbBytes = fs.statSync(db).size + (fs.existsSync(`${db}-wal`) ? fs.statSync(`${db}-wal`).size : 0);
    const label = `${Math.round(mb)} MB corpus, ${stats.files} files, ${base.lines.toLocaleString('en-US')} lines`;
    const measures: Measure[] = [
      {
        name: `baseline: read + JSON.parse every line`,
        value: mb / (base.ms / 1000),
        unit: 'MB/s',
        detail: `${(base.ms / 1000).toFixed(1)} s; ${label}`,
      },
      {
        name: 'cold import',
        value: mb / (cold.ms / 1000),
        unit: 'MB/s',
        detail: `${(cold.ms / 1000).toFixed(1)} s, ${Math.round(base.lines / (cold.ms / 1000)).toLocaleString('en-US')} lines/s`,
      },
      { name: 'cold import time / baseline time', value: cold.ms / base.ms, unit: 'x', target: 2.5 },
      {
        name: 'cost of secret redaction (cold import with / without)',
        value: (100 * (cold.ms - unredacted.ms)) / unredacted.ms,
        unit: '%',
        target: 10,
        detail: `${(unredacted.ms / 1000).toFixed(1)} s with --no-redact`,
      },
      {
        name: 're-import, nothing changed / cold import',
        value: (100 * warm.ms) / cold.ms,
        unit: '%',
        target: 3,
        detail: `${warm.ms.toFixed(0)} ms`,
      },
      {
        name: `re-import, ${grown.length} files (1%) grown 10% / cold import`,
        value: (100 * after.ms) / cold.ms,
        unit: '%',
        target: 5,
        detail: `${after.ms.toFixed(0)} ms`,
      },
      {
        name: 'database size / corpus size',
        value: dbBytes / stats.bytes,
        unit: 'x',
        target: 0.35,
        detail: `${(dbBytes / 1024 / 1024).toFixed(0)} MB`,
      },
    ];
    if (cold.rssMb !== undefined) {
      measures.push({
        name: `peak RSS of the cold import (${Math.round(mb)} MB corpus)`,
        value: cold.rssMb,
        unit: 'MB',
        target: 200,
      });
    }
    return measures;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
