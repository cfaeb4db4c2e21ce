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

// The search index without a second copy of the text (issue 15): search_fts reads the text of a
// prompt, answer, output or error through the view search_text from its row (external content, so
// snippet() still works); search_docs keeps only what identifies a document, and the text of a
// command (the string values of its input: FTS5 reads its content without table-valued functions,
// so the view cannot cut them out of the JSON). FTS5 takes a text out of its index only given the
// words it indexed: a row whose text changes is taken out by its trigger, with the old text, and a
// document deleted is taken out with the text its row still has (prune deletes documents before
// rows). New and changed documents wait in search_pending until the writer indexes them with one
// statement before its commit (schema/search-index.ts): fed by a trigger, a document at a time,
// FTS5 took about three times the CPU (bench/RESULTS.md, "Issue 15, search index").
const searchChanged = (table: string, column: string, kinds: string) => `
CREATE TRIGGER search_${table}_${column} AFTER UPDATE OF ${column} ON ${table}
WHEN old.${column} IS NOT new.${column} AND old.${column} <> '' BEGIN
  INSERT INTO search_fts (search_fts, rowid, body)
  SELECT 'delete', id, old.${column} FROM search_docs
  WHERE ref = old.id AND kind IN (${kinds}) AND id NOT IN (SELECT id FROM search_pending);
  INSERT INTO search_pending (id) SELECT id FROM search_docs
  WHERE ref = old.id AND kind IN (${kinds}) AND id NOT IN (SELECT id FROM search_pending);
END;`;
const searchLean = `
DROP TRIGGER search_docs_ai;
DROP TRIGGER search_docs_ad;
DROP TRIGGER search_docs_au;
DROP TABLE search_fts;
CREATE TABLE search_docs_lean (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  ref TEXT NOT NULL,
  session_id TEXT NOT NULL,
  created_at INTEGER,
  -- a command's text; NULL for the other kinds, read from their rows
  body TEXT,
  UNIQUE (ref, kind)
);
INSERT INTO search_docs_lean (id, kind, ref, session_id, created_at, body)
SELECT id, kind, ref, session_id, created_at, CASE kind WHEN 'command' THEN body END FROM search_docs;
DROP TABLE search_docs;
ALTER TABLE search_docs_lean RENAME TO search_docs;
CREATE INDEX search_docs_session ON search_docs(session_id);

CREATE VIEW search_text AS
SELECT d.id, CASE d.kind
  WHEN 'command' THEN d.body
  WHEN 'output' THEN (SELECT tool_output FROM tools WHERE id = d.ref)
  WHEN 'error' THEN coalesce(
    (SELECT nullif(error_message, '') FROM tools WHERE id = d.ref),
    (SELECT error_message FROM session_errors WHERE id = d.ref))
  ELSE (SELECT text_content FROM messages WHERE id = d.ref) END AS body
FROM search_docs d;

CREATE VIRTUAL TABLE search_fts USING fts5(
  body, content = 'search_text', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO search_fts (search_fts) VALUES ('rebuild');

CREATE TABLE search_pending (id INTEGER PRIMARY KEY);
CREATE TRIGGER search_docs_added AFTER INSERT ON search_docs BEGIN
  INSERT INTO search_pending (id) VALUES (new.id);
END;
CREATE TRIGGER search_docs_removed BEFORE DELETE ON search_docs BEGIN
  INSERT INTO search_fts (search_fts, rowid, body)
  SELECT 'delete', id, body FROM search_text WHERE id = old.id AND id NOT IN (SELECT id FROM search_pending);
  DELETE FROM search_pending WHERE id = old.id;
END;
CREATE TRIGGER search_docs_body AFTER UPDATE OF body ON search_docs
WHEN old.body IS NOT new.body AND old.id NOT IN (SELECT id FROM search_pending) BEGIN
  INSERT INTO search_fts (search_fts, rowid, body) VALUES ('delete', old.id, old.body);
  INSERT INTO search_pending (id) VALUES (old.id);
END;
${searchChanged('messages', 'text_content', "'prompt', 'answer'")}
${searchChanged('tools', 'tool_output', "'output'")}
${searchChanged('tools', 'error_message', "'error'")}
${searchChanged('session_errors', 'error_message', "'error'")}
`;

