// Writes the full-text search documents (search_docs) of the rows imported since the last search, and
// brings their index (search_fts) up to date, when search asks: an import only notes what it inserted.
import type { Statement } from 'better-sqlite3';
import { migrations } from './migrations.js';
import { type Db, isBusy } from './open-db.js';

/** The tables whose rows have documents, in the order a file's documents are written. */
const DOC_TABLES = ['messages', 'tools', 'session_errors'] as const;
type DocTable = (typeof DOC_TABLES)[number];
type Marks = Record<DocTable, number>;

/**
 * Run by the writer before a file's commit when it inserted rows: the tables' highest rowids, so that
 * search writes that file's documents after those of the files before it (migration 018).
 */
export const NOTE_SEARCH_BATCH = `
INSERT INTO search_batches (messages, tools, session_errors) SELECT
  coalesce((SELECT max(rowid) FROM messages), 0), coalesce((SELECT max(rowid) FROM tools), 0),
  coalesce((SELECT max(rowid) FROM session_errors), 0)`;

// Each statement upserts the documents of the rows it is given from what is stored (so redacted
// text stays redacted); a row without text has no document, and only a command's document holds
// its text. A new document waits in search_pending (its insert trigger), as does one whose text
// changed (the triggers of 010_search_lean); an unchanged one is left as it is.
const UPSERT = `ON CONFLICT(ref, kind) DO UPDATE SET body = excluded.body,
  created_at = coalesce(search_docs.created_at, excluded.created_at)
  WHERE search_docs.body IS NOT excluded.body OR (search_docs.created_at IS NULL AND excluded.created_at IS NOT NULL)`;

/** Which rows a statement writes the documents of: a range of rowids, or the first :n stale rows of a table. */
type Rows = (table: DocTable, alias: string) => string;
const inRange: Rows = (_, r) => `${r}.rowid > :from AND ${r}.rowid <= :to`;
const stale: Rows = (table, r) =>
  `${r}.rowid IN (SELECT rid FROM search_stale WHERE tbl = '${table}' ORDER BY rid LIMIT :n)`;

// The documents go in in rowid order (a tool's command, output, error), which is the order of
// search_docs.id, the order of "most recently imported" in browse/search.ts.
const DOCS: Record<DocTable, (rows: Rows) => string> = {
  messages: (rows) => `
INSERT INTO search_docs (kind, ref, session_id, created_at)
SELECT CASE m.role WHEN 'user' THEN 'prompt' ELSE 'answer' END, m.id, m.session_id, m.created_at
FROM messages m
WHERE ${rows('messages', 'm')} AND m.role IN ('user', 'assistant') AND m.text_content IS NOT NULL AND m.text_content <> ''
ORDER BY m.rowid
${UPSERT}`,
  tools: (rows) => `
INSERT INTO search_docs (kind, ref, session_id, created_at, body)
SELECT kind, id, session_id, created_at, CASE kind WHEN 'command' THEN body END FROM (
  SELECT t.rowid AS n, 1 AS o, 'command' AS kind, t.id, t.session_id, t.created_at, CASE WHEN json_valid(t.tool_input)
    THEN (SELECT group_concat(j.value, ' ') FROM json_tree(t.tool_input) j WHERE j.type = 'text')
    ELSE t.tool_input END AS body
  FROM tools t WHERE ${rows('tools', 't')} AND t.tool_input IS NOT NULL
  UNION ALL
  SELECT t.rowid, 2, 'output', t.id, t.session_id, coalesce(t.completed_at, t.created_at), t.tool_output
  FROM tools t WHERE ${rows('tools', 't')}
  UNION ALL
  SELECT t.rowid, 3, 'error', t.id, t.session_id, coalesce(t.completed_at, t.created_at), t.error_message
  FROM tools t WHERE ${rows('tools', 't')})
WHERE body IS NOT NULL AND body <> ''
ORDER BY n, o
${UPSERT}`,
  session_errors: (rows) => `
INSERT INTO search_docs (kind, ref, session_id, created_at)
SELECT 'error', e.id, e.session_id, e.created_at
FROM session_errors e
WHERE ${rows('session_errors', 'e')} AND e.error_message IS NOT NULL AND e.error_message <> ''
ORDER BY e.rowid
${UPSERT}`,
};

// All the documents of a chunk at once, not one per statement (see 010_search_lean).
export const INDEX_PENDING = `
INSERT INTO search_fts (rowid, body)
SELECT t.id, t.body FROM search_pending p JOIN search_text t ON t.id = p.id`;

const hasTable = (db: Db, name: string) =>
  db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(name) !== undefined;

/** The tables' highest rowids now: the rows a search has to write documents for reach that far. */
const TOPS = `SELECT ${DOC_TABLES.map((t) => `coalesce((SELECT max(rowid) FROM ${t}), 0) AS ${t}`).join(', ')}`;

