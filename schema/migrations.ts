// The database schema as an ordered list of named steps; a shipped step is never edited, only followed.
export interface Migration {
  name: string;
  sql: string;
}

const initial = `
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  parent_session_id TEXT,
  agent_type TEXT,
  title TEXT,
  title_rank INTEGER,
  project_path TEXT,
  project_name TEXT,
  git_branch TEXT,
  model TEXT,
  provider TEXT,
  cli_version TEXT,
  permission_mode TEXT,
  status TEXT,
  end_reason TEXT,
  prompt_tokens INTEGER NOT NULL DEFAULT 0,
  completion_tokens INTEGER NOT NULL DEFAULT 0,
  cache_read_tokens INTEGER NOT NULL DEFAULT 0,
  cache_write_tokens INTEGER NOT NULL DEFAULT 0,
  cost REAL,
  message_count INTEGER NOT NULL DEFAULT 0,
  tool_call_count INTEGER NOT NULL DEFAULT 0,
  transcript_path TEXT,
  created_at INTEGER,
  updated_at INTEGER,
  ended_at INTEGER
);
CREATE INDEX sessions_created_at ON sessions(created_at);
CREATE INDEX sessions_parent ON sessions(parent_session_id);
CREATE INDEX sessions_project ON sessions(project_name);

CREATE TABLE messages (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions(id),
  source TEXT NOT NULL,
  role TEXT NOT NULL,
  model TEXT,
  provider TEXT,
  text_content TEXT,
  part_ids TEXT,
  prompt_tokens INTEGER,
  completion_tokens INTEGER,
  cache_read_tokens INTEGER,
  cache_write_tokens INTEGER,
  -- the part of cache_write_tokens written to the 1-hour cache, which is priced higher
  cache_write_1h_tokens INTEGER,
  tokens INTEGER,
  cost REAL,
  is_sidechain INTEGER NOT NULL DEFAULT 0,
  agent_id TEXT,
  is_api_error INTEGER NOT NULL DEFAULT 0,
  request_id TEXT,
  created_at INTEGER,
  completed_at INTEGER
);
-- covers the token and cost sums of usage, sessions and projects
CREATE INDEX messages_usage ON messages(session_id, model, created_at, tokens, prompt_tokens, completion_tokens,
  cache_write_tokens, cache_write_1h_tokens, cache_read_tokens, cost);
CREATE INDEX messages_created_at ON messages(created_at);

CREATE TABLE tools (
  id TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  call_id TEXT NOT NULL,
  session_id TEXT NOT NULL REFERENCES sessions(id),
  message_id TEXT,
  tool_name TEXT NOT NULL,
  category TEXT NOT NULL,
  tool_input TEXT,
  tool_output TEXT,
  file_path TEXT,
  file_operation TEXT,
  success INTEGER,
  error_message TEXT,
  -- the kind of failure ("Exit code 1", "permission denied", ...), from schema/error-kind.ts
  error_kind TEXT,
  duration_ms INTEGER,
  created_at INTEGER,
  completed_at INTEGER,
  UNIQUE (source, call_id)
);
CREATE INDEX tools_session ON tools(session_id, success, created_at);
CREATE INDEX tools_file_path ON tools(file_path);
CREATE INDEX tools_created_at ON tools(created_at);
-- covers the per-tool reports (tool-errors, slow-tools), so they read the index, not the wide rows
CREATE INDEX tools_by_name ON tools(tool_name, success, error_kind, duration_ms, created_at, session_id);

CREATE TABLE file_operations (
  id TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  session_id TEXT NOT NULL REFERENCES sessions(id),
  file_path TEXT NOT NULL,
  operation_type TEXT NOT NULL,
  -- the call that did it; no foreign key, because a live event may name a call before it is imported
  tool_id TEXT,
  created_at INTEGER
);
CREATE INDEX file_operations_session ON file_operations(session_id);
CREATE INDEX file_operations_path ON file_operations(file_path);
CREATE INDEX file_operations_created_at ON file_operations(created_at);
CREATE INDEX file_operations_edits ON file_operations(operation_type, file_path, session_id, created_at);

CREATE TABLE session_errors (
  id TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  session_id TEXT NOT NULL REFERENCES sessions(id),
  error_type TEXT NOT NULL,
  error_message TEXT,
  status_code INTEGER,
  retry_count INTEGER,
  created_at INTEGER
);
CREATE INDEX session_errors_session ON session_errors(session_id);
CREATE INDEX session_errors_created_at ON session_errors(created_at);

CREATE TABLE compaction_events (
  id TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  session_id TEXT NOT NULL REFERENCES sessions(id),
  kind TEXT NOT NULL,
  trigger TEXT,
  tokens_before INTEGER,
  tokens_after INTEGER,
  messages_before INTEGER,
  messages_after INTEGER,
  created_at INTEGER
);
CREATE INDEX compaction_events_session ON compaction_events(session_id);
CREATE INDEX compaction_events_created_at ON compaction_events(created_at);

-- Results whose call has not been seen yet (a call and its result split across files); applied
-- to the call when it arrives, so the outcome does not depend on the order files are read in.
CREATE TABLE pending_tool_results (
  source TEXT NOT NULL,
  call_id TEXT NOT NULL,
  success INTEGER NOT NULL,
  tool_output TEXT,
  error_message TEXT,
  error_kind TEXT,
  file_operation TEXT,
  completed_at INTEGER,
  PRIMARY KEY (source, call_id)
);

CREATE TABLE import_state (
  path TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  parser_version INTEGER NOT NULL,
  size INTEGER NOT NULL,
  mtime_ms INTEGER NOT NULL,
  offset INTEGER NOT NULL,
  lines INTEGER NOT NULL,
  head_hash TEXT,
  tail_hash TEXT,
  bad_lines INTEGER NOT NULL DEFAULT 0,
  -- for a database source: the newest change time already read (OpenCode's time_updated)
  cursor INTEGER,
  imported_at INTEGER NOT NULL
);
`;