// Per-session counts of failed calls and of edits (issue 15), beside tool_call_count: the sessions and
// projects reports read them instead of counting tools and file_operations for every session. The
// writer's totals (schema/writer-sql.ts RECOMPUTE_SESSION) keep them; existing rows are counted here.
const sessionCounts = `
ALTER TABLE sessions ADD COLUMN failure_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN edit_count INTEGER NOT NULL DEFAULT 0;
UPDATE sessions SET
  failure_count = (SELECT count(*) FROM tools t WHERE t.session_id = sessions.id AND t.success = 0),
  edit_count = (SELECT count(*) FROM file_operations o WHERE o.session_id = sessions.id
    AND o.operation_type IN ('edited', 'created'));
`;

// Counts that the per-tool reports, hot-files and activity read when no bound and no session filter
// is given (issue 15), instead of a million rows: tool calls per tool, outcome and kind of failure;
// per tool and duration; failures per tool and UTC quarter hour; messages per quarter hour; edits per
// file and session. Most hold no session (nothing to re-sum per session at commit), so triggers keep
// them in the statement that changes a row: a result arriving later, a re-import, prune and a
// rollback change them with the row. schema/tool-rollup.ts counts them again.
interface Counter {
  table: string;
  /** The counted columns and their values for a row (`NEW` or `OLD`). */
  key: [string, (r: string) => string][];
  /** True when the key is the table's primary key (never NULL): a count is then one upsert. */
  primary?: boolean;
  /** Which rows are counted, when not every one. */
  when?: (r: string) => string;
  /** A column that keeps the greatest `created_at` of the counted rows, and its value counted again. */
  latest?: [string, (r: string) => string];
  /** The columns of the row that the key, `when` and `latest` read: a change to one counts the row again. */
  reads: string[];
}
// Key values may be NULL, which a unique key would not match, so a row is found with IS.
const keyOf = (c: Counter, r: string) => c.key.map(([col, v]) => `${col} IS ${v(r)}`).join(' AND ');
const counted = (c: Counter, r: string) => (c.when ? `${c.when(r)} AND ` : '');
// A row's time raises the latest, which a time of NULL leaves as it is (max() of SQLite would give NULL).
const later = (c: Counter, r: string) =>
  c.latest
    ? `, ${c.latest[0]} = CASE WHEN ${c.latest[0]} IS NULL OR ${r}.created_at > ${c.latest[0]} THEN ${r}.created_at ELSE ${c.latest[0]} END`
    : '';
const count = (c: Counter, r: string) => {
  const columns = [...c.key.map(([col]) => col), 'n', ...(c.latest ? [c.latest[0]] : [])].join(', ');
  const values = [...c.key.map(([, v]) => v(r)), '1', ...(c.latest ? [`${r}.created_at`] : [])].join(', ');
  // The WHERE keeps ON CONFLICT from being read as a join's ON; changes() is the UPDATE's just before.
  return c.primary
    ? `
  INSERT INTO ${c.table} (${columns}) SELECT ${values} WHERE ${c.when ? c.when(r) : 'TRUE'}
    ON CONFLICT DO UPDATE SET n = n + 1${later(c, r)};`
    : `
  UPDATE ${c.table} SET n = n + 1${later(c, r)} WHERE ${counted(c, r)}${keyOf(c, r)};
  INSERT INTO ${c.table} (${columns}) SELECT ${values} WHERE ${counted(c, r)}changes() = 0;`;
};
// A row taken away may have been the latest: the rows left are read again (the trigger runs after the change).
const uncount = (c: Counter, r: string) => `
  UPDATE ${c.table} SET n = n - 1${c.latest ? `, ${c.latest[0]} = ${c.latest[1](r)}` : ''} WHERE ${counted(c, r)}${keyOf(c, r)};
  DELETE FROM ${c.table} WHERE ${keyOf(c, r)} AND n = 0;`;