/**
 * Writes the documents of the rows imported since the last search: file by file (search_batches), then
 * any row above the last file's (written by other means), then the stale rows (changed since their
 * documents were written). Each step moves search_written up, in the caller's transaction.
 */
class DocWriter {
  private readonly marks: Statement;
  private readonly nextBatch: Statement;
  private readonly tops: Statement;
  private readonly dropBatch: Statement;
  private readonly range: Record<DocTable, Statement>;
  private readonly setMark: Record<DocTable, Statement>;
  private readonly stale: Record<DocTable, Statement>;
  private readonly unstale: Statement;

  constructor(db: Db) {
    this.marks = db.prepare(`SELECT ${DOC_TABLES.join(', ')} FROM search_written`);
    this.nextBatch = db.prepare(`SELECT id, ${DOC_TABLES.join(', ')} FROM search_batches ORDER BY id LIMIT 1`);
    this.tops = db.prepare(`SELECT NULL AS id, * FROM (${TOPS})`);
    this.dropBatch = db.prepare('DELETE FROM search_batches WHERE id = ?');
    const each = (f: (t: DocTable) => Statement) =>
      Object.fromEntries(DOC_TABLES.map((t) => [t, f(t)])) as Record<DocTable, Statement>;
    this.range = each((t) => db.prepare(DOCS[t](inRange)));
    this.setMark = each((t) => db.prepare(`UPDATE search_written SET ${t} = ?`));
    this.stale = each((t) => db.prepare(DOCS[t](stale)));
    this.unstale = db.prepare(
      'DELETE FROM search_stale WHERE tbl = :t AND rid IN (SELECT rid FROM search_stale WHERE tbl = :t ORDER BY rid LIMIT :n)',
    );
  }

  /** Writes the documents of up to about `budget` rows (a file's rows are not split); how many it covered. */
  write(budget: number): number {
    let done = 0;
    for (;;) {
      const marks = this.marks.get() as Marks;
      const batch = (this.nextBatch.get() ?? this.tops.get()) as Marks & { id: number | null };
      let moved = false;
      for (const t of DOC_TABLES) {
        if (batch[t] <= marks[t]) continue;
        // Rows written by other means than a file's transaction (the bench's copies) come in chunks.
        const to = batch.id === null ? Math.min(batch[t], marks[t] + budget - done) : batch[t];
        if (to <= marks[t]) return done;
        this.range[t].run({ from: marks[t], to });
        this.setMark[t].run(to);
        done += to - marks[t];
        moved = true;
      }
      if (batch.id !== null) this.dropBatch.run(batch.id);
      else if (!moved) break;
      if (done >= budget) return done;
    }
    for (const t of DOC_TABLES) {
      const n = budget - done;
      if (n <= 0) return done;
      this.stale[t].run({ n });
      done += this.unstale.run({ t, n }).changes;
    }
    return done;
  }

  /** Sets the marks to the tables' highest rowids: only once every row has its documents (prune). */
  settle(): void {
    const tops = this.tops.get() as Marks;
    for (const t of DOC_TABLES) this.setMark[t].run(tops[t]);
  }
}

/**
 * How many rows have documents still to write: above their table's mark (rowids are given in
 * order, so the difference counts them without reading them), or queued as stale.
 */
export function unwrittenRows(db: Db): number {
  // A database from before 018 opened read-only: its import wrote every document.
  if (!hasTable(db, 'search_written')) return 0;
  const gaps = DOC_TABLES.map((t) => `max(0, top.${t} - w.${t})`).join(' + ');
  return (
    db
      .prepare(`SELECT ${gaps} + (SELECT count(*) FROM search_stale) AS n FROM search_written w, (${TOPS}) top`)
      .get() as { n: number }
  ).n;
}

/**
 * Writes every missing document, in the caller's transaction, and sets the marks to the tables'
 * highest rowids: prune calls it after it deletes (so a rowid freed at the top and given again is
 * not taken for written) and after VACUUM (which may give rows new rowids).
 */
export function writeAllDocs(db: Db): void {
  const w = new DocWriter(db);
  while (w.write(Number.MAX_SAFE_INTEGER) > 0);
  w.settle();
}

/** How many texts wait in search_pending: written, not yet in the index, so not found by a search. */
export function pendingTexts(db: Db): number {
  // A database from before 010 opened read-only has no queue: its triggers indexed every text.
  if (!hasTable(db, 'search_pending')) return 0;
  return (db.prepare('SELECT count(*) AS n FROM search_pending').get() as { n: number }).n;
}

/** What a search cannot find yet: the rows whose documents are not written, and the texts not indexed. */
export function unindexed(db: Db): number {
  return unwrittenRows(db) + pendingTexts(db);
}