// Agents beyond Claude Code and OpenCode (Codex, Gemini) report reasoning tokens apart, exit codes
// and durations in their tool outputs; findings need an output's size before it is cut to 1 KB.
const detailColumns = `
ALTER TABLE messages ADD COLUMN reasoning_tokens INTEGER;
ALTER TABLE tools ADD COLUMN exit_code INTEGER;
ALTER TABLE tools ADD COLUMN output_size INTEGER;
ALTER TABLE pending_tool_results ADD COLUMN exit_code INTEGER;
ALTER TABLE pending_tool_results ADD COLUMN output_size INTEGER;
ALTER TABLE pending_tool_results ADD COLUMN duration_ms INTEGER;
`;

// `agentlog push` sends only rows created or changed since its last push. A new row has no push epoch
// (change_seq NULL); an update of a row that has one clears it (a trigger, so no writer path can forget,
// and it costs nothing until the first push). A push stamps the unstamped rows with the current epoch,
// moves the epoch on, and sends the rows stamped since its target's cursor.
const PUSHED_TABLES = ['sessions', 'messages', 'tools', 'file_operations', 'session_errors', 'compaction_events'];
const changeMarks = `
CREATE TABLE push_epoch (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  epoch INTEGER NOT NULL,
  -- names this database on a push target, so two local databases never share a cursor
  db_id TEXT NOT NULL
);
INSERT INTO push_epoch (id, epoch, db_id) VALUES (1, 1, lower(hex(randomblob(16))));
${PUSHED_TABLES.map(
  (t) => `
ALTER TABLE ${t} ADD COLUMN change_seq INTEGER;
CREATE INDEX ${t}_change_seq ON ${t}(change_seq);
CREATE TRIGGER ${t}_changed AFTER UPDATE ON ${t} WHEN OLD.change_seq IS NOT NULL BEGIN
  UPDATE ${t} SET change_seq = NULL WHERE rowid = NEW.rowid;