// One trigger per roll-up and change, each run only for the rows it counts.
const triggers = (table: string, c: Counter) => `
CREATE TRIGGER ${c.table}_counted AFTER INSERT ON ${table}${c.when ? ` WHEN ${c.when('NEW')}` : ''}
BEGIN${count(c, 'NEW')}
END;
CREATE TRIGGER ${c.table}_uncounted AFTER DELETE ON ${table}${c.when ? ` WHEN ${c.when('OLD')}` : ''}
BEGIN${uncount(c, 'OLD')}
END;
CREATE TRIGGER ${c.table}_recounted AFTER UPDATE OF ${c.reads.join(', ')} ON ${table}
WHEN ${c.reads.map((col) => `OLD.${col} IS NOT NEW.${col}`).join(' OR ')}
BEGIN${uncount(c, 'OLD')}${count(c, 'NEW')}
END;`;
const column = (col: string) => (r: string) => `${r}.${col}`;
const quarterOf = (r: string) => `${r}.created_at / 900000`;
const toolCounters: Counter[] = [
  {
    table: 'tool_rollup',
    key: [
      ['tool_name', column('tool_name')],
      ['success', column('success')],
      ['error_kind', column('error_kind')],
    ],
    reads: ['tool_name', 'success', 'error_kind'],
  },
  {
    table: 'tool_duration_rollup',
    key: [
      ['tool_name', column('tool_name')],
      ['duration_ms', column('duration_ms')],
    ],
    primary: true,
    when: (r) => `${r}.duration_ms IS NOT NULL`,
    reads: ['tool_name', 'duration_ms'],
  },
  {
    table: 'tool_failure_rollup',
    key: [
      ['tool_name', column('tool_name')],
      ['quarter', quarterOf],
    ],
    when: (r) => `${r}.success = 0`,
    reads: ['tool_name', 'success', 'created_at'],
  },
];
const messageCounter: Counter = {
  table: 'message_rollup',
  key: [['quarter', quarterOf]],
  primary: true,
  when: (r) => `${r}.created_at IS NOT NULL`,
  reads: ['created_at'],
};
const editCounter: Counter = {
  table: 'file_edit_rollup',
  key: [
    ['file_path', column('file_path')],
    ['session_id', column('session_id')],
  ],
  primary: true,
  when: (r) => `${r}.operation_type IN ('edited', 'created')`,
  reads: ['file_path', 'session_id', 'operation_type', 'created_at'],
  latest: [
    'last_edited',
    (r) => `(SELECT max(o.created_at) FROM file_operations o WHERE o.session_id = ${r}.session_id
      AND o.file_path = ${r}.file_path AND o.operation_type IN ('edited', 'created'))`,
  ],
};
const toolRollup = `
CREATE TABLE tool_rollup (tool_name TEXT NOT NULL, success INTEGER, error_kind TEXT, n INTEGER NOT NULL);
CREATE INDEX tool_rollup_key ON tool_rollup(tool_name, success, error_kind);
-- in the order slow-tools reads them
CREATE TABLE tool_duration_rollup (
  tool_name TEXT NOT NULL,
  duration_ms INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (tool_name, duration_ms)
) WITHOUT ROWID;
-- quarter: created_at / 900000, NULL for a call without a time
CREATE TABLE tool_failure_rollup (tool_name TEXT NOT NULL, quarter INTEGER, n INTEGER NOT NULL);
CREATE INDEX tool_failure_rollup_key ON tool_failure_rollup(tool_name, quarter, n);
CREATE TABLE message_rollup (quarter INTEGER NOT NULL PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE file_edit_rollup (
  file_path TEXT NOT NULL,
  session_id TEXT NOT NULL,
  n INTEGER NOT NULL,
  last_edited INTEGER,
  PRIMARY KEY (file_path, session_id)
) WITHOUT ROWID;
INSERT INTO tool_rollup (tool_name, success, error_kind, n)
SELECT tool_name, success, error_kind, count(*) FROM tools GROUP BY tool_name, success, error_kind;
INSERT INTO tool_duration_rollup (tool_name, duration_ms, n)
SELECT tool_name, duration_ms, count(*) FROM tools WHERE duration_ms IS NOT NULL GROUP BY tool_name, duration_ms;
INSERT INTO tool_failure_rollup (tool_name, quarter, n)
SELECT tool_name, created_at / 900000, count(*) FROM tools WHERE success = 0 GROUP BY tool_name, created_at / 900000;
INSERT INTO message_rollup (quarter, n)
SELECT created_at / 900000, count(*) FROM messages WHERE created_at IS NOT NULL GROUP BY created_at / 900000;
${toolCounters.map((c) => triggers('tools', c)).join('')}
INSERT INTO file_edit_rollup (file_path, session_id, n, last_edited)
SELECT file_path, session_id, count(*), max(created_at) FROM file_operations
WHERE operation_type IN ('edited', 'created') GROUP BY file_path, session_id;
${triggers('messages', messageCounter)}
${triggers('file_operations', editCounter)}
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

// The secondary indexes an import into an empty database drops and builds again at its end
// (schema/deferred-indexes.ts): each one's SQL kept here, in the transaction that drops it, so a run
// killed before the end leaves what the next open needs to build them again; pid is the importing
// process, whose own indexes another process leaves to it while it lives.
// Also dropped: indexes that no report, finding, page, digest, browse or prune statement reads any
// more (EXPLAIN QUERY PLAN of all of them over every parameter set on the bench's database), which
// each import still kept up.
const deferredIndexes = `
CREATE TABLE deferred_indexes (name TEXT PRIMARY KEY, sql TEXT NOT NULL, pid INTEGER NOT NULL);
DROP INDEX tools_file_path;
DROP INDEX file_operations_path;
DROP INDEX sessions_project;
`;

// usage_rollup's sums without the session (issue 15): per UTC hour (quarter / 4), model, agent, project
// (a subagent's is its parent's, as the reports' projectOf says) and whether the session is a
// subagent, so usage, daily-spend and projects read a row per hour and project rather than one per
// session and quarter, and never join sessions. The reports read it only where an hour never spans
// two of their groups (zones whose offsets are whole hours) and without --project (which matches a
// session's own name or path too); schema/rollups.ts keeps it by summing the usage_rollup rows of
// every hour a file touched again. Filled here from the messages (hour = created_at / 900000 / 4, as
// usage_rollup's quarter / 4).
const usageHourly = `
CREATE TABLE usage_hourly (
  -- usage_rollup.quarter / 4: created_at / 3600000, NULL for rows without a time
  hour INTEGER,
  model TEXT,
  source TEXT NOT NULL,
  project TEXT NOT NULL,
  subagent INTEGER NOT NULL,
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
-- cover the reads by time (grouped per hour and model, in index order) and per project (projects)
CREATE INDEX usage_hourly_time ON usage_hourly(hour, model, source, subagent, input_tokens, output_tokens,
  cache_write_tokens, cache_read_tokens, tokens, stored_cost, unpriced_rows, unpriced_input, unpriced_output,
  unpriced_cache_write, unpriced_cache_write_1h, unpriced_cache_read, project);
CREATE INDEX usage_hourly_project ON usage_hourly(project, model, source, subagent, input_tokens, output_tokens,
  cache_write_tokens, cache_read_tokens, tokens, stored_cost, unpriced_rows, unpriced_input, unpriced_output,
  unpriced_cache_write, unpriced_cache_write_1h, unpriced_cache_read, hour);
-- projects' session counts per project without reading the session rows: top-level sessions in
-- project order, subagents apart
CREATE INDEX sessions_projects ON sessions(parent_session_id, project_name, source, updated_at, tool_call_count,
  failure_count, edit_count);
-- the sessions active since a bound (activeInRange: updated_at >= :since), which projects picks
CREATE INDEX sessions_updated ON sessions(updated_at);
INSERT INTO usage_hourly (hour, model, source, project, subagent, input_tokens, output_tokens, cache_write_tokens,
  cache_read_tokens, tokens, stored_cost, unpriced_rows, unpriced_input, unpriced_output, unpriced_cache_write,
  unpriced_cache_write_1h, unpriced_cache_read)
SELECT m.created_at / 900000 / 4, m.model, s.source,
  coalesce((SELECT p.project_name FROM sessions p WHERE p.id = s.parent_session_id), s.project_name, '(unknown)'),
  s.parent_session_id IS NOT NULL, sum(m.prompt_tokens), sum(m.completion_tokens), sum(m.cache_write_tokens),
  sum(m.cache_read_tokens), sum(m.tokens), sum(m.cost), count(CASE WHEN m.cost IS NULL THEN 1 END),
  sum(CASE WHEN m.cost IS NULL THEN m.prompt_tokens END), sum(CASE WHEN m.cost IS NULL THEN m.completion_tokens END),
  sum(CASE WHEN m.cost IS NULL THEN m.cache_write_tokens END), sum(CASE WHEN m.cost IS NULL THEN m.cache_write_1h_tokens END),
  sum(CASE WHEN m.cost IS NULL THEN m.cache_read_tokens END)
FROM messages m JOIN sessions s ON s.id = m.session_id
WHERE m.tokens IS NOT NULL
GROUP BY 1, 2, 3, 4, 5;
`;

// The sessions report's order (most calls, then most tokens, then id), so its first page is the
// index's first rows instead of a sort of every session; the expression is the report's own.
const reportTail = `
CREATE INDEX sessions_busiest ON sessions(tool_call_count DESC,
  (prompt_tokens + completion_tokens + cache_read_tokens + cache_write_tokens) DESC, id);
`;

// usage_hourly's sums per UTC hour, model and agent only (issue 15): usage by day, week, month or model
// and daily-spend group them per local period in one grouping, unless --no-subagents or --project
// asks for usage_hourly's other keys. 22 k rows against usage_hourly's 50 k on the bench's database,
// about one per (hour, model) group that the reports' first grouping used to make. schema/rollups.ts
// sums its hours again from usage_hourly whenever it sums those.
const usageOrder = `
CREATE TABLE usage_hour_model (
  -- usage_hourly.hour: created_at / 3600000, NULL for rows without a time
  hour INTEGER,
  model TEXT,
  source TEXT NOT NULL,
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
-- covers the reads of a range of hours (--since) and the writer's clearing of an hour
CREATE INDEX usage_hour_model_time ON usage_hour_model(hour, model, source, input_tokens, output_tokens,
  cache_write_tokens, cache_read_tokens, tokens, stored_cost, unpriced_rows, unpriced_input, unpriced_output,
  unpriced_cache_write, unpriced_cache_write_1h, unpriced_cache_read);
INSERT INTO usage_hour_model (hour, model, source, input_tokens, output_tokens, cache_write_tokens,
  cache_read_tokens, tokens, stored_cost, unpriced_rows, unpriced_input, unpriced_output, unpriced_cache_write,
  unpriced_cache_write_1h, unpriced_cache_read)
SELECT hour, model, source, sum(input_tokens), sum(output_tokens), sum(cache_write_tokens), sum(cache_read_tokens),
  sum(tokens), sum(stored_cost), sum(unpriced_rows), sum(unpriced_input), sum(unpriced_output),
  sum(unpriced_cache_write), sum(unpriced_cache_write_1h), sum(unpriced_cache_read)
FROM usage_hourly
GROUP BY 1, 2, 3;
`;

// The search documents written by `agentlog search`, not by the import (issue 15): they were half of
// search's cost in a cold import and a fifth of its database. search_written holds, per table, the
// highest rowid whose row has its documents; a row above it has none yet (rowids grow with each
// insert; prune writes every document, then lowers the marks to the highest rowids left, so a freed
// rowid given again is never below a mark). Each file's
// transaction that inserts rows records the tables' highest rowids in search_batches, so that search
// writes the documents file by file in import order (search_docs.id is "most recently imported").
// A row below the mark whose text, role or time changes later (a tool result from a later file, an
// input rewritten, a message updated or redacted) is queued in search_stale; the 010 triggers still
// take a changed text out of the index when its document exists. Existing databases have every
// document written: the marks start at the tables' highest rowids.
const searchLater = (table: string, columns: string[]) => `
CREATE TRIGGER search_${table}_later AFTER UPDATE OF ${columns.join(', ')} ON ${table}
WHEN (${columns.map((c) => `old.${c} IS NOT new.${c}`).join(' OR ')})
  AND new.rowid <= (SELECT ${table} FROM search_written)
BEGIN
  -- not OR IGNORE: the upsert that fires the trigger would override it
  INSERT INTO search_stale (tbl, rid) SELECT '${table}', new.rowid
  WHERE NOT EXISTS (SELECT 1 FROM search_stale WHERE tbl = '${table}' AND rid = new.rowid);
END;`;
const searchDocsLater = `
CREATE TABLE search_written (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  messages INTEGER NOT NULL,
  tools INTEGER NOT NULL,
  session_errors INTEGER NOT NULL
);
INSERT INTO search_written (id, messages, tools, session_errors) VALUES (1,
  coalesce((SELECT max(rowid) FROM messages), 0), coalesce((SELECT max(rowid) FROM tools), 0),
  coalesce((SELECT max(rowid) FROM session_errors), 0));
CREATE TABLE search_batches (
  id INTEGER PRIMARY KEY,
  messages INTEGER NOT NULL,
  tools INTEGER NOT NULL,
  session_errors INTEGER NOT NULL
);
CREATE TABLE search_stale (tbl TEXT NOT NULL, rid INTEGER NOT NULL, PRIMARY KEY (tbl, rid)) WITHOUT ROWID;
${searchLater('messages', ['role', 'text_content', 'created_at'])}
${searchLater('tools', ['tool_input', 'tool_output', 'error_message', 'created_at', 'completed_at'])}
${searchLater('session_errors', ['error_message', 'created_at'])}
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
  { name: '010_search_lean', sql: searchLean },
  { name: '011_session_counts', sql: sessionCounts },
  { name: '012_tool_rollup', sql: toolRollup },
  { name: '013_findings_indexes', sql: findingsIndexes },
  { name: '014_deferred_indexes', sql: deferredIndexes },
  { name: '015_usage_hourly', sql: usageHourly },
  { name: '016_report_tail', sql: reportTail },
  { name: '017_usage_order', sql: usageOrder },
  { name: '018_search_docs_later', sql: searchDocsLater },
];
