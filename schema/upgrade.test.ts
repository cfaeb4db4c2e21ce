// A database from the first schema upgrades in place through every later step with nothing lost.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runImport } from '../import/run.js';
import { migrations } from './migrations.js';
import { openDb } from './open-db.js';
import { DATA_TABLES } from './data-tables.js';
import { indexPendingTexts, unindexed, unwrittenRows } from './search-index.js';
import { Writer } from './writer.js';

const FIXTURE = path.resolve(__dirname, '../fixtures/schema-001/agentlog.db');
/** The transcripts the fixture was written from (fixtures/schema-001/README.md). */
const DEMO = path.resolve(__dirname, '../fixtures/demo/claude/projects');
const TRANSCRIPTS = [
  '-tmp-cc-harness-work-demo-app/b1ec64c9-7199-4c9f-a25d-66911d8932f6.jsonl',
  '-tmp-cc-harness-work-scratch/3391a786-57c1-41ba-8227-8cd67d54274b.jsonl',
  '-tmp-cc-harness-work-scratch/5f2cdad4-d731-413d-9905-ee9e7bf3a3fe.jsonl',
  '-tmp-cc-harness-work-scratch/73dca613-4cf7-4828-b5ca-9055fa131037.jsonl',
].map((f) => path.join(DEMO, f));

/** Every table the schema keeps rows in, with the key that orders them. */
const TABLES: Record<string, string> = { ...DATA_TABLES, import_state: 'path' };

type Row = Record<string, unknown>;
const hasTable = (db: Database.Database, t: string) =>
  db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(t) !== undefined;
