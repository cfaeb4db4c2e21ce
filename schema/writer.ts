// The only code that writes imported records: upserts under DESIGN.md's rules, one transaction per file.
import type { Statement } from 'better-sqlite3';
import type { Db } from './open-db.js';
import type {
  AnyRecord,
  CompactionRecord,
  MessageRecord,
  SessionErrorRecord,
  SessionRecord,
  ToolCallRecord,
  ToolResultRecord,
} from './records.js';
import type { ImportState } from './import-state.js';
import { loadImportState, saveImportState } from './import-state.js';
import { lazyStatements } from './lazy-statements.js';
import { SearchIndexer } from './search-index.js';
import { RECORD_TABLES, type RecordTable } from './data-tables.js';
import {
  applyToolResult,
  deriveFileOperation,
  foldMessage,
  foldSession,
  foldToolCall,
  RESULT_COLUMNS,
} from './row-merge.js';

// Column rules, in one place:
// - created_at, parent, project and transcript path are written once (the first non-null wins);
// - other columns take the newer non-null value, so null never overwrites a value (rule 2);
// - updated_at / completed_at only move forward;
// - token columns keep the largest usage seen for the message (rule 4).

const laterTime = (col: string, table: string) =>
  `CASE WHEN excluded.${col} IS NULL THEN ${table}.${col}
        WHEN ${table}.${col} IS NULL OR excluded.${col} > ${table}.${col} THEN excluded.${col}
        ELSE ${table}.${col} END`;

const titleWins = `(excluded.title IS NOT NULL AND excluded.title <> '' AND (
    sessions.title IS NULL OR sessions.title = ''
    OR coalesce(excluded.title_rank, 0) > coalesce(sessions.title_rank, 0)
    OR (coalesce(excluded.title_rank, 0) = coalesce(sessions.title_rank, 0) AND coalesce(excluded.title_rank, 0) >= 3)))`;

// Hook rows can arrive out of order (a SessionStart that waited in the spool is applied after the
// SessionEnd written directly): a status from an event no later than the recorded end is stale.
const statusIsStale = `(excluded.ended_at IS NULL AND excluded.updated_at IS NOT NULL
    AND sessions.ended_at IS NOT NULL AND excluded.updated_at <= sessions.ended_at)`;

const UPSERT_SESSION = `
INSERT INTO sessions (id, source, parent_session_id, agent_type, title, title_rank, project_path, project_name,
  git_branch, model, provider, cli_version, permission_mode, status, end_reason, transcript_path,
  created_at, updated_at, ended_at)
VALUES (@id, @source, @parent_session_id, @agent_type, @title, @title_rank, @project_path, @project_name,
  @git_branch, @model, @provider, @cli_version, @permission_mode, @status, @end_reason, @transcript_path,
  @created_at, @updated_at, @ended_at)
ON CONFLICT(id) DO UPDATE SET
  parent_session_id = coalesce(sessions.parent_session_id, excluded.parent_session_id),
  agent_type = coalesce(excluded.agent_type, sessions.agent_type),
  title = CASE WHEN ${titleWins} THEN excluded.title ELSE sessions.title END,
  title_rank = CASE WHEN ${titleWins} THEN excluded.title_rank ELSE sessions.title_rank END,
  project_path = coalesce(sessions.project_path, excluded.project_path),
  project_name = coalesce(sessions.project_name, excluded.project_name),
  git_branch = coalesce(nullif(excluded.git_branch, ''), sessions.git_branch),
  model = coalesce(excluded.model, sessions.model),
  provider = coalesce(excluded.provider, sessions.provider),
  cli_version = coalesce(excluded.cli_version, sessions.cli_version),
  permission_mode = coalesce(excluded.permission_mode, sessions.permission_mode),
  status = CASE WHEN excluded.status IS NULL THEN sessions.status
    WHEN ${statusIsStale} THEN sessions.status ELSE excluded.status END,
  end_reason = coalesce(excluded.end_reason, sessions.end_reason),
  transcript_path = coalesce(sessions.transcript_path, excluded.transcript_path),
  created_at = coalesce(sessions.created_at, excluded.created_at),
  updated_at = ${laterTime('updated_at', 'sessions')},
  ended_at = ${laterTime('ended_at', 'sessions')}`;

