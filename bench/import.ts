// Import measures on a generated corpus: cold and warm import against a JSON.parse baseline, memory, size.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fg from 'fast-glob';
import { type CorpusStats, generateCorpus, growTranscript } from './corpus.js';
import type { Measure } from './measure.js';
import { type FloorSchema, storeFloor } from './store-floor.js';

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

/**
 * The floor for any importer in Node: read every file and JSON.parse every line, as its own
 * process (start-up included, as for the import) so that both are measured the same way.
 */
const FLOOR = `
const fs = require('node:fs'), path = require('node:path');
let lines = 0;
const buf = Buffer.alloc(1 << 20);
for (const rel of fs.readdirSync(process.argv[1], { recursive: true })) {
  if (!rel.endsWith('.jsonl')) continue;
  const fd = fs.openSync(path.join(process.argv[1], rel), 'r');
  let rest = '';
  for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0;) {
    const parts = (rest + buf.toString('utf8', 0, n)).split('\\n');
    rest = parts.pop() ?? '';
    for (const l of parts) {
      if (!l) continue;
      lines++;
      try { JSON.parse(l); } catch {}
    }
  }
  fs.closeSync(fd);
}
console.log(lines);`;

export interface Timed {
  ms: number;
  /** User + system CPU of the process, where /usr/bin/time exists. */
  cpuMs?: number;
  rssMb?: number;
}

const hasTime = fs.existsSync('/usr/bin/time');

/** One process, timed: wall time and, where /usr/bin/time exists, its CPU and peak RSS. */
function timed(args: string[]): Timed & { stdout: string } {
  const t0 = performance.now();
  const r = hasTime
    ? spawnSync('/usr/bin/time', ['-f', '%M %U %S', process.execPath, ...args], { encoding: 'utf8' })
    : spawnSync(process.execPath, args, { encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args[0]} failed (${r.status}): ${r.stderr}`);
  const [kb, user, sys] = hasTime ? r.stderr.trim().split('\n').pop()!.split(' ').map(Number) : [];
  return {
    ms,
    stdout: r.stdout,
    cpuMs: user !== undefined && sys !== undefined ? (user + sys) * 1000 : undefined,
    rssMb: kb !== undefined && Number.isFinite(kb) ? kb / 1024 : undefined,
  };
}

export function baseline(root: string): Timed & { lines: number } {
  const t = timed(['-e', FLOOR, root]);
  return { ...t, lines: Number(t.stdout.trim()) };
}

/** One `agentlog import` as its own process. */
export function timedImport(db: string, root: string, extra: string[] = []): Timed {
  const { stdout: _, ...t } = timed([ENTRY, 'import', '--quiet', ...extra, '--db', db, root]);
  return t;
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
    const floors = (['shipped', 'no-search', 'primary-keys'] as FloorSchema[]).map((schema) => ({
      schema,
      ...storeFloor(db, stats.files, schema),
    }));
    const warm = timedImport(db, tree);
    const files = fg.sync('**/*.jsonl', { cwd: tree, absolute: true }).sort();
    const grown = files.filter((_, i) => i % 100 === 0);
    grown.forEach((f, i) => growTranscript(f, 0.1, 1000 + i));
    const after = timedImport(db, tree);
    const dbBytes = fs.statSync(db).size + (fs.existsSync(`${db}-wal`) ? fs.statSync(`${db}-wal`).size : 0);
    const label = `${Math.round(mb)} MB corpus, ${stats.files} files, ${base.lines.toLocaleString('en-US')} lines`;
    const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const cpu = (t: Timed) => (t.cpuMs === undefined ? '' : `, ${secs(t.cpuMs)} CPU`);
    const measures: Measure[] = [
      {
        name: `parse floor: read + JSON.parse every line`,
        value: mb / (base.ms / 1000),
        unit: 'MB/s',
        detail: `${secs(base.ms)}${cpu(base)}; ${label}`,
      },
      {
        name: 'cold import',
        value: mb / (cold.ms / 1000),
        unit: 'MB/s',
        detail: `${secs(cold.ms)}${cpu(cold)}, ${Math.round(base.lines / (cold.ms / 1000)).toLocaleString('en-US')} lines/s`,
      },
    ];
    if (cold.cpuMs !== undefined && base.cpuMs !== undefined) {
      measures.push({
        name: 'cold import CPU / parse-floor CPU',
        value: cold.cpuMs / base.cpuMs,
        unit: 'x',
        target: 1.6,
      });
    }
    // Where the import's CPU goes: reading (the parse floor), storing (the store floors), the rest.
    const FLOOR_LABEL: Record<FloorSchema, string> = {
      shipped: 'as a first import stores them (search documents left to search, report indexes built at the end)',
      'no-search': 'no search documents, every index kept row by row',
      'primary-keys': 'primary keys only, no search index',
    };
    for (const f of floors) {
      measures.push({
        name: `store floor: its rows inserted plainly, ${FLOOR_LABEL[f.schema]}`,
        value: f.cpuMs / 1000,
        unit: 's CPU',
        detail: `${f.rows.toLocaleString('en-US')} rows, ${stats.files} commits`,
      });
    }
    if (cold.cpuMs !== undefined && base.cpuMs !== undefined) {
      const shipped = floors[0]!.cpuMs;
      measures.push({
        name: '(parse floor + store floor) CPU / parse-floor CPU',
        value: (base.cpuMs + shipped) / base.cpuMs,
        unit: 'x',
        detail: 'the least a cold import can cost in Node with SQLite and this schema',
      });
      measures.push({
        name: 'cold import CPU / (parse floor + store floor) CPU',
        value: cold.cpuMs / (base.cpuMs + shipped),
        unit: 'x',
        detail: 'what mapping, merging and lookups add',
      });
    }
    const costOf = (t: Timed) => t.cpuMs ?? t.ms;
    measures.push(
      { name: 'cold import wall / parse-floor wall', value: cold.ms / base.ms, unit: 'x', target: 2.0 },
      {
        name: 'cost of secret redaction (cold import with / without)',
        value: (100 * (costOf(cold) - costOf(unredacted))) / costOf(unredacted),
        unit: '%',
        target: 10,
        detail: `${secs(unredacted.ms)}${cpu(unredacted)} with --no-redact`,
      },
      {
        name: 're-import, nothing changed / cold import',
        value: (100 * warm.ms) / cold.ms,
        unit: '%',
        target: megabytes >= 1024 ? 1 : 2,
        detail: `${warm.ms.toFixed(0)} ms${warm.cpuMs === undefined ? '' : `, ${warm.cpuMs.toFixed(0)} ms CPU`}`,
      },
      {
        name: `re-import, ${grown.length} files (1%) grown 10% / cold import`,
        value: (100 * after.ms) / cold.ms,
        unit: '%',
        target: 5,
        detail: `${after.ms.toFixed(0)} ms`,
      },
      {
        // 0.45 on this synthetic corpus is accepted (issue 15); real transcripts give 0.29.
        name: 'database size / corpus size',
        value: dbBytes / stats.bytes,
        unit: 'x',
        target: 0.45,
        detail: `${(dbBytes / 1024 / 1024).toFixed(0)} MB`,
      },
    );
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
