// The only code that writes imported records: upserts under DESIGN.md's rules, one transaction per file.
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
import { SearchIndexer } from './search-index.js';
import { writePermissionEvent } from './permission-writer.js';

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

// Session totals are derived from their rows, so they are exact whatever order files arrive in.
const RECOMPUTE_SESSION = `
UPDATE sessions SET
  message_count = (SELECT count(*) FROM messages m WHERE m.session_id = sessions.id),
  tool_call_count = (SELECT count(*) FROM tools t WHERE t.session_id = sessions.id),
  prompt_tokens = (SELECT coalesce(sum(m.prompt_tokens), 0) FROM messages m WHERE m.session_id = sessions.id),
  completion_tokens = (SELECT coalesce(sum(m.completion_tokens), 0) FROM messages m WHERE m.session_id = sessions.id),
  cache_read_tokens = (SELECT coalesce(sum(m.cache_read_tokens), 0) FROM messages m WHERE m.session_id = sessions.id),
  cache_write_tokens = (SELECT coalesce(sum(m.cache_write_tokens), 0) FROM messages m WHERE m.session_id = sessions.id),
  cost = coalesce((SELECT sum(m.cost) FROM messages m WHERE m.session_id = sessions.id), sessions.cost),
  model = coalesce((SELECT m.model FROM messages m WHERE m.session_id = sessions.id AND m.role = 'assistant'
      AND m.model IS NOT NULL GROUP BY m.model ORDER BY count(*) DESC, max(m.created_at) DESC LIMIT 1), sessions.model),
  provider = coalesce((SELECT m.provider FROM messages m WHERE m.session_id = sessions.id AND m.role = 'assistant'
      AND m.provider IS NOT NULL GROUP BY m.provider ORDER BY count(*) DESC, max(m.created_at) DESC LIMIT 1), sessions.provider)
WHERE id = ?`;

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

/**
 * Writes records for one file at a time: `begin()`, any number of `write()`, then `commit(state)`
 * or `rollback()`. better-sqlite3 is synchronous, so the transaction can stay open across the
 * awaits of a streaming read without anything else using the connection.
 */
export class Writer {
  private readonly stmts;
  private readonly touched = new Set<string>();
  /** patch_only session records whose session did not exist yet when they were written. */
  private deferred: SessionRecord[] = [];
  private open = false;
  /** The full-text search documents of the rows this transaction wrote (schema/search-index.ts). */
  private readonly search: SearchIndexer;

  constructor(
    private readonly db: Db,
    private readonly opts: WriterOptions = {},
  ) {
    this.stmts = {
      session: db.prepare(UPSERT_SESSION),
      message: db.prepare(UPSERT_MESSAGE),
      toolCall: db.prepare(UPSERT_TOOL_CALL),
      toolResult: db.prepare(APPLY_TOOL_RESULT),
      fileOperation: db.prepare(DERIVE_FILE_OPERATION),
      compaction: db.prepare(UPSERT_COMPACTION),
      fileOperationRow: db.prepare(UPSERT_FILE_OPERATION),
      sessionError: db.prepare(UPSERT_SESSION_ERROR),
      recompute: db.prepare(RECOMPUTE_SESSION),
      sessionExists: db.prepare('SELECT 1 FROM sessions WHERE id = ?'),
      parkResult: db.prepare(PARK_TOOL_RESULT),
      parkedResult: db.prepare('SELECT * FROM pending_tool_results WHERE source = ? AND call_id = ?'),
      unparkResult: db.prepare('DELETE FROM pending_tool_results WHERE source = ? AND call_id = ?'),
    };
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
    this.db.exec('BEGIN IMMEDIATE');
    this.open = true;
    this.touched.clear();
    this.deferred = [];
    this.search.clear();
    return path === undefined ? null : loadImportState(this.db, path);
  }

