// Keeps the full-text search documents (search_docs) in step with the rows the writer touched,
// inside the writer's transaction, and brings their index (search_fts) up to date when search asks.
import { lazyStatements } from './lazy-statements.js';
import { migrations } from './migrations.js';
import type { Db } from './open-db.js';

// Each statement upserts the documents of the rows it is given from what is stored (so redacted
// text stays redacted); a row without text has no document, and only a command's document holds
// its text. A new document waits in search_pending (its insert trigger), as does one whose text
// changed (the triggers of 010_search_lean); an unchanged one is left as it is.
const UPSERT = `ON CONFLICT(ref, kind) DO UPDATE SET body = excluded.body,
  created_at = coalesce(search_docs.created_at, excluded.created_at)
  WHERE search_docs.body IS NOT excluded.body OR (search_docs.created_at IS NULL AND excluded.created_at IS NOT NULL)`;

// The documents go in in the order their rows were noted (a tool's command, output, error), which
// is the order of search_docs.id, the order of "most recently imported" in browse/search.ts.
const MESSAGE_DOCS = `
INSERT INTO search_docs (kind, ref, session_id, created_at)
SELECT CASE m.role WHEN 'user' THEN 'prompt' ELSE 'answer' END, m.id, m.session_id, m.created_at
FROM json_each(?) k JOIN messages m ON m.id = k.value
WHERE m.role IN ('user', 'assistant') AND m.text_content IS NOT NULL AND m.text_content <> ''
ORDER BY k.key
${UPSERT}`;

const TOOL_DOCS = `
INSERT INTO search_docs (kind, ref, session_id, created_at, body)
SELECT kind, id, session_id, created_at, CASE kind WHEN 'command' THEN body END FROM (
  SELECT k.key AS n, 1 AS o, 'command' AS kind, t.id, t.session_id, t.created_at, CASE WHEN json_valid(t.tool_input)
    THEN (SELECT group_concat(j.value, ' ') FROM json_tree(t.tool_input) j WHERE j.type = 'text')
    ELSE t.tool_input END AS body
  FROM json_each(:keys) k JOIN tools t ON t.source = k.value ->> 0 AND t.call_id = k.value ->> 1
  WHERE t.tool_input IS NOT NULL
  UNION ALL
  SELECT k.key, 2, 'output', t.id, t.session_id, coalesce(t.completed_at, t.created_at), t.tool_output
  FROM json_each(:keys) k JOIN tools t ON t.source = k.value ->> 0 AND t.call_id = k.value ->> 1
  UNION ALL
  SELECT k.key, 3, 'error', t.id, t.session_id, coalesce(t.completed_at, t.created_at), t.error_message
  FROM json_each(:keys) k JOIN tools t ON t.source = k.value ->> 0 AND t.call_id = k.value ->> 1)
WHERE body IS NOT NULL AND body <> ''
ORDER BY n, o
${UPSERT}`;

const API_ERROR_DOCS = `
INSERT INTO search_docs (kind, ref, session_id, created_at)
SELECT 'error', e.id, e.session_id, e.created_at
FROM json_each(?) k JOIN session_errors e ON e.id = k.value
WHERE e.error_message IS NOT NULL AND e.error_message <> ''
ORDER BY k.key
${UPSERT}`;

// All the documents of a file at once, not one per statement (see 010_search_lean).
export const INDEX_PENDING = `
INSERT INTO search_fts (rowid, body)
SELECT t.id, t.body FROM search_pending p JOIN search_text t ON t.id = p.id`;

/**
 * Collects the rows a file's transaction wrote and writes their documents before the commit. New
 * and changed documents wait in search_pending (its triggers) for `indexPendingTexts`: tokenizing
 * them is left to the search that needs them, so that an import does not pay for it (issue 15).
 */
export class SearchIndexer {
  private readonly stmts;
  private readonly messages = new Set<string>();
  private readonly tools = new Map<string, [string, string]>();
  private readonly apiErrors = new Set<string>();

  constructor(db: Db) {
    this.stmts = lazyStatements(db, {
      message: MESSAGE_DOCS,
      tool: TOOL_DOCS,
      apiError: API_ERROR_DOCS,
    });
  }

  message(id: string): void {
    this.messages.add(id);
  }

