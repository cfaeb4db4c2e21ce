// `npm run bench -- --only secondary [--size MB] [--rounds N]`: what each secondary index and
// roll-up trigger adds to storing a cold import's rows (the store floor without the search index).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { corpus, timedImport } from './import.js';
import type { Measure } from './measure.js';
import { DEFERRABLE_INDEXES } from '../schema/deferred-indexes.js';
import { openDb } from '../schema/open-db.js';
import { secondaryCosts, secondaryObjects } from './store-floor.js';

export function benchSecondary(megabytes: number, rounds: number): Measure[] {
  const probe = openDb(':memory:');
  const triggers = secondaryObjects(probe).filter((o) => o.type === 'trigger');
  probe.close();
  const groups = {
    'the indexes a first import builds at its end': [...DEFERRABLE_INDEXES],
    'the roll-up triggers': triggers.map((t) => t.name),
  };
  const { root, stats } = corpus(megabytes);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-bench-secondary-'));
  try {
    const db = path.join(work, 'agentlog.db');
    timedImport(db, root);
    const { baseMs, costs, groupCosts } = secondaryCosts(db, stats.files, rounds, groups);
    const detail = `${Math.round(megabytes)} MB corpus, ${stats.files} commits, median of ${rounds}`;
    return [
      { name: 'store floor without the search index', value: baseMs / 1000, unit: 's CPU', detail },
      ...costs.map((c) => ({
        name: `  ${c.type} ${c.name} (${c.table})`,
        value: c.cpuMs,
        unit: 'ms CPU',
        detail: `${((100 * c.cpuMs) / baseMs).toFixed(1)}%`,
      })),
      ...Object.entries(groupCosts).map(([g, ms]) => ({
        name: `  together: ${g}`,
        value: ms,
        unit: 'ms CPU',
        detail: `${((100 * ms) / baseMs).toFixed(1)}%`,
      })),
    ];
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