// A part already folded into the message (same part id) is not appended again: re-imports are no-ops.
const partSeen = `instr(',' || coalesce(messages.part_ids, '') || ',', ',' || excluded.part_ids || ',') > 0`;
const usageWins = 'coalesce(excluded.tokens, -1) > coalesce(messages.tokens, -1)';

const UPSERT_MESSAGE = `
INSERT INTO messages (id, session_id, source, role, model, provider, text_content, part_ids, prompt_tokens,
  completion_tokens, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens, reasoning_tokens, tokens, cost,
  is_sidechain, agent_id, is_api_error, request_id, created_at, completed_at)
VALUES (@id, @session_id, @source, @role, @model, @provider, @text, @part_id, @prompt_tokens,
  @completion_tokens, @cache_read_tokens, @cache_write_tokens, @cache_write_1h_tokens, @reasoning_tokens, @tokens, @cost,
  @is_sidechain,
  @agent_id, @is_api_error, @request_id, @created_at, @completed_at)
ON CONFLICT(id) DO UPDATE SET
  model = coalesce(messages.model, excluded.model),
  provider = coalesce(messages.provider, excluded.provider),
  text_content = CASE
    WHEN excluded.text_content IS NULL OR excluded.text_content = '' THEN messages.text_content
    WHEN excluded.part_ids IS NULL THEN excluded.text_content
    WHEN ${partSeen} THEN messages.text_content
    WHEN messages.text_content IS NULL OR messages.text_content = '' THEN excluded.text_content
    ELSE messages.text_content || char(10) || excluded.text_content END,
  part_ids = CASE
    WHEN excluded.part_ids IS NULL OR excluded.text_content IS NULL OR excluded.text_content = '' OR ${partSeen}
      THEN messages.part_ids
    ELSE coalesce(messages.part_ids || ',', '') || excluded.part_ids END,
  prompt_tokens = CASE WHEN ${usageWins} THEN excluded.prompt_tokens ELSE messages.prompt_tokens END,
  completion_tokens = CASE WHEN ${usageWins} THEN excluded.completion_tokens ELSE messages.completion_tokens END,
  cache_read_tokens = CASE WHEN ${usageWins} THEN excluded.cache_read_tokens ELSE messages.cache_read_tokens END,
  cache_write_tokens = CASE WHEN ${usageWins} THEN excluded.cache_write_tokens ELSE messages.cache_write_tokens END,
  cache_write_1h_tokens = CASE WHEN ${usageWins} THEN excluded.cache_write_1h_tokens
    ELSE messages.cache_write_1h_tokens END,
  reasoning_tokens = CASE WHEN ${usageWins} THEN excluded.reasoning_tokens ELSE messages.reasoning_tokens END,
  tokens = CASE WHEN ${usageWins} THEN excluded.tokens ELSE messages.tokens END,
  cost = coalesce(excluded.cost, messages.cost),
  agent_id = coalesce(messages.agent_id, excluded.agent_id),
  is_api_error = max(messages.is_api_error, excluded.is_api_error),
  request_id = coalesce(messages.request_id, excluded.request_id),
  created_at = coalesce(messages.created_at, excluded.created_at),
  completed_at = ${laterTime('completed_at', 'messages')}`;

// A call seen again (a re-import, a resumed copy in another file) keeps its first owner and values.
const toolCallSet = `
  message_id = coalesce(tools.message_id, excluded.message_id),
  tool_input = coalesce(tools.tool_input, excluded.tool_input),
  file_path = coalesce(tools.file_path, excluded.file_path),
  file_operation = coalesce(tools.file_operation, excluded.file_operation),
  created_at = coalesce(tools.created_at, excluded.created_at)`;