END;`,
).join('\n')}
`;

// Indexes that let the per-tool reports read fewer, narrower entries (issue 15): slow-tools walks
// the calls that have a duration, per tool name, in duration order; failures-by-day and the
// tool-errors fallback read only the failed calls. Partial indexes, so they cost a write only for
// the rows they hold.
const reportIndexes = `
CREATE INDEX tools_durations ON tools(tool_name, duration_ms, created_at, session_id) WHERE duration_ms IS NOT NULL;
CREATE INDEX tools_failures ON tools(tool_name, created_at, session_id, error_kind) WHERE success = 0;
`;

// Full-text search (issue 20): one document per searchable text (a prompt, an answer, a tool's
// input, its stored output, its error, an API error), keyed by (kind, ref) so that the writer's
// upsert of a re-imported row replaces its document instead of adding another. The FTS5 index
// reads its text from search_docs (external content), kept in step by the triggers, so the text
// is stored once more, not twice. search_docs.id is an INTEGER PRIMARY KEY so VACUUM (prune)
// keeps the index's rowids valid. Tool inputs are indexed by their string values, not their JSON
// keys, so that "command" or "file_path" does not match every call.
const searchIndex = `
CREATE TABLE search_docs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  ref TEXT NOT NULL,
  session_id TEXT NOT NULL,
  created_at INTEGER,
  body TEXT NOT NULL,
  UNIQUE (ref, kind)
);
CREATE INDEX search_docs_session ON search_docs(session_id);

INSERT INTO search_docs (kind, ref, session_id, created_at, body)
SELECT CASE role WHEN 'user' THEN 'prompt' ELSE 'answer' END, id, session_id, created_at, text_content
FROM messages WHERE role IN ('user', 'assistant') AND text_content IS NOT NULL AND text_content <> '';
INSERT INTO search_docs (kind, ref, session_id, created_at, body)
SELECT 'command', id, session_id, created_at, body FROM (
  SELECT id, session_id, created_at, CASE WHEN json_valid(tool_input)
    THEN (SELECT group_concat(j.value, ' ') FROM json_tree(tool_input) j WHERE j.type = 'text')
    ELSE tool_input END AS body
  FROM tools WHERE tool_input IS NOT NULL)
WHERE body IS NOT NULL AND body <> '';
INSERT INTO search_docs (kind, ref, session_id, created_at, body)
SELECT 'output', id, session_id, coalesce(completed_at, created_at), tool_output
FROM tools WHERE tool_output IS NOT NULL AND tool_output <> '';
INSERT INTO search_docs (kind, ref, session_id, created_at, body)
SELECT 'error', id, session_id, coalesce(completed_at, created_at), error_message
FROM tools WHERE error_message IS NOT NULL AND error_message <> '';
INSERT INTO search_docs (kind, ref, session_id, created_at, body)
SELECT 'error', id, session_id, created_at, error_message
FROM session_errors WHERE error_message IS NOT NULL AND error_message <> '';

CREATE VIRTUAL TABLE search_fts USING fts5(
  body, content = 'search_docs', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO search_fts (search_fts) VALUES ('rebuild');

CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
  INSERT INTO search_fts (rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
  INSERT INTO search_fts (search_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER search_docs_au AFTER UPDATE OF body ON search_docs WHEN old.body IS NOT new.body BEGIN
  INSERT INTO search_fts (search_fts, rowid, body) VALUES ('delete', old.id, old.body);
  INSERT INTO search_fts (rowid, body) VALUES (new.id, new.body);
END;
`;

// Indexes led by the time column (issue 15), for reports given --since/--until (reports/filters.ts
// withBounds makes a bound a plain comparison): a week's report reads a week of entries, each
// holding what its report needs, so no row is looked up. Each replaces its table's index on
// created_at alone, which it starts with, so an import maintains as many indexes as before, each
// entry a few columns wider.
const rangeIndexes = `
DROP INDEX tools_created_at;
CREATE INDEX tools_range ON tools(created_at, tool_name, success, error_kind, duration_ms, session_id);
DROP INDEX messages_created_at;
CREATE INDEX messages_range ON messages(created_at, session_id, model);
DROP INDEX file_operations_created_at;
CREATE INDEX file_operations_range ON file_operations(created_at, operation_type, file_path, session_id);
`;