/** The rows of every table the database has (a later step's tables are missing from an earlier schema). */
const rowsOf = (db: Database.Database) =>
  Object.fromEntries(
    Object.entries(TABLES)
      .filter(([t]) => hasTable(db, t))
      .map(([t, key]) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY ${key}`).all() as Row[]]),
  );
const columnsOf = (db: Database.Database, t: string) =>
  (db.prepare(`PRAGMA table_info(${t})`).all() as { name: string; type: string; notnull: number }[]).map(
    (c) => `${c.name} ${c.type}${c.notnull ? ' NOT NULL' : ''}`,
  );

/** New columns a step fills from the rows already there (011_session_counts): what each must hold. */
const COUNTED: Record<string, Record<string, string>> = {
  sessions: {
    failure_count: 'SELECT count(*) AS n FROM tools WHERE session_id = ? AND success = 0',
    edit_count:
      "SELECT count(*) AS n FROM file_operations WHERE session_id = ? AND operation_type IN ('edited', 'created')",
  },
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-upgrade-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const old = new Database(FIXTURE, { readonly: true });
const before = rowsOf(old);
const oldApplied = (old.prepare('SELECT name FROM schema_migrations').all() as { name: string }[]).map((r) => r.name);
old.close();

describe('a database written by schema 001', () => {
  it('is the first schema, with rows in the tables the later steps change', () => {
    expect(oldApplied).toEqual(['001_initial']);
    for (const t of ['sessions', 'messages', 'tools', 'file_operations', 'import_state']) {
      expect(before[t]!.length, t).toBeGreaterThan(0);
    }
  });

  it.each(migrations.slice(1).map((m, i) => [m.name, i + 2] as const))(
    'goes through step %s keeping every row and value, its new columns empty, its tables as a fresh database’s',
    (_name, steps) => {
      const file = path.join(dir, `to-${steps}.db`);
      fs.copyFileSync(FIXTURE, file);
      const db = openDb(file, { migrations: migrations.slice(0, steps) });
      const applied = (db.prepare('SELECT name FROM schema_migrations ORDER BY name').all() as { name: string }[]).map(
        (r) => r.name,
      );
      expect(applied).toEqual(migrations.slice(0, steps).map((m) => m.name));
      const after = rowsOf(db);
      const fresh = openDb(':memory:', { migrations: migrations.slice(0, steps) });
      for (const t of Object.keys(TABLES)) {
        expect(hasTable(db, t), t).toBe(hasTable(fresh, t));
        if (!hasTable(db, t)) continue;
        expect(columnsOf(db, t), t).toEqual(columnsOf(fresh, t));
        // A table a later step created starts empty.
        const rowsBefore = before[t] ?? [];
        expect(after[t]!.length, t).toBe(rowsBefore.length);
        after[t]!.forEach((row, i) => {
          const was = rowsBefore[i]!;
          for (const [k, v] of Object.entries(row)) {
            if (Object.hasOwn(was, k)) expect(v, `${t} row ${i} ${k}`).toEqual(was[k]);
            else if (COUNTED[t]?.[k])
              expect(v, `${t} row ${i}: ${k}`).toBe((db.prepare(COUNTED[t][k]).get(row.id) as { n: number }).n);
            else expect(v, `${t} row ${i}: new column ${k}`).toBeNull();
          }
        });
      }
      fresh.close();
      db.close();
    },
  );

  it('gets an empty permission_events table from step 009, as a fresh database has it, and writes to it', () => {
    const file = path.join(dir, 'to-permission-events.db');
    fs.copyFileSync(FIXTURE, file);
    const db = openDb(file);
    const fresh = openDb(':memory:');
    expect(columnsOf(db, 'permission_events')).toEqual(columnsOf(fresh, 'permission_events'));
    expect(columnsOf(db, 'permission_events')).toContain('decision TEXT');
    expect(db.prepare('SELECT count(*) AS n FROM permission_events').get()).toEqual({ n: 0 });
    const session = (db.prepare('SELECT id FROM sessions ORDER BY id LIMIT 1').get() as { id: string }).id;
    const w = new Writer(db);
    w.begin();
    w.write({
      kind: 'permission_event',
      id: 'p1',
      session_id: session,
      source: 'claude-code',
      tool_name: 'Bash',
      subject: 'npm install',
      asked_at: 1,
    });
    w.commit(null);
    expect(
      db.prepare('SELECT session_id, tool_name, subject, asked_at, decision FROM permission_events').all(),
    ).toEqual([{ session_id: session, tool_name: 'Bash', subject: 'npm install', asked_at: 1, decision: null }]);
    fresh.close();
    db.close();
  });

  // The fixture's one file operation is a read: its edit counts stay 0.
  it('gets each session’s failed calls and edits counted by step 011', () => {
    const file = path.join(dir, 'to-session-counts.db');
    fs.copyFileSync(FIXTURE, file);
    const db = openDb(file);
    const sums = db.prepare('SELECT sum(failure_count) AS failures, sum(edit_count) AS edits FROM sessions').get();
    expect(sums).toEqual({
      failures: (db.prepare('SELECT count(*) AS n FROM tools WHERE success = 0').get() as { n: number }).n,
      edits: (
        db.prepare("SELECT count(*) AS n FROM file_operations WHERE operation_type IN ('edited', 'created')").get() as {
          n: number;
        }
      ).n,
    });
    expect((sums as { failures: number }).failures).toBeGreaterThan(0);
    db.close();
  });

  it('gets the indexes of failed calls, big outputs and cache writes from step 013, holding every failed call the fixture has', () => {
    const file = path.join(dir, 'to-findings-indexes.db');
    fs.copyFileSync(FIXTURE, file);
    const db = openDb(file);
    const fresh = openDb(':memory:');
    const sqlOf = (d: Database.Database) =>
      d
        .prepare(
          "SELECT name, sql FROM sqlite_master WHERE name IN ('tools_failed_range', 'tools_big_outputs', 'messages_cache_writes') ORDER BY name",
        )
        .all();
    expect(sqlOf(db)).toEqual(sqlOf(fresh));
    expect(sqlOf(db)).toHaveLength(3);
    const failed = (from: string) =>
      db.prepare(`SELECT id FROM tools ${from} WHERE success = 0 AND created_at > -1 ORDER BY id`).all();
    expect(failed('INDEXED BY tools_failed_range')).toEqual(failed('NOT INDEXED'));
    expect(failed('NOT INDEXED').length).toBe(5);
    fresh.close();
    db.close();
  });

  it('keeps the search documents it has through step 018, and then searches what its re-import changed', async () => {
    const file = path.join(dir, 'to-search-docs-later.db');
    fs.copyFileSync(FIXTURE, file);
    const db = openDb(file);
    const docs = () => db.prepare('SELECT id, kind, ref, created_at, body FROM search_docs ORDER BY id').all();
    const kept = docs();
    expect(kept.length).toBeGreaterThan(20);
    // Every row had its documents (step 005 wrote them): the marks start at the highest rowids.
    expect(unwrittenRows(db)).toBe(0);
    expect(indexPendingTexts(db)).toMatchObject({ written: 0, left: 0 });
    expect(docs()).toEqual(kept);
    // Its re-import rewrites rows below the marks (the parser reads every file again): search follows.
    await runImport(db, { paths: TRANSCRIPTS, env: { HOME: dir, XDG_DATA_HOME: dir } });
    indexPendingTexts(db);
    expect(unindexed(db)).toBe(0);
    const fresh = openDb(path.join(dir, 'fresh-search.db'));
    await runImport(fresh, { paths: TRANSCRIPTS, env: { HOME: dir, XDG_DATA_HOME: dir } });
    indexPendingTexts(fresh);
    const texts = (d: Database.Database) =>
      d
        .prepare('SELECT d.kind, d.ref, t.body FROM search_docs d JOIN search_text t USING (id) ORDER BY ref, kind')
        .all();
    expect(texts(db)).toEqual(texts(fresh));
    const hits = (d: Database.Database) =>
      d.prepare("SELECT count(*) AS n FROM search_fts WHERE search_fts MATCH 'the OR error'").get();
    expect(hits(db)).toEqual(hits(fresh));
    db.close();
    fresh.close();
  });

  it('once upgraded, imports its own transcripts again to exactly what a fresh database holds', async () => {
    const file = path.join(dir, 'reimport.db');
    fs.copyFileSync(FIXTURE, file);
    const upgraded = openDb(file);
    const s = await runImport(upgraded, { paths: TRANSCRIPTS, env: { HOME: dir, XDG_DATA_HOME: dir } });
    expect(s.failed).toEqual([]);
    const fresh = openDb(path.join(dir, 'fresh.db'));
    await runImport(fresh, { paths: TRANSCRIPTS, env: { HOME: dir, XDG_DATA_HOME: dir } });
    const a = rowsOf(upgraded);
    const b = rowsOf(fresh);
    // transcript_path is written once: the upgraded rows keep where the fixture was first imported from.
    const placeless = (rows: Row[]) => rows.map(({ transcript_path: _, ...r }) => r);
    for (const t of Object.keys(DATA_TABLES)) expect(placeless(a[t]!), t).toEqual(placeless(b[t]!));
    // The Claude importer's newer parserVersion reads every file again (for what 008's tables hold).
    expect(s.imported).toBe(TRANSCRIPTS.length);
    upgraded.close();
    fresh.close();
  });
});
