// The team database on PostgreSQL: its own ordered, recorded schema steps (the SQLite tables plus `machine`).
import type pg from 'pg';

export interface PgMigration {
  name: string;
  sql: string;
}

// The SQLite tables' columns, with `machine` first on every row; keys are (machine, id), so pushes
// from two machines never touch each other's rows. INTEGER is bigint (milliseconds), REAL is double.
const initial = `
CREATE TABLE sessions (
  machine text NOT NULL,
  id text NOT NULL,
  source text NOT NULL,
  parent_session_id text,
  agent_type text,
  title text,
  title_rank bigint,
  project_path text,
  project_name text,
  git_branch text,
  model text,
  provider text,
  cli_version text,
  permission_mode text,
  status text,
  end_reason text,
  prompt_tokens bigint NOT NULL DEFAULT 0,
  completion_tokens bigint NOT NULL DEFAULT 0,
  cache_read_tokens bigint NOT NULL DEFAULT 0,
  cache_write_tokens bigint NOT NULL DEFAULT 0,
  cost double precision,
  message_count bigint NOT NULL DEFAULT 0,
  tool_call_count bigint NOT NULL DEFAULT 0,
  transcript_path text,
  created_at bigint,
  updated_at bigint,
  ended_at bigint,
  PRIMARY KEY (machine, id)
);
CREATE INDEX sessions_id ON sessions(id);
CREATE INDEX sessions_created_at ON sessions(created_at);
CREATE INDEX sessions_parent ON sessions(parent_session_id);
CREATE INDEX sessions_project ON sessions(project_name);

CREATE TABLE messages (
  machine text NOT NULL,
  id text NOT NULL,
  session_id text NOT NULL,
  source text NOT NULL,
  role text NOT NULL,
  model text,
  provider text,
  text_content text,
  part_ids text,
  prompt_tokens bigint,
  completion_tokens bigint,
  cache_read_tokens bigint,
  cache_write_tokens bigint,
  cache_write_1h_tokens bigint,
  tokens bigint,
  cost double precision,
  is_sidechain bigint NOT NULL DEFAULT 0,
  agent_id text,
  is_api_error bigint NOT NULL DEFAULT 0,
  request_id text,
  created_at bigint,
  completed_at bigint,
  reasoning_tokens bigint,
  PRIMARY KEY (machine, id)
);
CREATE INDEX messages_session ON messages(session_id);
CREATE INDEX messages_created_at ON messages(created_at);

CREATE TABLE tools (
  machine text NOT NULL,
  id text NOT NULL,
  source text NOT NULL,
  call_id text NOT NULL,
  session_id text NOT NULL,
  message_id text,
  tool_name text NOT NULL,
  category text NOT NULL,
  tool_input text,
  tool_output text,
  file_path text,
  file_operation text,
  success bigint,
  error_message text,
  error_kind text,
  duration_ms bigint,
  created_at bigint,
  completed_at bigint,
  exit_code bigint,
  output_size bigint,
  PRIMARY KEY (machine, id)
);
CREATE INDEX tools_session ON tools(session_id, success, created_at);
CREATE INDEX tools_file_path ON tools(file_path);
CREATE INDEX tools_created_at ON tools(created_at);
CREATE INDEX tools_by_name ON tools(tool_name, success, error_kind, duration_ms, created_at, session_id);

CREATE TABLE file_operations (
  machine text NOT NULL,
  id text NOT NULL,
  source text NOT NULL,
  session_id text NOT NULL,
  file_path text NOT NULL,
  operation_type text NOT NULL,
  tool_id text,
  created_at bigint,
  PRIMARY KEY (machine, id)
);
CREATE INDEX file_operations_session ON file_operations(session_id);
CREATE INDEX file_operations_created_at ON file_operations(created_at);
CREATE INDEX file_operations_edits ON file_operations(operation_type, file_path, session_id, created_at);

CREATE TABLE session_errors (
  machine text NOT NULL,
  id text NOT NULL,
  source text NOT NULL,
  session_id text NOT NULL,
  error_type text NOT NULL,
  error_message text,
  status_code bigint,
  retry_count bigint,
  created_at bigint,
  PRIMARY KEY (machine, id)
);
CREATE INDEX session_errors_session ON session_errors(session_id);
CREATE INDEX session_errors_created_at ON session_errors(created_at);

CREATE TABLE compaction_events (
  machine text NOT NULL,
  id text NOT NULL,
  source text NOT NULL,
  session_id text NOT NULL,
  kind text NOT NULL,
  trigger text,
  tokens_before bigint,
  tokens_after bigint,
  messages_before bigint,
  messages_after bigint,
  created_at bigint,
  PRIMARY KEY (machine, id)
);
CREATE INDEX compaction_events_session ON compaction_events(session_id);
CREATE INDEX compaction_events_created_at ON compaction_events(created_at);

-- Where each local database's pushes got to: rows stamped with an epoch >= cursor are still to send.
CREATE TABLE push_cursors (
  machine text NOT NULL,
  db_id text NOT NULL,
  cursor bigint NOT NULL,
  pushed_at bigint NOT NULL,
  PRIMARY KEY (machine, db_id)
);
`;

