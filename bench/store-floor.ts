// The floor for storing what a cold import stores: the rows it left, inserted again into a new
// database of the same schema, one plain INSERT per row, a commit per file as the import makes them.
// No parsing, mapping, merging or lookups: what SQLite and the driver alone cost for these rows, so
// the import's CPU can be split into reading (the parse floor), storing (this) and the rest.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDb } from '../schema/open-db.js';
import { buildDeferred, deferIndexes } from '../schema/deferred-indexes.js';
import { COUNTED_ROLLUPS } from '../schema/tool-rollup.js';

export interface StoreFloor {
  /** User + system CPU of the inserts and commits, in ms. */
  cpuMs: number;
  rows: number;
}

/** What the floor database keeps of the shipped schema. */
export type FloorSchema = 'shipped' | 'no-search' | 'primary-keys';

/** The full-text index's own tables (FTS5 shadow tables), written by `agentlog search`, not an import. */
const isFtsShadow = (name: string) => /^search_fts(_|$)/.test(name);

/**
 * Inserts every row of `imported` (a database a cold import wrote) into a new database in `commits`
 * transactions, each holding an equal share of every table. 'shipped' stores them as a first import
 * does: no search documents (a search writes them; the import's search_batches rows are copied), and
 * the indexes only reports read built at the end; 'no-search' leaves out the search tables and keeps
 * every index row by row; 'primary-keys' also drops every secondary index first.
 */
export function storeFloor(
  imported: string,
  commits: number,
  schema: FloorSchema,
  /** Indexes and triggers dropped besides, to measure what each costs (secondaryCosts). */
  without: readonly string[] = [],
): StoreFloor {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-store-floor-'));
  const db = openDb(path.join(dir, 'floor.db'));
  try {
    // The rows go in table by table in shares, so a message may come before its session.
    db.pragma('foreign_keys = OFF');
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as {
        name: string;
      }[]
    )
      .map((t) => t.name)
      .filter((t) => !isFtsShadow(t) && t !== 'search_fts')
      // Filled by triggers as the rows go in, as in an import.
      .filter((t) => !(t in COUNTED_ROLLUPS) && t !== 'search_pending')
      // The deferral's bookkeeping, empty once an import has ended.
      .filter((t) => t !== 'deferred_indexes')
      // Tables the migrations fill (push_epoch) are the schema's, not the import's.
      .filter((t) => (db.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n === 0)
      .filter((t) => schema === 'shipped' || !t.startsWith('search_'));
    if (schema === 'primary-keys') {
      const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").all() as {
        name: string;
      }[];
      for (const { name } of indexes) db.exec(`DROP INDEX "${name}"`);
    }
    for (const name of without) {
      const { type } = db.prepare('SELECT type FROM sqlite_master WHERE name = ?').get(name) as { type: string };
      db.exec(`DROP ${type.toUpperCase()} "${name}"`);
    }
    // A first import builds the indexes only reports read at its end (schema/deferred-indexes.ts).
    if (schema === 'shipped') deferIndexes(db);
    // Each table read in step with the commits through its own connection, a share at a time, so
    // memory holds one commit's rows (as an import does) and only the inserts are timed.
    const readers: Database.Database[] = [];
    const data = tables.map((t) => {
      const cols = (db.prepare(`PRAGMA table_info("${t}")`).all() as { name: string }[]).map((c) => `"${c.name}"`);
      const reader = new Database(imported, { readonly: true });
      readers.push(reader);
      const count = (reader.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n;
      const rows = reader
        .prepare(`SELECT ${cols.join(', ')} FROM "${t}"`)
        .raw()
        .iterate() as Iterator<unknown[]>;
      const insert = db.prepare(`INSERT INTO "${t}" (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
      return { count, rows, insert };
    });
    const rows = data.reduce((n, d) => n + d.count, 0);
    let cpu = 0;
    try {
      for (let c = 0; c < commits; c++) {
        const share = data.map(({ count, rows: it }) => {
          const out: unknown[][] = [];
          const n = Math.floor((count * (c + 1)) / commits) - Math.floor((count * c) / commits);
          for (let i = 0; i < n; i++) out.push(it.next().value as unknown[]);
          return out;
        });
        const t0 = process.cpuUsage();
        db.exec('BEGIN IMMEDIATE');
        share.forEach((part, k) => {
          const insert = data[k]!.insert;
          for (const row of part) insert.run(row);
        });
        db.exec('COMMIT');
        const used = process.cpuUsage(t0);
        cpu += used.user + used.system;
      }
    } finally {
      for (const d of data) d.rows.return?.();
      for (const r of readers) r.close();
    }
    const t0 = process.cpuUsage();
    if (schema === 'shipped') buildDeferred(db);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const used = process.cpuUsage(t0);
    return { cpuMs: (cpu + used.user + used.system) / 1000, rows };
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** What one secondary index or insert trigger adds to the store floor without the search index. */
export interface SecondaryCost {
  name: string;
  table: string;
  type: 'index' | 'trigger';
  /** The floor's CPU with it minus without it (medians), in ms. */
  cpuMs: number;
}

/**
 * The indexes and the triggers an INSERT fires (the roll-up counts of 012) of the tables an import
 * writes, search index aside: the objects whose upkeep the 'no-search' floor pays beyond its keys.
 */
export function secondaryObjects(db: Database.Database): { name: string; table: string; type: 'index' | 'trigger' }[] {
  return db
    .prepare(
      `SELECT name, tbl_name AS "table", type FROM sqlite_master
         WHERE sql IS NOT NULL AND tbl_name <> 'search_docs'
           AND (type = 'index' OR (type = 'trigger' AND sql LIKE '%AFTER INSERT%'))
         ORDER BY tbl_name, type, name`,
    )
    .all() as { name: string; table: string; type: 'index' | 'trigger' }[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * The 'no-search' floor, then again without each secondary object in turn, `rounds` times
 * interleaved (so the machine's load falls on all alike): each object's cost is the difference of
 * the medians. `groups` are measured the same way, several objects dropped at once.
 */
export function secondaryCosts(
  imported: string,
  commits: number,
  rounds: number,
  groups: Record<string, string[]> = {},
): { baseMs: number; costs: SecondaryCost[]; groupCosts: Record<string, number> } {
  const probe = openDb(':memory:');
  const objects = secondaryObjects(probe);
  probe.close();
  const variants: [string, string[]][] = [
    ...objects.map((o): [string, string[]] => [o.name, [o.name]]),
    ...Object.entries(groups),
  ];
  const base: number[] = [];
  const without = new Map<string, number[]>(variants.map(([k]) => [k, []]));
  for (let r = 0; r < rounds; r++) {
    base.push(storeFloor(imported, commits, 'no-search').cpuMs);
    for (const [key, names] of variants)
      without.get(key)!.push(storeFloor(imported, commits, 'no-search', names).cpuMs);
  }
  const baseMs = median(base);
  const cost = (key: string) => baseMs - median(without.get(key)!);
  return {
    baseMs,
    costs: objects.map((o) => ({ ...o, cpuMs: cost(o.name) })),
    groupCosts: Object.fromEntries(Object.keys(groups).map((g) => [g, cost(g)])),
  };
}