const UPSERT_TOOL_CALL = `
INSERT INTO tools (id, source, call_id, session_id, message_id, tool_name, category, tool_input, file_path,
  file_operation, created_at)
VALUES (@id, @source, @call_id, @session_id, @message_id, @tool_name, @category, @tool_input, @file_path,
  @file_operation, @created_at)
ON CONFLICT(source, call_id) DO UPDATE SET ${toolCallSet}
ON CONFLICT(id) DO UPDATE SET ${toolCallSet}`;

// A call that failed once stays failed: a duplicate result line can only add the failure.
const APPLY_TOOL_RESULT = `
UPDATE tools SET
  success = CASE WHEN success = 0 OR @success = 0 THEN 0 ELSE @success END,
  tool_output = coalesce(nullif(@tool_output, ''), tool_output),
  error_message = coalesce(error_message, @error_message),
  error_kind = coalesce(error_kind, @error_kind),
  exit_code = coalesce(exit_code, @exit_code),
  output_size = coalesce(output_size, @output_size),
  file_operation = coalesce(@file_operation, file_operation),
  completed_at = coalesce(completed_at, @completed_at),
  duration_ms = CASE WHEN @duration_ms IS NOT NULL THEN @duration_ms
    WHEN created_at IS NOT NULL AND coalesce(completed_at, @completed_at) IS NOT NULL
    THEN max(0, coalesce(completed_at, @completed_at) - created_at) ELSE duration_ms END
WHERE source = @source AND call_id = @call_id`;

const PARK_TOOL_RESULT = `
INSERT INTO pending_tool_results (source, call_id, success, tool_output, error_message, error_kind, exit_code,
  output_size, duration_ms, file_operation, completed_at)
VALUES (@source, @call_id, @success, @tool_output, @error_message, @error_kind, @exit_code, @output_size, @duration_ms,
  @file_operation, @completed_at)
ON CONFLICT(source, call_id) DO UPDATE SET
  success = min(pending_tool_results.success, excluded.success),
  tool_output = coalesce(nullif(excluded.tool_output, ''), pending_tool_results.tool_output),
  error_message = coalesce(pending_tool_results.error_message, excluded.error_message),
  error_kind = coalesce(pending_tool_results.error_kind, excluded.error_kind),
  exit_code = coalesce(pending_tool_results.exit_code, excluded.exit_code),
  output_size = coalesce(pending_tool_results.output_size, excluded.output_size),
  duration_ms = coalesce(pending_tool_results.duration_ms, excluded.duration_ms),
  file_operation = coalesce(excluded.file_operation, pending_tool_results.file_operation),
  completed_at = coalesce(pending_tool_results.completed_at, excluded.completed_at)`;

const DERIVE_FILE_OPERATION = `
INSERT INTO file_operations (id, source, session_id, file_path, operation_type, tool_id, created_at)
SELECT id, source, session_id, file_path, file_operation, id, coalesce(completed_at, created_at)
FROM tools
WHERE source = @source AND call_id = @call_id AND success = 1
  AND file_path IS NOT NULL AND file_operation IS NOT NULL
ON CONFLICT(id) DO UPDATE SET operation_type = excluded.operation_type`;

const UPSERT_FILE_OPERATION = `
INSERT INTO file_operations (id, source, session_id, file_path, operation_type, tool_id, created_at)
VALUES (@id, @source, @session_id, @file_path, @operation_type, @tool_id, @created_at)
ON CONFLICT(id) DO UPDATE SET
  tool_id = coalesce(file_operations.tool_id, excluded.tool_id),
  created_at = coalesce(file_operations.created_at, excluded.created_at)`;