// Message sums per session, model and UTC quarter hour (issue 15): usage, daily-spend, projects and
// sessions read these instead of every message. Every zone offset is a whole number of quarter
// hours, so local days, weeks and months are unions of quarters. Only rows with tokens are summed,
// as the reports sum them; the unpriced_* sums are those of rows without a stored cost, which the
// reports price at list price. schema/rollups.ts keeps it (the writer, per touched session) and
// prune deletes with the sessions.
const usageRollup = `
CREATE TABLE usage_rollup (
  session_id TEXT NOT NULL,
  model TEXT,
  -- created_at / 900000, NULL for rows without a time
  quarter INTEGER,
  input_tokens INTEGER,
  output_tokens INTEGER,
  cache_write_tokens INTEGER,
  cache_read_tokens INTEGER,
  tokens INTEGER NOT NULL,
  stored_cost REAL,
  unpriced_rows INTEGER NOT NULL,
  unpriced_input INTEGER,
  unpriced_output INTEGER,
  unpriced_cache_write INTEGER,
  unpriced_cache_write_1h INTEGER,
  unpriced_cache_read INTEGER
);
CREATE INDEX usage_rollup_session ON usage_rollup(session_id);
-- covers the reports' reads by time: grouped per quarter hour and model, the rows stream in that order
CREATE INDEX usage_rollup_time ON usage_rollup(quarter, model, input_tokens, output_tokens, cache_write_tokens,
  cache_read_tokens, tokens, stored_cost, unpriced_rows, unpriced_input, unpriced_output, unpriced_cache_write,
  unpriced_cache_write_1h, unpriced_cache_read, session_id);
INSERT INTO usage_rollup (session_id, model, quarter, input_tokens, output_tokens, cache_write_tokens,
  cache_read_tokens, tokens, stored_cost, unpriced_rows, unpriced_input, unpriced_output, unpriced_cache_write,
  unpriced_cache_write_1h, unpriced_cache_read)
SELECT session_id, model, created_at / 900000, sum(prompt_tokens), sum(completion_tokens),
  sum(cache_write_tokens), sum(cache_read_tokens), sum(tokens), sum(cost),
  count(CASE WHEN cost IS NULL THEN 1 END),
  sum(CASE WHEN cost IS NULL THEN prompt_tokens END), sum(CASE WHEN cost IS NULL THEN completion_tokens END),
  sum(CASE WHEN cost IS NULL THEN cache_write_tokens END), sum(CASE WHEN cost IS NULL THEN cache_write_1h_tokens END),
  sum(CASE WHEN cost IS NULL THEN cache_read_tokens END)
FROM messages
WHERE tokens IS NOT NULL
GROUP BY session_id, model, created_at / 900000;
`;

// Hook failures and turn durations (issue 19): what the transcripts record of hooks that blocked or
// failed, and how long each turn took, so findings can count minutes measured rather than estimated.
// Both tables are pushed, so they carry change marks like the tables of 003_change_marks.
const hookEvents = `
CREATE TABLE hook_events (
  id TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  session_id TEXT NOT NULL REFERENCES sessions(id),
  event TEXT,
  hook_name TEXT,
  -- blocking_error | non_blocking_error | cancelled | error (a Stop hook's error in its summary)
  outcome TEXT NOT NULL,
  command TEXT,
  error_message TEXT,
  exit_code INTEGER,
  duration_ms INTEGER,
  -- the tool call the hook ran for; no foreign key, like file_operations.tool_id
  call_id TEXT,
  created_at INTEGER,
  change_seq INTEGER
);
CREATE INDEX hook_events_session ON hook_events(session_id);
CREATE INDEX hook_events_created_at ON hook_events(created_at);
CREATE INDEX hook_events_call ON hook_events(call_id, source) WHERE call_id IS NOT NULL;

CREATE TABLE turns (
  id TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  session_id TEXT NOT NULL REFERENCES sessions(id),
  duration_ms INTEGER NOT NULL,
  message_count INTEGER,
  -- when the turn ended; it began duration_ms before
  created_at INTEGER,
  change_seq INTEGER
);
CREATE INDEX turns_session ON turns(session_id, created_at);
CREATE INDEX turns_created_at ON turns(created_at);
${['hook_events', 'turns']
  .map(
    (t) => `