  tool(source: string, callId: string): void {
    this.tools.set(`${source}\u0000${callId}`, [source, callId]);
  }

  apiError(id: string): void {
    this.apiErrors.add(id);
  }

  clear(): void {
    this.messages.clear();
    this.tools.clear();
    this.apiErrors.clear();
  }

  /** Writes the documents of every row noted since the last flush; search_pending queues the new and changed ones. */
  flush(): void {
    // Only the rows the writer notes have documents (a hook's session row has none).
    if (this.messages.size) this.stmts.message.run(JSON.stringify([...this.messages]));
    if (this.tools.size) this.stmts.tool.run({ keys: JSON.stringify([...this.tools.values()]) });
    if (this.apiErrors.size) this.stmts.apiError.run(JSON.stringify([...this.apiErrors]));
    this.clear();
  }
}

/** How many texts wait in search_pending: written, not yet in the index, so not found by a search. */
export function pendingTexts(db: Db): number {
  // A database from before 010 opened read-only has no queue: its triggers indexed every text.
  if (!db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'search_pending'").get()) return 0;
  return (db.prepare('SELECT count(*) AS n FROM search_pending').get() as { n: number }).n;
}

export interface IndexOptions {
  /**
   * Texts per transaction: a kill loses at most one chunk's work, and a writer waits at most one
   * chunk (~2.5 s of CPU at the default). Smaller chunks cost FTS5 more merging: 1.5 M texts took
   * 51 s of CPU in chunks of 20,000, 36 s in chunks of 100,000, 34 s in one (bench/RESULTS.md).
   */
  chunk?: number;
  /** How long to wait for another writer (an import) before leaving the rest for later. */
  busyTimeoutMs?: number;
  /** Called after each chunk, with the texts indexed so far and the number waiting at the start. */
  onProgress?: (done: number, total: number) => void;
}

export interface IndexResult {
  indexed: number;
  /** Texts still waiting: another process held the database, or it is read-only here. */
  left: number;
}

/**
 * Indexes the texts that wait in search_pending, oldest first, a chunk per transaction: each chunk
 * leaves the queue in the transaction that indexes it, so a kill leaves every text either indexed
 * or still queued. Stops, leaving the rest queued, when another writer holds the database longer
 * than `busyTimeoutMs` (search then answers from what is indexed), and on a read-only connection.
 */
export function indexPendingTexts(db: Db, opts: IndexOptions = {}): IndexResult {
  const total = pendingTexts(db);
  if (total === 0 || db.readonly) return { indexed: 0, left: total };
  const chunk = Math.max(1, opts.chunk ?? 100_000);
  const begin = db.prepare('BEGIN IMMEDIATE');
  // The last id of the next chunk, or of the queue when less than a chunk is left.
  const chunkEnd = db.prepare(
    'SELECT coalesce((SELECT id FROM search_pending ORDER BY id LIMIT 1 OFFSET ?), (SELECT max(id) FROM search_pending)) AS id',
  );
  const index = db.prepare(`${INDEX_PENDING} WHERE p.id <= ?`);
  const done = db.prepare('DELETE FROM search_pending WHERE id <= ?');
  const wait = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(opts.busyTimeoutMs ?? 500))}`);
  let indexed = 0;
  try {
    for (;;) {
      try {
        begin.run();
      } catch (err) {
        if (/^SQLITE_BUSY/.test(String((err as { code?: unknown }).code))) break;
        throw err;
      }
      let n = 0;
      try {
        const last = (chunkEnd.get(chunk - 1) as { id: number | null }).id;
        if (last !== null) {
          index.run(last);
          n = done.run(last).changes;
        }
        db.exec('COMMIT');
      } catch (err) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw err;
      }
      if (n === 0) break;
      indexed += n;
      opts.onProgress?.(indexed, total);
    }
  } finally {
    db.pragma(`busy_timeout = ${wait}`);
  }
  return { indexed, left: pendingTexts(db) };
}

/** The schema steps that build the search index (found by what they do, so a renumbering does not break them). */
export const SEARCH_STEPS = migrations
  .filter((m) => m.sql.includes('CREATE VIRTUAL TABLE search_fts'))
  .map((m) => m.name);

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
