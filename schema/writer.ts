// The only code that writes imported records: upserts under DESIGN.md's rules, one transaction per file.
import type { Statement } from 'better-sqlite3';
import type { Db } from './open-db.js';
import type { AnyRecord } from './records.js';
import { flatRecord, kindOf, type Params, paramsOf, placeOf } from './record-params.js';
import type { ImportState } from './import-state.js';
import { loadImportState, loadStateMarks, saveImportState, type StateMark } from './import-state.js';
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
function rowKey(f: unknown[]): string | undefined {
  switch (kindOf(f)) {
    case 'session':
      return `s\u0000${f[SESSION_ID]}`;
    case 'message':
      return `m\u0000${f[MESSAGE_ID]}`;
    case 'tool_call':
      return `t\u0000${f[CALL_SOURCE]}\u0000${f[CALL_ID]}`;
    case 'tool_result':
      return `t\u0000${f[RESULT_SOURCE]}\u0000${f[RESULT_CALL_ID]}`;
    default:
      return undefined;
  }
}
const callKey = (source: unknown, callId: unknown) => `${source}\u0000${callId}`;
const SESSION_ID = placeOf('session', 'id');
const MESSAGE_ID = placeOf('message', 'id');
const CALL_SOURCE = placeOf('tool_call', 'source');
const CALL_ID = placeOf('tool_call', 'call_id');
const RESULT_SOURCE = placeOf('tool_result', 'source');
const RESULT_CALL_ID = placeOf('tool_result', 'call_id');

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
  private deferred: Params[] = [];
  /**
   * Records as their statement parameters made flat (record-params.ts), each made an object only
   * where a statement binds it or a fold reads it: a batch's objects made at once outlived V8's young
   * generation, and their allocation site was pretenured (peak heap of the 50 MB corpus's import 14 -> 30 MB).
   */
  private batch: unknown[][] = [];
  /**
   * The keys (source, call id) of the parked results, read at a file's begin and kept while no other
   * connection commits (`PRAGMA data_version`): a point read per new call cost 7,485 reads on the 50 MB
   * corpus once any result was parked. Unread after a rollback, which undoes this file's unparks.
   */
  private parked: Set<string> | undefined;
  private parkedAt = -1;
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
      dataVersion: 'PRAGMA data_version',
      parkedKeys: 'SELECT source, call_id FROM pending_tool_results',
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

  /** Every saved file's size, mtime and parser, for the quick look at many files at once. */
  stateMarks(): Map<string, StateMark> {
    return loadStateMarks(this.db);
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
    const version = (this.stmts.dataVersion.get() as { data_version: number }).data_version;
    if (this.parked === undefined || version !== this.parkedAt) {
      const keys = this.stmts.parkedKeys.all() as { source: string; call_id: string }[];
      this.parked = new Set(keys.map((k) => callKey(k.source, k.call_id)));
      this.parkedAt = version;
    }
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

  write(record: AnyRecord): void {
    const checked = this.opts.validate ? this.opts.validate(record) : record;
    this.writeFlat(flatRecord(this.opts.transform ? this.opts.transform(checked) : checked));
  }

  /**
   * Writes a record given as its flat parameters (record-params.ts `flatRecord`), checked and
   * transformed already: an import's parsing thread makes them (import/parse-worker.ts), so that this
   * thread only binds and runs the statements.
   */
  writeFlat(flat: unknown[]): void {
    if (!this.open) throw new Error('writer: write() outside begin()/commit()');
    this.batch.push(flat);
    if (this.batch.length >= (this.opts.batch ?? BATCH)) this.flush();
  }

  /** Recomputes the totals of every session this file touched, saves the file's state, commits. */
  commit(state: ImportState | null): void {
    if (!this.open) throw new Error('writer: commit() without begin()');
    try {
      this.flush();
      for (const r of this.deferred) if (this.stmts.sessionExists.get(r.id)) this.session({ ...r, patch_only: 0 });
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
    this.parked = undefined;
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
    const rows = new Map<string, unknown[][]>();
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
  private insertWhole(flats: unknown[][]): Outcome {
    const records = flats.map(paramsOf);
    switch (records[0]!.kind) {
      case 'session':
        return this.newSession(records);
      case 'message':
        return this.newMessage(records);
      case 'tool_call':
        return this.newTool(records);
      default:
        return 'apart';
    }
  }

  // The first record's parameters fold the others in: the records are made again from their flat
  // parameters when they are written apart.
  private newSession(records: Params[]): Outcome {
    if (records.some((r) => r.patch_only)) return 'apart';
    const statusless = records.every((r) => r.status === null);
    const row = records[0]!;
    for (let i = 1; i < records.length; i++) foldSession(row, records[i]!);
    this.touched.add(row.id as string);
    if (this.stmts.newSession.run(row).changes > 0) {
      this.pending.sessions += 1;
      return 'inserted';
    }
    // Stored already (an earlier file of a resumed session): one upsert of the folded row stores what
    // the records' upserts would in turn, since every rule of UPSERT_SESSION but the status's is
    // associative (first or last non-null, the later time, the best-ranked title). A session upsert
    // rewrites the row and its indexes: a record at a time, they were a tenth of a cold import's statements.
    if (statusless) {
      this.stmts.session.run(row);
      return 'merged';
    }
    return 'stored';
  }

  private newMessage(records: Params[]): Outcome {
    const row = records[0]!;
    for (let i = 1; i < records.length; i++) foldMessage(row, records[i]!);
    if (this.stmts.newMessage.run(row).changes === 0) return 'stored';
    this.pending.messages += 1;
    for (const r of records) this.touched.add(r.session_id as string);
    return 'inserted';
  }

  // A conflict here may be on the id alone (another call's), so the records still try their inserts.
  private newTool(records: Params[]): Outcome {
    const call = records[0]!;
    if (this.parked!.has(callKey(call.source, call.call_id))) return 'apart';
    const row: Record<string, unknown> = call;
    for (const c of RESULT_COLUMNS) row[c] = null;
    let derived: Record<string, unknown> | undefined;
    for (let i = 1; i < records.length; i++) {
      const r = records[i]!;
      if (r.kind === 'tool_call') foldToolCall(row, r);
      else {
        applyToolResult(row, r);
        derived = deriveFileOperation(row, derived);
      }
    }
    if (this.stmts.newTool.run(row).changes === 0) return 'apart';
    this.pending.tools += 1;
    for (const r of records) if (r.kind === 'tool_call') this.touched.add(r.session_id as string);
    if (derived) {
      if (this.stmts.newDerivedFileOperation.run(derived).changes > 0) this.pending.file_operations += 1;
      else this.stmts.derivedFileOperation.run(derived);
    }
    return 'inserted';
  }

  /** Writes one record with the upserts, as it comes; `stored` when its row is known to exist. */
  private one(flat: unknown[], stored = false): void {
    const r = paramsOf(flat);
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
        this.upsert('compaction_events', this.stmts.newCompaction, this.stmts.compaction, r);
        return;
      case 'file_operation':
        this.touched.add(r.session_id as string);
        this.upsert('file_operations', this.stmts.newFileOperationRow, this.stmts.fileOperationRow, r);
        return;
      case 'session_error':
        this.upsert('session_errors', this.stmts.newSessionError, this.stmts.sessionError, r);
        return;
      case 'hook_event':
        this.upsert('hook_events', this.stmts.newHookEvent, this.stmts.hookEvent, r);
        return;
      case 'turn':
        this.upsert('turns', this.stmts.newTurn, this.stmts.turn, r);
        return;
      case 'permission_event':
        // not a record table: the import summary does not count prompts
        this.stmts.permissionEvent.run(r);
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

  private session(r: Params, stored = false): void {
    if (r.patch_only && !this.stmts.sessionExists.get(r.id)) {
      this.deferred.push(r);
      return;
    }
    this.upsert('sessions', this.stmts.newSession, this.stmts.session, r, stored);
    this.touched.add(r.id as string);
  }

  private message(r: Params, stored = false): void {
    this.upsert('messages', this.stmts.newMessage, this.stmts.message, r, stored);
    this.touched.add(r.session_id as string);
  }

  private toolCall(r: Params): void {
    this.upsert('tools', this.stmts.newToolCall, this.stmts.toolCall, r);
    this.touched.add(r.session_id as string);
    const key = callKey(r.source, r.call_id);
    if (!this.parked!.has(key)) return;
    const parked = this.stmts.parkedResult.get(r.source, r.call_id) as Record<string, unknown> | undefined;
    if (parked) {
      this.applyResult(parked);
      this.stmts.unparkResult.run(r.source, r.call_id);
    }
    this.parked!.delete(key);
  }

  private toolResult(r: Params): void {
    if (this.applyResult(r)) return;
    this.stmts.parkResult.run(r);
    this.parked!.add(callKey(r.source, r.call_id));
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