// The SQLite step of the same name: hook failures and turn durations.
const hookEvents = `
CREATE TABLE hook_events (
  machine text NOT NULL,
  id text NOT NULL,
  source text NOT NULL,
  session_id text NOT NULL,
  event text,
  hook_name text,
  outcome text NOT NULL,
  command text,
  error_message text,
  exit_code bigint,
  duration_ms bigint,
  call_id text,
  created_at bigint,
  PRIMARY KEY (machine, id)
);
CREATE INDEX hook_events_session ON hook_events(session_id);
CREATE INDEX hook_events_created_at ON hook_events(created_at);

CREATE TABLE turns (
  machine text NOT NULL,
  id text NOT NULL,
  source text NOT NULL,
  session_id text NOT NULL,
  duration_ms bigint NOT NULL,
  message_count bigint,
  created_at bigint,
  PRIMARY KEY (machine, id)
);
CREATE INDEX turns_session ON turns(session_id, created_at);
CREATE INDEX turns_created_at ON turns(created_at);
`;

// The local 009_permission_events (permission prompts and their answers), named the same so the two
// schemas' steps are easy to pair.
const permissionEvents = `
CREATE TABLE permission_events (
  machine text NOT NULL,
  id text NOT NULL,
  source text NOT NULL,
  session_id text NOT NULL,
  tool_name text,
  subject text,
  call_id text,
  asked_at bigint,
  decision text,
  decided_at bigint,
  PRIMARY KEY (machine, id)
);
CREATE INDEX permission_events_session ON permission_events(session_id, asked_at);
`;

// The local 011_session_counts: failed calls and edits per session, counted for the rows already pushed.
const sessionCounts = `
ALTER TABLE sessions ADD COLUMN failure_count bigint NOT NULL DEFAULT 0,
  ADD COLUMN edit_count bigint NOT NULL DEFAULT 0;
UPDATE sessions s SET
  failure_count = (SELECT count(*) FROM tools t WHERE t.machine = s.machine AND t.session_id = s.id AND t.success = 0),
  edit_count = (SELECT count(*) FROM file_operations o WHERE o.machine = s.machine AND o.session_id = s.id
    AND o.operation_type IN ('edited', 'created'));
`;

/** Append new steps at the end; never edit a step that has shipped. */
export const pgMigrations: readonly PgMigration[] = [
  { name: '001_initial', sql: initial },
  { name: '008_hook_events', sql: hookEvents },
  { name: '009_permission_events', sql: permissionEvents },
  { name: '011_session_counts', sql: sessionCounts },
];

const RECORD_TABLE = `CREATE TABLE IF NOT EXISTS agentlog_migrations (name text PRIMARY KEY, applied_at bigint NOT NULL);`;

export class PgSchemaError extends Error {}

/** The whole schema as one script, for an administrator to run with psql when members may not create tables. */
export function printableSchema(steps: readonly PgMigration[] = pgMigrations): string {
  const parts = ['-- agentlog team database (run once, as a role that may create tables)', 'BEGIN;', RECORD_TABLE];
  for (const s of steps) {
    parts.push(`-- step ${s.name}`, s.sql.trim());
    parts.push(
      `INSERT INTO agentlog_migrations (name, applied_at) VALUES ('${s.name}', ${Date.now()}) ON CONFLICT DO NOTHING;`,
    );
  }
  parts.push('COMMIT;', '');
  return parts.join('\n');
}

async function appliedNames(client: pg.ClientBase): Promise<Set<string> | null> {
  const exists = await client.query("SELECT to_regclass('agentlog_migrations') IS NOT NULL AS ok");
  if (!exists.rows[0].ok) return null;
  const res = await client.query('SELECT name FROM agentlog_migrations');
  return new Set(res.rows.map((r: { name: string }) => r.name));
}

/**
 * Applies the pending steps, each in one transaction with its record, under an advisory lock so two
 * members' first pushes do not race. Nothing pending: no DDL at all, so a member without the right
 * to create tables can push into a schema an administrator created.
 */
export async function migratePg(
  client: pg.ClientBase,
  steps: readonly PgMigration[] = pgMigrations,
): Promise<string[]> {
  const known = new Set(steps.map((s) => s.name));
  let applied = await appliedNames(client);
  const unknown = [...(applied ?? [])].filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new PgSchemaError(
      `the team database was set up by a newer agentlog (schema step ${unknown.join(', ')}); upgrade agentlog`,
    );
  }
  if (applied && steps.every((s) => applied!.has(s.name))) return [];
  const ran: string[] = [];
  try {
    await client.query('BEGIN');
    await client.query("SELECT pg_advisory_xact_lock(hashtext('agentlog migrations'))");
    await client.query(RECORD_TABLE);
    await client.query('COMMIT');
    applied = (await appliedNames(client)) ?? new Set();
    for (const step of steps) {
      if (applied.has(step.name)) continue;
      await client.query('BEGIN');
      await client.query("SELECT pg_advisory_xact_lock(hashtext('agentlog migrations'))");
      const again = await client.query('SELECT 1 FROM agentlog_migrations WHERE name = $1', [step.name]);
      if (again.rowCount === 0) {
        await client.query(step.sql);
        await client.query('INSERT INTO agentlog_migrations (name, applied_at) VALUES ($1, $2)', [
          step.name,
          Date.now(),
        ]);
        ran.push(step.name);
      }
      await client.query('COMMIT');
    }
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    const code = (err as { code?: string }).code;
    if (code === '42501') {
      throw new PgSchemaError(
        'this role may not create the team tables; ask an administrator to run `agentlog push --print-schema | psql URL` once',
      );
    }
    throw err;
  }
  return ran;
}
