// The writer's upsert rules (writer-sql.ts) in JS, so that the records of a file that build one row fold
// into that row before it is written once. Each function must give what its SQL gives for the same
// two rows: `row` is the row so far (the upsert's stored row), `ex` the next record's parameters
// (its `excluded`). SQL's NULL is JS's null here (records come through record-params.ts).
type Row = Record<string, unknown>;

const isNull = (v: unknown) => v === null || v === undefined;
const coalesce = (a: unknown, b: unknown) => (isNull(a) ? b : a);
const nonEmpty = (v: unknown) => !isNull(v) && v !== '';
/** laterTime: the later non-null time. */
const later = (ex: unknown, stored: unknown) =>
  isNull(ex) ? stored : isNull(stored) || (ex as number) > (stored as number) ? ex : stored;
const rank = (v: unknown) => (isNull(v) ? 0 : (v as number));

/** UPSERT_SESSION's SET list. */
export function foldSession(row: Row, ex: Row): void {
  const titleWins =
    nonEmpty(ex.title) &&
    (!nonEmpty(row.title) ||
      rank(ex.title_rank) > rank(row.title_rank) ||
      (rank(ex.title_rank) === rank(row.title_rank) && rank(ex.title_rank) >= 3));
  const statusIsStale =
    isNull(ex.ended_at) &&
    !isNull(ex.updated_at) &&
    !isNull(row.ended_at) &&
    (ex.updated_at as number) <= (row.ended_at as number);
  row.parent_session_id = coalesce(row.parent_session_id, ex.parent_session_id);
  row.agent_type = coalesce(ex.agent_type, row.agent_type);
  if (titleWins) {
    row.title = ex.title;
    row.title_rank = ex.title_rank;
  }
  row.project_path = coalesce(row.project_path, ex.project_path);
  row.project_name = coalesce(row.project_name, ex.project_name);
  row.git_branch = coalesce(ex.git_branch === '' ? null : ex.git_branch, row.git_branch);
  row.model = coalesce(ex.model, row.model);
  row.provider = coalesce(ex.provider, row.provider);
  row.cli_version = coalesce(ex.cli_version, row.cli_version);
  row.permission_mode = coalesce(ex.permission_mode, row.permission_mode);
  if (!isNull(ex.status) && !statusIsStale) row.status = ex.status;
  row.end_reason = coalesce(ex.end_reason, row.end_reason);
  row.transcript_path = coalesce(row.transcript_path, ex.transcript_path);
  row.created_at = coalesce(row.created_at, ex.created_at);
  // Both from the old row, as in SQL: ended_at is read by statusIsStale above.
  row.updated_at = later(ex.updated_at, row.updated_at);
  row.ended_at = later(ex.ended_at, row.ended_at);
}

const USAGE = [
  'prompt_tokens',
  'completion_tokens',
  'cache_read_tokens',
  'cache_write_tokens',
  'cache_write_1h_tokens',
  'reasoning_tokens',
  'tokens',
] as const;

/** UPSERT_MESSAGE's SET list; the row's text and part ids are in `text` and `part_id`, as in its parameters. */
export function foldMessage(row: Row, ex: Row): void {
  const seen = !isNull(ex.part_id) && `,${(row.part_id as string | null) ?? ''},`.includes(`,${ex.part_id as string},`);
  const text = row.text;
  if (!nonEmpty(ex.text)) row.text = text;
  else if (isNull(ex.part_id)) row.text = ex.text;
  else if (seen) row.text = text;
  else if (!nonEmpty(text)) row.text = ex.text;
  else row.text = `${text as string}\n${ex.text as string}`;
  if (!(isNull(ex.part_id) || !nonEmpty(ex.text) || seen))
    row.part_id = (isNull(row.part_id) ? '' : `${row.part_id as string},`) + (ex.part_id as string);
  if ((isNull(ex.tokens) ? -1 : (ex.tokens as number)) > (isNull(row.tokens) ? -1 : (row.tokens as number)))
    for (const c of USAGE) row[c] = ex[c];
  row.model = coalesce(row.model, ex.model);
  row.provider = coalesce(row.provider, ex.provider);
  row.cost = coalesce(ex.cost, row.cost);
  row.agent_id = coalesce(row.agent_id, ex.agent_id);
  row.is_api_error = Math.max(row.is_api_error as number, ex.is_api_error as number);
  row.request_id = coalesce(row.request_id, ex.request_id);
  row.created_at = coalesce(row.created_at, ex.created_at);
  row.completed_at = later(ex.completed_at, row.completed_at);
}

/** The result columns of a tools row, null until a result is applied. */
export const RESULT_COLUMNS = [
  'success',
  'tool_output',
  'error_message',
  'error_kind',
  'exit_code',
  'output_size',
  'duration_ms',
  'completed_at',
] as const;

/** UPSERT_TOOL_CALL's SET list: a call seen again keeps its first values. */
export function foldToolCall(row: Row, ex: Row): void {
  for (const c of ['message_id', 'tool_input', 'file_path', 'file_operation', 'created_at'])
    row[c] = coalesce(row[c], ex[c]);
}

/** APPLY_TOOL_RESULT: every right-hand side reads the row as it was before the update. */
export function applyToolResult(row: Row, p: Row): void {
  const completed = coalesce(row.completed_at, p.completed_at);
  const duration = !isNull(p.duration_ms)
    ? p.duration_ms
    : !isNull(row.created_at) && !isNull(completed)
      ? Math.max(0, (completed as number) - (row.created_at as number))
      : row.duration_ms;
  row.success = row.success === 0 || p.success === 0 ? 0 : p.success;
  row.tool_output = nonEmpty(p.tool_output) ? p.tool_output : row.tool_output;
  row.error_message = coalesce(row.error_message, p.error_message);
  row.error_kind = coalesce(row.error_kind, p.error_kind);
  row.exit_code = coalesce(row.exit_code, p.exit_code);
  row.output_size = coalesce(row.output_size, p.output_size);
  row.file_operation = coalesce(p.file_operation, row.file_operation);
  row.completed_at = completed;
  row.duration_ms = duration;
}

/**
 * DERIVE_FILE_OPERATION after an applied result: the row a succeeded call with a file makes, its
 * time from the first derivation, its operation from the latest. Returns `derived` updated.
 */
export function deriveFileOperation(row: Row, derived: Row | undefined): Row | undefined {
  if (row.success !== 1 || isNull(row.file_path) || isNull(row.file_operation)) return derived;
  if (derived) {
    derived.operation_type = row.file_operation;
    return derived;
  }
  return {
    id: row.id,
    source: row.source,
    session_id: row.session_id,
    file_path: row.file_path,
    operation_type: row.file_operation,
    tool_id: row.id,
    created_at: coalesce(row.completed_at, row.created_at),
  };
}
