// The only code that writes imported records: upserts under DESIGN.md's rules, one transaction per file.
import type { Statement } from 'better-sqlite3';
import type { Db } from './open-db.js';
import type {
  AnyRecord,
  CompactionRecord,
  MessageRecord,
  SessionRecord,
  ToolCallRecord,
  ToolResultRecord,
} from './records.js';
import type { ImportState } from './import-state.js';
import { loadImportState, saveImportState } from './import-state.js';
import { lazyStatements } from './lazy-statements.js';
import { refreshRollups } from './rollups.js';
import { NOTE_SEARCH_BATCH } from './search-index.js';
import {
  APPLY_TOOL_RESULT,
  DERIVE_FILE_OPERATION,
  INSERT_TOOL,
  PARK_TOOL_RESULT,
  RECOMPUTE_SESSION,
  UPSERT_COMPACTION,
  UPSERT_DERIVED_FILE_OPERATION,
  UPSERT_FILE_OPERATION,
  UPSERT_HOOK_EVENT,
  UPSERT_MESSAGE,
  UPSERT_PERMISSION_EVENT,
  UPSERT_SESSION,
  UPSERT_SESSION_ERROR,
  UPSERT_TOOL_CALL,
  UPSERT_TURN,
  insertOnly,
} from './writer-sql.js';
import { RECORD_TABLES, type RecordTable } from './data-tables.js';
import {
  applyToolResult,
  deriveFileOperation,
  foldMessage,
  foldSession,
  foldToolCall,
  RESULT_COLUMNS,
} from './row-merge.js';

// The column rules are in writer-sql.ts (SQL) and row-merge.ts (the same rules in JS).

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

/**
 * A record's statement parameters: undefined is NULL, a boolean 0 or 1, and each of `columns` the
 * record lacks is NULL. One pass with for...in (no entry arrays): it ran for every record written.
 */
function withColumns<T extends object>(r: T, columns: readonly string[], skip?: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in r) {
    if (k === skip) continue;
    const v: unknown = r[k];
    out[k] = v === undefined ? null : typeof v === 'boolean' ? (v ? 1 : 0) : v;
  }
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
  /** Only for tests: records kept before they are written (default BATCH). */
  batch?: number;
}

/** New rows per table, counted as they are inserted (an update of a row already there is not one). */
export type AddedRows = Record<RecordTable, number>;
const noRows = (): AddedRows => Object.fromEntries(RECORD_TABLES.map((t) => [t, 0])) as AddedRows;

/**
 * What became of a row's records: inserted whole; folded into one upsert of the stored row; left to
 * the upserts because the row is stored already; or left to them record by record, inserting where
 * they can (a result before its call, a patch_only session, a call that met a conflict).
 */
type Outcome = 'inserted' | 'merged' | 'stored' | 'apart';