const UPSERT_COMPACTION = `
INSERT INTO compaction_events (id, source, session_id, kind, trigger, tokens_before, tokens_after,
  messages_before, messages_after, created_at)
VALUES (@id, @source, @session_id, @compaction_kind, @trigger, @tokens_before, @tokens_after,
  @messages_before, @messages_after, @created_at)
ON CONFLICT(id) DO UPDATE SET
  trigger = coalesce(excluded.trigger, compaction_events.trigger),
  tokens_before = coalesce(excluded.tokens_before, compaction_events.tokens_before),
  tokens_after = coalesce(excluded.tokens_after, compaction_events.tokens_after),
  messages_before = coalesce(excluded.messages_before, compaction_events.messages_before),
  messages_after = coalesce(excluded.messages_after, compaction_events.messages_after),
  created_at = coalesce(compaction_events.created_at, excluded.created_at)`;

const UPSERT_SESSION_ERROR = `
INSERT INTO session_errors (id, source, session_id, error_type, error_message, status_code, retry_count, created_at)
VALUES (@id, @source, @session_id, @error_type, @error_message, @status_code, @retry_count, @created_at)
ON CONFLICT(id) DO UPDATE SET
  error_type = coalesce(session_errors.error_type, excluded.error_type),
  error_message = coalesce(nullif(excluded.error_message, ''), session_errors.error_message),
  status_code = coalesce(excluded.status_code, session_errors.status_code),
  retry_count = CASE WHEN coalesce(excluded.retry_count, 0) > coalesce(session_errors.retry_count, 0)
    THEN excluded.retry_count ELSE session_errors.retry_count END,
  created_at = coalesce(session_errors.created_at, excluded.created_at)`;

// Session totals are derived from their rows, so they are exact whatever order files arrive in. The
// sums come from one pass over messages_usage (which covers them, in the order the per-column
// subqueries read it, so a float sum of cost is the same); model and provider need the role.
const RECOMPUTE_SESSION = `
UPDATE sessions SET
  message_count = totals.n,
  tool_call_count = (SELECT count(*) FROM tools t WHERE t.session_id = sessions.id),
  prompt_tokens = totals.prompt_tokens,
  completion_tokens = totals.completion_tokens,
  cache_read_tokens = totals.cache_read_tokens,
  cache_write_tokens = totals.cache_write_tokens,
  cost = coalesce(totals.cost, sessions.cost),
  model = coalesce((SELECT m.model FROM messages m WHERE m.session_id = sessions.id AND m.role = 'assistant'
      AND m.model IS NOT NULL GROUP BY m.model ORDER BY count(*) DESC, max(m.created_at) DESC LIMIT 1), sessions.model),
  provider = coalesce((SELECT m.provider FROM messages m WHERE m.session_id = sessions.id AND m.role = 'assistant'
      AND m.provider IS NOT NULL GROUP BY m.provider ORDER BY count(*) DESC, max(m.created_at) DESC LIMIT 1), sessions.provider)
FROM (SELECT count(*) AS n, coalesce(sum(prompt_tokens), 0) AS prompt_tokens,
    coalesce(sum(completion_tokens), 0) AS completion_tokens, coalesce(sum(cache_read_tokens), 0) AS cache_read_tokens,
    coalesce(sum(cache_write_tokens), 0) AS cache_write_tokens, sum(cost) AS cost
  FROM messages WHERE session_id = @id) AS totals
WHERE sessions.id = @id`;

// A row seen for the first time is a plain insert: the upsert's INSERT part, doing nothing on a conflict.
const insertOnly = (upsert: string) => `${upsert.slice(0, upsert.indexOf('ON CONFLICT'))}ON CONFLICT DO NOTHING`;

// A call whose records (and results) all came in this file, written whole (row-merge.ts).
const INSERT_TOOL = `
INSERT INTO tools (id, source, call_id, session_id, message_id, tool_name, category, tool_input, file_path,
  file_operation, success, tool_output, error_message, error_kind, exit_code, output_size, duration_ms, created_at,
  completed_at)
VALUES (@id, @source, @call_id, @session_id, @message_id, @tool_name, @category, @tool_input, @file_path,
  @file_operation, @success, @tool_output, @error_message, @error_kind, @exit_code, @output_size, @duration_ms,
  @created_at, @completed_at)
ON CONFLICT DO NOTHING`;

