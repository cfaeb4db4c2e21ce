// Keeps the full-text search documents (search_docs, and search_fts over their text) in step with
// the rows the writer touched, inside the writer's transaction.
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

/** Collects the rows a file's transaction wrote, then indexes their documents at once, before the commit. */
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
      anyPending: 'SELECT 1 FROM search_pending LIMIT 1',
      index: INDEX_PENDING,
      done: 'DELETE FROM search_pending',
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

  /** Writes the documents of every row noted since the last flush, and indexes what is new or changed. */
  flush(): void {
    // Only the rows the writer notes have documents (a hook's session row has none).
    if (!this.messages.size && !this.tools.size && !this.apiErrors.size) return;
    if (this.messages.size) this.stmts.message.run(JSON.stringify([...this.messages]));
    if (this.tools.size) this.stmts.tool.run({ keys: JSON.stringify([...this.tools.values()]) });
    if (this.apiErrors.size) this.stmts.apiError.run(JSON.stringify([...this.apiErrors]));
    this.clear();
    if (this.stmts.anyPending.get() === undefined) return;
    this.stmts.index.run();
    this.stmts.done.run();
  }
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