// Records kept before they are written: enough to merge a file's repeated lines (a message's
// chunks, a call and its result lie a few lines apart), and few enough to die young. A batch of
// 4,096 outlived V8's young generation while it filled, so every batch was promoted and piled up in
// the old generation until a full GC: the 100 MB file's import peaked at 176-185 MB RSS, 142 MB
// with 512 (in-process, no parsing thread).
const BATCH = 512;

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
  private pending = noRows();
  /** The connection's page cache while this transaction runs on a small one (`smallCache`). */
  private cacheKept: number | undefined;
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
      hookEvent: UPSERT_HOOK_EVENT,
      newHookEvent: insertOnly(UPSERT_HOOK_EVENT),
      turn: UPSERT_TURN,
      newTurn: insertOnly(UPSERT_TURN),
      permissionEvent: UPSERT_PERMISSION_EVENT,
      recompute: RECOMPUTE_SESSION,
      sessionExists: 'SELECT 1 FROM sessions WHERE id = ?',
      anyParked: 'SELECT 1 FROM pending_tool_results LIMIT 1',
      parkResult: PARK_TOOL_RESULT,
      parkedResult: 'SELECT * FROM pending_tool_results WHERE source = ? AND call_id = ?',
      unparkResult: 'DELETE FROM pending_tool_results WHERE source = ? AND call_id = ?',
      searchBatch: NOTE_SEARCH_BATCH,
    });
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
    return path === undefined ? null : loadImportState(this.db, path);
  }

  /**
   * Runs the rest of this transaction on SQLite's own 2 MB page cache instead of better-sqlite3's
   * 16 MB, for a file whose rows outgrow any cache: its dirty pages spill to the WAL either way, and
   * the 100 MB file's transaction peaked 20 MB lower. Only for such files: a small cache reads the
   * pages of the other files' B-trees again from the OS (a 1 GB import spent 13 s more system CPU
   * with it throughout). The connection gets its cache back at commit or rollback.
   */
  smallCache(): void {
    if (!this.open || this.cacheKept !== undefined) return;
    this.cacheKept = this.db.pragma('cache_size', { simple: true }) as number;
    this.db.pragma('cache_size = -2000');
  }

  /** `transformed`: the record went through `transform` already (in an import's parsing thread). */
  write(record: AnyRecord, transformed = false): void {
    if (!this.open) throw new Error('writer: write() outside begin()/commit()');
    const checked = this.opts.validate ? this.opts.validate(record) : record;
    this.batch.push(this.opts.transform && !transformed ? this.opts.transform(checked) : checked);
    if (this.batch.length >= (this.opts.batch ?? BATCH)) this.flush();
  }

  /** Recomputes the totals of every session this file touched, saves the file's state, commits. */
  commit(state: ImportState | null): void {
    if (!this.open) throw new Error('writer: commit() without begin()');
    try {
      this.flush();
      for (const r of this.deferred) if (this.stmts.sessionExists.get(r.id)) this.session({ ...r, patch_only: false });
      for (const id of this.touched) this.stmts.recompute.run({ id });
      refreshRollups(this.db, this.touched);
      // Search writes the documents of the rows inserted here later, in this order (schema/search-index.ts).
      if (this.pending.messages + this.pending.tools + this.pending.session_errors) this.stmts.searchBatch.run();
      if (state) saveImportState(this.db, state);
      this.stmts.commit.run();
    } catch (err) {
      this.rollback();
      throw err;
    }
    this.open = false;
    this.ownCache();
    for (const t of RECORD_TABLES) this.added[t] += this.pending[t];
  }

  rollback(): void {
    if (!this.open) return;
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    this.open = false;
    this.ownCache();
  }

  private ownCache(): void {
    if (this.cacheKept === undefined) return;
    this.db.pragma(`cache_size = ${this.cacheKept}`);
    this.cacheKept = undefined;
  }

  /** Writes the batch: each row once when it is new, else each of its records in turn. */
  private flush(): void {
    const batch = this.batch;
    this.batch = [];
    const rows = new Map<string, AnyRecord[]>();
    const keys = batch.map(rowKey);
    for (let i = 0; i < batch.length; i++) {
      const key = keys[i];
      if (key === undefined) continue;
      const records = rows.get(key);
      if (records) records.push(batch[i]!);
      else rows.set(key, [batch[i]!]);
    }
    const outcomes = new Map<string, Outcome>();
    for (let i = 0; i < batch.length; i++) {
      const r = batch[i]!;
      const key = keys[i];
      if (key === undefined) {
        this.one(r);
        continue;
      }
      let outcome = outcomes.get(key);
      if (outcome === undefined) {
        outcome = this.insertWhole(rows.get(key)!);
        outcomes.set(key, outcome);
      }
      if (outcome === 'stored' || outcome === 'apart') this.one(r, outcome === 'stored');
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
    this.touched.add(records[0]!.id);
    if (this.stmts.newSession.run(row).changes > 0) {
      this.pending.sessions += 1;
      return 'inserted';
    }
    // Stored already (an earlier file of a resumed session): one upsert of the folded row stores what
    // the records' upserts would in turn, since every rule of UPSERT_SESSION but the status's is
    // associative (first or last non-null, the later time, the best-ranked title). A session upsert
    // rewrites the row and its indexes: a record at a time, they were a tenth of a cold import's statements.
    if (records.every((r) => r.status === undefined)) {
      this.stmts.session.run(row);
      return 'merged';
    }
    return 'stored';
  }

  private newMessage(records: MessageRecord[]): Outcome {
    const row = messageParams(records[0]!);
    for (let i = 1; i < records.length; i++) foldMessage(row, messageParams(records[i]!));
    if (this.stmts.newMessage.run(row).changes === 0) return 'stored';
    this.pending.messages += 1;
    for (const r of records) this.touched.add(r.session_id);
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
        this.touched.add(r.session_id);
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
        return;
      case 'hook_event':
        this.upsert(
          'hook_events',
          this.stmts.newHookEvent,
          this.stmts.hookEvent,
          withColumns(r, [
            'event',
            'hook_name',
            'command',
            'error_message',
            'exit_code',
            'duration_ms',
            'call_id',
            'created_at',
          ]),
        );
        return;
      case 'turn':
        this.upsert('turns', this.stmts.newTurn, this.stmts.turn, withColumns(r, ['message_count', 'created_at']));
        return;
      case 'permission_event':
        // not a record table: the import summary does not count prompts
        this.stmts.permissionEvent.run(
          withColumns(r, ['tool_name', 'subject', 'call_id', 'asked_at', 'decision', 'decided_at']),
        );
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
  }

  private toolCall(r: ToolCallRecord): void {
    this.upsert('tools', this.stmts.newToolCall, this.stmts.toolCall, toolCallParams(r));
    this.touched.add(r.session_id);
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

  /**
   * Applies a result to its call; false when the call is not in the database (yet). The call's
   * session is touched: its failure and edit counts change with the result, whichever file it came in.
   */
  private applyResult(params: Record<string, unknown>): boolean {
    const call = this.stmts.toolResult.get(params) as { session_id: string } | undefined;
    if (call === undefined) return false;
    this.touched.add(call.session_id);
    const key = { source: params.source, call_id: params.call_id };
    if (this.stmts.newFileOperation.run(key).changes > 0) this.pending.file_operations += 1;
    else this.stmts.fileOperation.run(key);
    return true;
  }
}

const sessionParams = (r: SessionRecord) => withColumns(r, SESSION_COLUMNS, 'patch_only');

function messageParams(r: MessageRecord): Record<string, unknown> {
  const hasUsage =
    r.prompt_tokens !== undefined ||
    r.completion_tokens !== undefined ||
    r.cache_read_tokens !== undefined ||
    r.cache_write_tokens !== undefined;
  const tokens = hasUsage
    ? (r.prompt_tokens ?? 0) + (r.completion_tokens ?? 0) + (r.cache_read_tokens ?? 0) + (r.cache_write_tokens ?? 0)
    : null;
  const params = withColumns(r, MESSAGE_COLUMNS);
  params.tokens = tokens;
  params.is_api_error = r.is_api_error ? 1 : 0;
  return params;
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