// DERIVE_FILE_OPERATION's conflict rule, for a row derived in JS.
const UPSERT_DERIVED_FILE_OPERATION = `
INSERT INTO file_operations (id, source, session_id, file_path, operation_type, tool_id, created_at)
VALUES (@id, @source, @session_id, @file_path, @operation_type, @tool_id, @created_at)
ON CONFLICT(id) DO UPDATE SET operation_type = excluded.operation_type`;

const nullable = <T extends object>(r: T): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) out[k] = v === undefined ? null : typeof v === 'boolean' ? (v ? 1 : 0) : v;
  return out;
};

const SESSION_COLUMNS = [
  'parent_session_id',
  'agent_type',
  'title',
  'title_rank',
  'project_path',
  'project_name',
  'git_branch',
  'model',
  'provider',
  'cli_version',
  'permission_mode',
  'status',
  'end_reason',
  'transcript_path',
  'created_at',
  'updated_at',
  'ended_at',
] as const;
const MESSAGE_COLUMNS = [
  'model',
  'provider',
  'text',
  'part_id',
  'prompt_tokens',
  'completion_tokens',
  'cache_read_tokens',
  'cache_write_tokens',
  'cache_write_1h_tokens',
  'reasoning_tokens',
  'cost',
  'agent_id',
  'is_api_error',
  'request_id',
  'created_at',
  'completed_at',
] as const;

function withColumns<T extends object>(r: T, columns: readonly string[]): Record<string, unknown> {
  const out = nullable(r);
  for (const c of columns) if (!(c in out)) out[c] = null;
  return out;
}

export interface WriterOptions {
  /**
   * Checks a record before it is written, throwing when it is malformed; importers pass
   * `AnyRecord.parse` (records.ts). Kept out of this module so that a hook, which writes one
   * hand-made record, does not pay for loading zod.
   */
  validate?: (record: AnyRecord) => AnyRecord;
  /** Rewrites a record before it is stored (the importers' secret redaction). */
  transform?: (record: AnyRecord) => AnyRecord;
}

/** New rows per table, counted as they are inserted (an update of a row already there is not one). */
export type AddedRows = Record<RecordTable, number>;
const noRows = (): AddedRows => ({
  sessions: 0,
  messages: 0,
  tools: 0,
  file_operations: 0,
  session_errors: 0,
  compaction_events: 0,
});

/**
 * What became of a row's records: inserted whole; left to the upserts because the row is stored
 * already; or left to them record by record, inserting where they can (a result before its call,
 * a patch_only session, a call that met a conflict).
 */
type Outcome = 'inserted' | 'stored' | 'apart';

// Records kept before they are written: enough to merge a file's repeated lines, little memory.
const BATCH = 4096;

/** The row a record builds or updates, or undefined for records that are written as they come. */
function rowKey(r: AnyRecord): string | undefined {
  switch (r.kind) {
    case 'session':
      return `s\u0000${r.id}`;
    case 'message':
      return `m\u0000${r.id}`;
    case 'tool_call':
    case 'tool_result':
      return `t\u0000${r.source}\u0000${r.call_id}`;
    default:
      return undefined;
  }
}

/**
 * Writes records for one file at a time: `begin()`, any number of `write()`, then `commit(state)`
 * or `rollback()`. better-sqlite3 is synchronous, so the transaction can stay open across the
 * awaits of a streaming read without anything else using the connection.
 *
 * Records are kept in batches and the records of one row (a message's chunks, a session's repeated
 * lines, a call and its results) folded in JS into one insert (row-merge.ts). A row already in the
 * database, a result before its call and a patch_only session take the upserts instead, record by
 * record in their order, which is what every record did before: the outcome is the same either way.
 */
export class Writer {
  private readonly stmts;
  /** The sessions this file's records touched: their totals are recomputed at commit. */
  private readonly touched = new Set<string>();
  /** patch_only session records whose session did not exist yet when they were written. */
  private deferred: SessionRecord[] = [];
  private batch: AnyRecord[] = [];
  /** Whether a parked result may wait for a call of this file (the parked table is rarely used). */
  private mayBeParked = false;
  private open = false;
  /** The full-text search documents of the rows this transaction wrote (schema/search-index.ts). */
  private readonly search: SearchIndexer;
  private pending = noRows();
  /** Rows inserted by the transactions committed so far. */
  readonly added = noRows();