  write(record: AnyRecord): void {
    if (!this.open) throw new Error('writer: write() outside begin()/commit()');
    const checked = this.opts.validate ? this.opts.validate(record) : record;
    const r = this.opts.transform ? this.opts.transform(checked) : checked;
    switch (r.kind) {
      case 'session':
        return this.session(r);
      case 'message':
        return this.message(r);
      case 'tool_call':
        return this.toolCall(r);
      case 'tool_result':
        return this.toolResult(r);
      case 'compaction':
        return this.compaction(r);
      case 'file_operation':
        this.stmts.fileOperationRow.run(withColumns(r, ['tool_id', 'created_at']));
        return;
      case 'session_error':
        return this.sessionError(r);
      case 'permission_event':
        return writePermissionEvent(this.db, r);
    }
  }

  /** Recomputes the totals of every session this file touched, saves the file's state, commits. */
  commit(state: ImportState | null): void {
    if (!this.open) throw new Error('writer: commit() without begin()');
    try {
      for (const r of this.deferred) if (this.stmts.sessionExists.get(r.id)) this.session({ ...r, patch_only: false });
      for (const id of this.touched) this.stmts.recompute.run(id);
      this.search.flush();
      if (state) saveImportState(this.db, state);
      this.db.exec('COMMIT');
    } catch (err) {
      this.rollback();
      throw err;
    }
    this.open = false;
  }

  rollback(): void {
    if (!this.open) return;
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    this.open = false;
  }

  private session(r: SessionRecord): void {
    if (r.patch_only && !this.stmts.sessionExists.get(r.id)) {
      this.deferred.push(r);
      return;
    }
    const { patch_only: _, ...rest } = r;
    this.stmts.session.run(withColumns(rest, SESSION_COLUMNS));
    this.touched.add(r.id);
  }

  private message(r: MessageRecord): void {
    const hasUsage =
      r.prompt_tokens !== undefined ||
      r.completion_tokens !== undefined ||
      r.cache_read_tokens !== undefined ||
      r.cache_write_tokens !== undefined;
    const tokens = hasUsage
      ? (r.prompt_tokens ?? 0) + (r.completion_tokens ?? 0) + (r.cache_read_tokens ?? 0) + (r.cache_write_tokens ?? 0)
      : null;
    this.stmts.message.run({ ...withColumns(r, MESSAGE_COLUMNS), tokens, is_api_error: r.is_api_error ? 1 : 0 });
    this.touched.add(r.session_id);
    this.search.message(r.id);
  }

  private toolCall(r: ToolCallRecord): void {
    this.stmts.toolCall.run(withColumns(r, ['message_id', 'tool_input', 'file_path', 'file_operation', 'created_at']));
    this.touched.add(r.session_id);
    this.search.tool(r.source, r.call_id);
    const parked = this.stmts.parkedResult.get(r.source, r.call_id) as Record<string, unknown> | undefined;
    if (parked) {
      this.applyResult(parked);
      this.stmts.unparkResult.run(r.source, r.call_id);
    }
  }

  private toolResult(r: ToolResultRecord): void {
    const params = withColumns(r, [
      'tool_output',
      'error_message',
      'error_kind',
      'exit_code',
      'output_size',
      'duration_ms',
      'file_operation',
      'completed_at',
    ]);
    if (!this.applyResult(params)) this.stmts.parkResult.run(params);
  }

  /** Applies a result to its call; false when the call is not in the database (yet). */
  private applyResult(params: Record<string, unknown>): boolean {
    const { changes } = this.stmts.toolResult.run(params);
    if (changes === 0) return false;
    this.search.tool(params.source as string, params.call_id as string);
    this.stmts.fileOperation.run({ source: params.source, call_id: params.call_id });
    return true;
  }

  private compaction(r: CompactionRecord): void {
    this.stmts.compaction.run(
      withColumns(r, ['trigger', 'tokens_before', 'tokens_after', 'messages_before', 'messages_after', 'created_at']),
    );
  }

  private sessionError(r: SessionErrorRecord): void {
    this.stmts.sessionError.run(withColumns(r, ['error_message', 'status_code', 'retry_count', 'created_at']));
    this.search.apiError(r.id);
  }
}