CREATE INDEX ${t}_change_seq ON ${t}(change_seq);
CREATE TRIGGER ${t}_changed AFTER UPDATE ON ${t} WHEN OLD.change_seq IS NOT NULL BEGIN
  UPDATE ${t} SET change_seq = NULL WHERE rowid = NEW.rowid;
END;`,
  )
  .join('\n')}
`;

// Permission prompts (issue 19): what an agent asked the user to allow, and the answer where the
// agent says it (OpenCode's permission.replied; Claude Code's hooks see only the ask). `subject` is
// the normalized thing asked about (a command's first words, a path, OpenCode's "always" patterns), so
// the same question asked twice groups. Every column but the keys may come later: an answer can be
// imported before its ask. change_seq and its trigger as 003_change_marks gave the other pushed tables.
const permissionEvents = `
CREATE TABLE permission_events (
  id TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  session_id TEXT NOT NULL,
  tool_name TEXT,
  subject TEXT,
  call_id TEXT,
  asked_at INTEGER,
  decision TEXT,
  decided_at INTEGER,
  change_seq INTEGER
);
CREATE INDEX permission_events_session ON permission_events(session_id, asked_at);
CREATE INDEX permission_events_change_seq ON permission_events(change_seq);
CREATE TRIGGER permission_events_changed AFTER UPDATE ON permission_events WHEN OLD.change_seq IS NOT NULL BEGIN
  UPDATE permission_events SET change_seq = NULL WHERE rowid = NEW.rowid;
END;
`;

// The failed tool calls in time order, for the findings (issue 15): most of them read a period's
// failures and test their kind, category, exit code or message, which this covers, so the period's
// other calls are not walked and only a hit's row is read. Failures are a few percent of the calls
// and their messages are cut to 1 KB, so the index stays small and an import adds to it rarely.
// Outputs as large as big-tool-output looks for are rarer still, and so are responses that write more
// to the prompt cache than they read from it (a session's first, or one after a pause).
const findingsIndexes = `
CREATE INDEX tools_failed_range ON tools(created_at, session_id, tool_name, category, error_kind, exit_code,
  error_message) WHERE success = 0;
-- the calls whose output was over big-tool-output's 10,000 characters, in time order
CREATE INDEX tools_big_outputs ON tools(created_at) WHERE output_size > 10000;
-- the responses that wrote more to the cache than they read (cache-rebuild-after-pause's candidates)
CREATE INDEX messages_cache_writes ON messages(created_at)
  WHERE role = 'assistant' AND coalesce(cache_write_tokens, 0) > coalesce(cache_read_tokens, 0);
`;

/** Append new steps at the end; never edit or reorder a step that has shipped. */
export const migrations: readonly Migration[] = [
  { name: '001_initial', sql: initial },
  { name: '002_detail_columns', sql: detailColumns },
  { name: '003_change_marks', sql: changeMarks },
  { name: '004_report_indexes', sql: reportIndexes },
  { name: '005_search_index', sql: searchIndex },
  { name: '006_range_indexes', sql: rangeIndexes },
  { name: '007_usage_rollup', sql: usageRollup },
  { name: '008_hook_events', sql: hookEvents },
  { name: '009_permission_events', sql: permissionEvents },
  { name: '013_findings_indexes', sql: findingsIndexes },
];
