// The writer's SQL: the upserts that carry the column rules, one statement per kind of write.

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

export const UPSERT_SESSION = `
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

export const UPSERT_MESSAGE = `
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
export const UPSERT_TOOL_CALL = `
INSERT INTO tools (id, source, call_id, session_id, message_id, tool_name, category, tool_input, file_path,
  file_operation, created_at)
VALUES (@id, @source, @call_id, @session_id, @message_id, @tool_name, @category, @tool_input, @file_path,
  @file_operation, @created_at)
ON CONFLICT(source, call_id) DO UPDATE SET ${toolCallSet}
ON CONFLICT(id) DO UPDATE SET ${toolCallSet}`;

// A call that failed once stays failed: a duplicate result line can only add the failure.
export const APPLY_TOOL_RESULT = `
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
WHERE source = @source AND call_id = @call_id
RETURNING session_id`;

export const PARK_TOOL_RESULT = `
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

export const DERIVE_FILE_OPERATION = `
INSERT INTO file_operations (id, source, session_id, file_path, operation_type, tool_id, created_at)
SELECT id, source, session_id, file_path, file_operation, id, coalesce(completed_at, created_at)
FROM tools
WHERE source = @source AND call_id = @call_id AND success = 1
  AND file_path IS NOT NULL AND file_operation IS NOT NULL
ON CONFLICT(id) DO UPDATE SET operation_type = excluded.operation_type`;

export const UPSERT_FILE_OPERATION = `
INSERT INTO file_operations (id, source, session_id, file_path, operation_type, tool_id, created_at)
VALUES (@id, @source, @session_id, @file_path, @operation_type, @tool_id, @created_at)
ON CONFLICT(id) DO UPDATE SET
  tool_id = coalesce(file_operations.tool_id, excluded.tool_id),
  created_at = coalesce(file_operations.created_at, excluded.created_at)`;

export const UPSERT_COMPACTION = `
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

export const UPSERT_SESSION_ERROR = `
INSERT INTO session_errors (id, source, session_id, error_type, error_message, status_code, retry_count, created_at)
VALUES (@id, @source, @session_id, @error_type, @error_message, @status_code, @retry_count, @created_at)
ON CONFLICT(id) DO UPDATE SET
  error_type = coalesce(session_errors.error_type, excluded.error_type),
  error_message = coalesce(nullif(excluded.error_message, ''), session_errors.error_message),
  status_code = coalesce(excluded.status_code, session_errors.status_code),
  retry_count = CASE WHEN coalesce(excluded.retry_count, 0) > coalesce(session_errors.retry_count, 0)
    THEN excluded.retry_count ELSE session_errors.retry_count END,
  created_at = coalesce(session_errors.created_at, excluded.created_at)`;

// Session totals are derived from their rows, so they are exact whatever order files arrive in
// (a result applied in a later file touches its call's session too: writer.ts applyResult). The
// sums come from one pass over messages_usage (which covers them, in the order the per-column
// subqueries read it, so a float sum of cost is the same); model and provider need the role.
export const RECOMPUTE_SESSION = `
UPDATE sessions SET
  message_count = totals.n,
  tool_call_count = (SELECT count(*) FROM tools t WHERE t.session_id = sessions.id),
  failure_count = (SELECT count(*) FROM tools t WHERE t.session_id = sessions.id AND t.success = 0),
  edit_count = (SELECT count(*) FROM file_operations o WHERE o.session_id = sessions.id
    AND o.operation_type IN ('edited', 'created')),
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
export const insertOnly = (upsert: string) => `${upsert.slice(0, upsert.indexOf('ON CONFLICT'))}ON CONFLICT DO NOTHING`;

// A call whose records (and results) all came in this file, written whole (row-merge.ts).
export const INSERT_TOOL = `
INSERT INTO tools (id, source, call_id, session_id, message_id, tool_name, category, tool_input, file_path,
  file_operation, success, tool_output, error_message, error_kind, exit_code, output_size, duration_ms, created_at,
  completed_at)
VALUES (@id, @source, @call_id, @session_id, @message_id, @tool_name, @category, @tool_input, @file_path,
  @file_operation, @success, @tool_output, @error_message, @error_kind, @exit_code, @output_size, @duration_ms,
  @created_at, @completed_at)
ON CONFLICT DO NOTHING`;

// DERIVE_FILE_OPERATION's conflict rule, for a row derived in JS.
export const UPSERT_DERIVED_FILE_OPERATION = `
INSERT INTO file_operations (id, source, session_id, file_path, operation_type, tool_id, created_at)
VALUES (@id, @source, @session_id, @file_path, @operation_type, @tool_id, @created_at)
ON CONFLICT(id) DO UPDATE SET operation_type = excluded.operation_type`;

// Hook failures and turn durations (008): created_at once, null never wins.
export const UPSERT_HOOK_EVENT = `
INSERT INTO hook_events (id, source, session_id, event, hook_name, outcome, command, error_message, exit_code,
  duration_ms, call_id, created_at)
VALUES (@id, @source, @session_id, @event, @hook_name, @outcome, @command, @error_message, @exit_code,
  @duration_ms, @call_id, @created_at)
ON CONFLICT(id) DO UPDATE SET
  event = coalesce(excluded.event, hook_events.event),
  hook_name = coalesce(excluded.hook_name, hook_events.hook_name),
  command = coalesce(excluded.command, hook_events.command),
  error_message = coalesce(nullif(excluded.error_message, ''), hook_events.error_message),
  exit_code = coalesce(excluded.exit_code, hook_events.exit_code),
  duration_ms = coalesce(excluded.duration_ms, hook_events.duration_ms),
  call_id = coalesce(excluded.call_id, hook_events.call_id),
  created_at = coalesce(hook_events.created_at, excluded.created_at)`;

export const UPSERT_TURN = `
INSERT INTO turns (id, source, session_id, duration_ms, message_count, created_at)
VALUES (@id, @source, @session_id, @duration_ms, @message_count, @created_at)
ON CONFLICT(id) DO UPDATE SET
  duration_ms = excluded.duration_ms,
  message_count = coalesce(excluded.message_count, turns.message_count),
  created_at = coalesce(turns.created_at, excluded.created_at)`;

// Permission prompts (009): an ask and its answer may come in either order, from different imports, as one row.
// The ask's facts are written once (the first non-null wins, as created_at elsewhere); the answer
// takes the newer non-null value. A replayed spool line therefore changes nothing.
export const UPSERT_PERMISSION_EVENT = `
INSERT INTO permission_events (id, source, session_id, tool_name, subject, call_id, asked_at, decision, decided_at)
VALUES (@id, @source, @session_id, @tool_name, @subject, @call_id, @asked_at, @decision, @decided_at)
ON CONFLICT(id) DO UPDATE SET
  tool_name = coalesce(permission_events.tool_name, excluded.tool_name),
  subject = coalesce(permission_events.subject, excluded.subject),
  call_id = coalesce(permission_events.call_id, excluded.call_id),
  asked_at = coalesce(permission_events.asked_at, excluded.asked_at),
  decision = coalesce(excluded.decision, permission_events.decision),
  decided_at = coalesce(excluded.decided_at, permission_events.decided_at)`;