  constructor(
    private readonly db: Db,
    private readonly opts: WriterOptions = {},
  ) {
    this.stmts = lazyStatements(db, {
      begin: 'BEGIN IMMEDIATE',
      commit: 'COMMIT',
      session: UPSERT_SESSION,
      newSession: insertOnly(UPSERT_SESSION),
      message: UPSERT_MESSAGE,
      newMessage: insertOnly(UPSERT_MESSAGE),
      toolCall: UPSERT_TOOL_CALL,
      newToolCall: insertOnly(UPSERT_TOOL_CALL),
      newTool: INSERT_TOOL,
      toolResult: APPLY_TOOL_RESULT,
      fileOperation: DERIVE_FILE_OPERATION,
      newFileOperation: insertOnly(DERIVE_FILE_OPERATION),
      derivedFileOperation: UPSERT_DERIVED_FILE_OPERATION,
      newDerivedFileOperation: insertOnly(UPSERT_DERIVED_FILE_OPERATION),
      compaction: UPSERT_COMPACTION,
      newCompaction: insertOnly(UPSERT_COMPACTION),
      fileOperationRow: UPSERT_FILE_OPERATION,
      newFileOperationRow: insertOnly(UPSERT_FILE_OPERATION),
      sessionError: UPSERT_SESSION_ERROR,
      newSessionError: insertOnly(UPSERT_SESSION_ERROR),
      recompute: RECOMPUTE_SESSION,
      sessionExists: 'SELECT 1 FROM sessions WHERE id = ?',
      anyParked: 'SELECT 1 FROM pending_tool_results LIMIT 1',
      parkResult: PARK_TOOL_RESULT,
      parkedResult: 'SELECT * FROM pending_tool_results WHERE source = ? AND call_id = ?',
      unparkResult: 'DELETE FROM pending_tool_results WHERE source = ? AND call_id = ?',
    });
    this.search = new SearchIndexer(db);
  }

  /** A file's saved import state, for the quick look before its transaction (may be stale by then). */
  stateOf(path: string): ImportState | null {
    return loadImportState(this.db, path);
  }

  /**
   * Opens a file's transaction. Given the file's path it returns its import state read inside the
   * transaction: an import running at the same time has finished with the file by then.
   */
  begin(path?: string): ImportState | null {
    if (this.open) throw new Error('writer: a file transaction is already open');
    this.stmts.begin.run();
    this.open = true;
    this.touched.clear();
    this.deferred = [];
    this.batch = [];
    this.pending = noRows();
    this.mayBeParked = this.stmts.anyParked.get() !== undefined;
    this.search.clear();
    return path === undefined ? null : loadImportState(this.db, path);
  }

  write(record: AnyRecord): void {
    if (!this.open) throw new Error('writer: write() outside begin()/commit()');
    const checked = this.opts.validate ? this.opts.validate(record) : record;
    this.batch.push(this.opts.transform ? this.opts.transform(checked) : checked);
    if (this.batch.length >= BATCH) this.flush();
  }

  /** Recomputes the totals of every session this file touched, saves the file's state, commits. */
  commit(state: ImportState | null): void {
    if (!this.open) throw new Error('writer: commit() without begin()');
    try {
      this.flush();
      for (const r of this.deferred) if (this.stmts.sessionExists.get(r.id)) this.session({ ...r, patch_only: false });
      for (const id of this.touched) this.stmts.recompute.run({ id });
      this.search.flush();
      if (state) saveImportState(this.db, state);
      this.stmts.commit.run();
    } catch (err) {
      this.rollback();
      throw err;
    }
    this.open = false;
    for (const t of RECORD_TABLES) this.added[t] += this.pending[t];
  }

  rollback(): void {
    if (!this.open) return;
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    this.open = false;
  }

