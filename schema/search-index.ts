// Keeps the full-text search documents (search_docs, and through its triggers search_fts) in step
// with the rows the writer touched, inside the writer's transaction.
import { lazyStatements } from './lazy-statements.js';
import type { Db } from './open-db.js';

// Each statement derives the documents of one row from what is stored (so redacted text stays
// redacted) and upserts them by (ref, kind): a re-imported row updates its document in place, and
// an unchanged one writes nothing (the update trigger fires only when the body changed).
const UPSERT = `ON CONFLICT(ref, kind) DO UPDATE SET body = excluded.body,
  created_at = coalesce(search_docs.created_at, excluded.created_at)
  WHERE search_docs.body IS NOT excluded.body OR search_docs.created_at IS NULL`;

const MESSAGE_DOC = `
INSERT INTO search_docs (kind, ref, session_id, created_at, body)
SELECT CASE role WHEN 'user' THEN 'prompt' ELSE 'answer' END, id, session_id, created_at, text_content
FROM messages WHERE id = ? AND role IN ('user', 'assistant') AND text_content IS NOT NULL AND text_content <> ''
${UPSERT}`;

const COMMAND_DOC = `
INSERT INTO search_docs (kind, ref, session_id, created_at, body)
SELECT 'command', id, session_id, created_at, body FROM (
  SELECT id, session_id, created_at, CASE WHEN json_valid(tool_input)
    THEN (SELECT group_concat(j.value, ' ') FROM json_tree(tool_input) j WHERE j.type = 'text')
    ELSE tool_input END AS body
  FROM tools WHERE source = ? AND call_id = ? AND tool_input IS NOT NULL)
WHERE body IS NOT NULL AND body <> ''
${UPSERT}`;

const OUTPUT_DOC = `
INSERT INTO search_docs (kind, ref, session_id, created_at, body)
SELECT 'output', id, session_id, coalesce(completed_at, created_at), tool_output
FROM tools WHERE source = ? AND call_id = ? AND tool_output IS NOT NULL AND tool_output <> ''
${UPSERT}`;

const TOOL_ERROR_DOC = `
INSERT INTO search_docs (kind, ref, session_id, created_at, body)
SELECT 'error', id, session_id, coalesce(completed_at, created_at), error_message
FROM tools WHERE source = ? AND call_id = ? AND error_message IS NOT NULL AND error_message <> ''
${UPSERT}`;

const API_ERROR_DOC = `
INSERT INTO search_docs (kind, ref, session_id, created_at, body)
SELECT 'error', id, session_id, created_at, error_message
FROM session_errors WHERE id = ? AND error_message IS NOT NULL AND error_message <> ''
${UPSERT}`;

/** Collects the rows a file's transaction wrote, then indexes each once, before the commit. */
export class SearchIndexer {
  private readonly stmts;
  private readonly messages = new Set<string>();
  private readonly tools = new Map<string, [string, string]>();
  private readonly apiErrors = new Set<string>();

  constructor(db: Db) {
    this.stmts = lazyStatements(db, {
      message: MESSAGE_DOC,
      command: COMMAND_DOC,
      output: OUTPUT_DOC,
      toolError: TOOL_ERROR_DOC,
      apiError: API_ERROR_DOC,
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

  /** Writes the documents of every row noted since the last flush. */
  flush(): void {
    for (const id of this.messages) this.stmts.message.run(id);
    for (const [source, callId] of this.tools.values()) {
      this.stmts.command.run(source, callId);
      this.stmts.output.run(source, callId);
      this.stmts.toolError.run(source, callId);
    }
    for (const id of this.apiErrors) this.stmts.apiError.run(id);
    this.clear();
  }
}