export interface IndexOptions {
  /**
   * Rows, then texts, per transaction: a kill loses at most one chunk's work, and a writer waits at
   * most one chunk (~2.5 s of CPU at the default). Smaller chunks cost FTS5 more merging: 1.5 M texts
   * took 51 s of CPU in chunks of 20,000, 36 s in chunks of 100,000, 34 s in one (bench/RESULTS.md).
   */
  chunk?: number;
  /** How long to wait for another writer (an import) before leaving the rest for later. */
  busyTimeoutMs?: number;
  /**
   * Called after each chunk: `write`, the rows whose documents are written so far of those waiting
   * at the start; then `index`, the texts indexed so far of those waiting once the documents are written.
   */
  onProgress?: (step: 'write' | 'index', done: number, total: number) => void;
}

export interface IndexResult {
  /** Rows whose documents were written. */
  written: number;
  indexed: number;
  /** Rows and texts still waiting (unindexed): another process held the database, or it is read-only here. */
  left: number;
}

/**
 * Writes the documents of the rows imported since the last search, then indexes the texts that wait
 * in search_pending, oldest first, a chunk per transaction: each chunk moves the marks, or leaves the
 * queue, in the transaction that does its work, so a kill leaves every row and text either done or
 * still waiting. Stops, leaving the rest, when another writer holds the database longer than
 * `busyTimeoutMs` (search then answers from what is indexed), and on a read-only connection.
 */
export function indexPendingTexts(db: Db, opts: IndexOptions = {}): IndexResult {
  const rows = unwrittenRows(db);
  if ((rows === 0 && pendingTexts(db) === 0) || db.readonly) return { written: 0, indexed: 0, left: unindexed(db) };
  const chunk = Math.max(1, opts.chunk ?? 100_000);
  const begin = db.prepare('BEGIN IMMEDIATE');
  /** Runs one chunk in its transaction: what it did, or null when another writer holds the database. */
  const inTransaction = (work: () => number): number | null => {
    try {
      begin.run();
    } catch (err) {
      if (isBusy(err)) return null;
      throw err;
    }
    try {
      const n = work();
      db.exec('COMMIT');
      return n;
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw err;
    }
  };
  const wait = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(opts.busyTimeoutMs ?? 500))}`);
  let written = 0;
  let indexed = 0;
  try {
    const docs = rows ? new DocWriter(db) : undefined;
    let busy = false;
    while (docs) {
      const n = inTransaction(() => docs.write(chunk));
      if (n === null) busy = true;
      if (!n) break;
      written += n;
      opts.onProgress?.('write', written, rows);
    }
    if (!busy) indexed = indexTexts(db, chunk, inTransaction, opts.onProgress);
  } finally {
    db.pragma(`busy_timeout = ${wait}`);
  }
  return { written, indexed, left: unindexed(db) };
}

/** Tokenizes the texts queued in search_pending, a chunk per transaction; how many. */
function indexTexts(
  db: Db,
  chunk: number,
  inTransaction: (work: () => number) => number | null,
  onProgress: IndexOptions['onProgress'],
): number {
  const total = pendingTexts(db);
  // The last id of the next chunk, or of the queue when less than a chunk is left.
  const chunkEnd = db.prepare(
    'SELECT coalesce((SELECT id FROM search_pending ORDER BY id LIMIT 1 OFFSET ?), (SELECT max(id) FROM search_pending)) AS id',
  );
  const index = db.prepare(`${INDEX_PENDING} WHERE p.id <= ?`);
  const done = db.prepare('DELETE FROM search_pending WHERE id <= ?');
  let indexed = 0;
  while (indexed < total) {
    const n = inTransaction(() => {
      const last = (chunkEnd.get(chunk - 1) as { id: number | null }).id;
      if (last === null) return 0;
      index.run(last);
      return done.run(last).changes;
    });
    if (!n) break;
    indexed += n;
    onProgress?.('index', indexed, total);
  }
  return indexed;
}

/** The schema steps that build the search index (found by what they do, so a renumbering does not break them). */
export const SEARCH_STEPS = migrations.filter((m) => /CREATE (VIRTUAL )?TABLE search_/.test(m.sql)).map((m) => m.name);

/**
 * Takes the search steps back (their tables, view and triggers, and their records), so that the
 * next open builds the index from the rows alone, as it does for a database from before them: for
 * the bench and the tests that compare an index built so with the one the writer keeps.
 */
export function dropSearchIndex(db: Db): void {
  const objects = db
    .prepare(
      `SELECT type, name FROM sqlite_schema WHERE type IN ('trigger', 'view', 'table')
       AND name LIKE 'search\\_%' ESCAPE '\\' AND name NOT LIKE 'search\\_fts\\_%' ESCAPE '\\'`,
    )
    .all() as { type: string; name: string }[];
  const order = ['trigger', 'view', 'table'];
  objects.sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
  for (const o of objects) db.exec(`DROP ${o.type.toUpperCase()} ${o.name}`);
  db.prepare('DELETE FROM schema_migrations WHERE name IN (SELECT value FROM json_each(?))').run(
    JSON.stringify(SEARCH_STEPS),
  );
}