  /** Writes the batch: each row once when it is new, else each of its records in turn. */
  private flush(): void {
    const batch = this.batch;
    this.batch = [];
    const rows = new Map<string, AnyRecord[]>();
    for (const r of batch) {
      const key = rowKey(r);
      if (key === undefined) continue;
      const records = rows.get(key);
      if (records) records.push(r);
      else rows.set(key, [r]);
    }
    const outcomes = new Map<string, Outcome>();
    for (const r of batch) {
      const key = rowKey(r);
      if (key === undefined) {
        this.one(r);
        continue;
      }
      let outcome = outcomes.get(key);
      if (outcome === undefined) {
        outcome = this.insertWhole(rows.get(key)!);
        outcomes.set(key, outcome);
      }
      if (outcome !== 'inserted') this.one(r, outcome === 'stored');
    }
  }

  /** Inserts the row that `records` (all of one row, in order) build, if it is new. */
  private insertWhole(records: AnyRecord[]): Outcome {
    const first = records[0]!;
    switch (first.kind) {
      case 'session':
        return this.newSession(records as SessionRecord[]);
      case 'message':
        return this.newMessage(records as MessageRecord[]);
      case 'tool_call':
        return this.newTool(first, records as (ToolCallRecord | ToolResultRecord)[]);
      default:
        return 'apart';
    }
  }

  private newSession(records: SessionRecord[]): Outcome {
    if (records.some((r) => r.patch_only)) return 'apart';
    const row = sessionParams(records[0]!);
    for (let i = 1; i < records.length; i++) foldSession(row, sessionParams(records[i]!));
    if (this.stmts.newSession.run(row).changes === 0) return 'stored';
    this.pending.sessions += 1;
    this.touched.add(records[0]!.id);
    return 'inserted';
  }

  private newMessage(records: MessageRecord[]): Outcome {
    const row = messageParams(records[0]!);
    for (let i = 1; i < records.length; i++) foldMessage(row, messageParams(records[i]!));
    if (this.stmts.newMessage.run(row).changes === 0) return 'stored';
    this.pending.messages += 1;
    for (const r of records) this.touched.add(r.session_id);
    this.search.message(row.id as string);
    return 'inserted';
  }

  // A conflict here may be on the id alone (another call's), so the records still try their inserts.
  private newTool(call: ToolCallRecord, records: (ToolCallRecord | ToolResultRecord)[]): Outcome {
    if (this.mayBeParked && this.stmts.parkedResult.get(call.source, call.call_id)) return 'apart';
    const row = toolCallParams(call);
    for (const c of RESULT_COLUMNS) row[c] = null;
    let derived: Record<string, unknown> | undefined;
    for (let i = 1; i < records.length; i++) {
      const r = records[i]!;
      if (r.kind === 'tool_call') foldToolCall(row, toolCallParams(r));
      else {
        applyToolResult(row, toolResultParams(r));
        derived = deriveFileOperation(row, derived);
      }
    }
    if (this.stmts.newTool.run(row).changes === 0) return 'apart';
    this.pending.tools += 1;
    for (const r of records) if (r.kind === 'tool_call') this.touched.add(r.session_id);
    this.search.tool(call.source, call.call_id);
    if (derived) {
      if (this.stmts.newDerivedFileOperation.run(derived).changes > 0) this.pending.file_operations += 1;
      else this.stmts.derivedFileOperation.run(derived);
    }
    return 'inserted';
  }

  /** Writes one record with the upserts, as it comes; `stored` when its row is known to exist. */
  private one(r: AnyRecord, stored = false): void {
    switch (r.kind) {
      case 'session':
        return this.session(r, stored);
      case 'message':
        return this.message(r, stored);
      case 'tool_call':
        return this.toolCall(r);
      case 'tool_result':
        return this.toolResult(r);
      case 'compaction':
        this.upsert('compaction_events', this.stmts.newCompaction, this.stmts.compaction, compactionParams(r));
        return;
      case 'file_operation':
        this.upsert(
          'file_operations',
          this.stmts.newFileOperationRow,
          this.stmts.fileOperationRow,
          withColumns(r, ['tool_id', 'created_at']),
        );
        return;
      case 'session_error':
        this.upsert(
          'session_errors',
          this.stmts.newSessionError,
          this.stmts.sessionError,
          withColumns(r, ['error_message', 'status_code', 'retry_count', 'created_at']),
        );
        this.search.apiError(r.id);
        return;
    }
  }

  /** A plain insert when the row is new (counted), else the upsert. */
  private upsert(
    table: RecordTable,
    insert: Statement,
    upsert: Statement,
    params: Record<string, unknown>,
    stored = false,
  ): void {
    if (!stored && insert.run(params).changes > 0) this.pending[table] += 1;
    else upsert.run(params);
  }

  private session(r: SessionRecord, stored = false): void {
    if (r.patch_only && !this.stmts.sessionExists.get(r.id)) {
      this.deferred.push(r);
      return;
    }
    this.upsert('sessions', this.stmts.newSession, this.stmts.session, sessionParams(r), stored);
    this.touched.add(r.id);
  }

  private message(r: MessageRecord, stored = false): void {
    this.upsert('messages', this.stmts.newMessage, this.stmts.message, messageParams(r), stored);
    this.touched.add(r.session_id);
    this.search.message(r.id);
  }

  private toolCall(r: ToolCallRecord): void {
    this.upsert('tools', this.stmts.newToolCall, this.stmts.toolCall, toolCallParams(r));
    this.touched.add(r.session_id);
    this.search.tool(r.source, r.call_id);
    const parked = this.stmts.parkedResult.get(r.source, r.call_id) as Record<string, unknown> | undefined;
    if (parked) {
      this.applyResult(parked);
      this.stmts.unparkResult.run(r.source, r.call_id);
    }
  }

  private toolResult(r: ToolResultRecord): void {
    const params = toolResultParams(r);
    if (this.applyResult(params)) return;
    this.stmts.parkResult.run(params);
    this.mayBeParked = true;
  }

  /** Applies a result to its call; false when the call is not in the database (yet). */
  private applyResult(params: Record<string, unknown>): boolean {
    const { changes } = this.stmts.toolResult.run(params);
    if (changes === 0) return false;
    this.search.tool(params.source as string, params.call_id as string);
    const key = { source: params.source, call_id: params.call_id };
    if (this.stmts.newFileOperation.run(key).changes > 0) this.pending.file_operations += 1;
    else this.stmts.fileOperation.run(key);
    return true;
  }
}

const sessionParams = (r: SessionRecord): Record<string, unknown> => {
  const { patch_only: _, ...rest } = r;
  return withColumns(rest, SESSION_COLUMNS);
};

function messageParams(r: MessageRecord): Record<string, unknown> {
  const hasUsage =
    r.prompt_tokens !== undefined ||
    r.completion_tokens !== undefined ||
    r.cache_read_tokens !== undefined ||
    r.cache_write_tokens !== undefined;
  const tokens = hasUsage
    ? (r.prompt_tokens ?? 0) + (r.completion_tokens ?? 0) + (r.cache_read_tokens ?? 0) + (r.cache_write_tokens ?? 0)
    : null;
  return { ...withColumns(r, MESSAGE_COLUMNS), tokens, is_api_error: r.is_api_error ? 1 : 0 };
}

const toolCallParams = (r: ToolCallRecord) =>
  withColumns(r, ['message_id', 'tool_input', 'file_path', 'file_operation', 'created_at']);

const toolResultParams = (r: ToolResultRecord) =>
  withColumns(r, [
    'tool_output',
    'error_message',
    'error_kind',
    'exit_code',
    'output_size',
    'duration_ms',
    'file_operation',
    'completed_at',
  ]);

const compactionParams = (r: CompactionRecord) =>
  withColumns(r, ['trigger', 'tokens_before', 'tokens_after', 'messages_before', 'messages_after', 'created_at']);
