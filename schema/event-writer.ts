// Writes hook failures and turn durations, under the writer's rules (created_at once, null never wins).
import type { Statement } from 'better-sqlite3';
import type { Db } from './open-db.js';
import type { HookEventRecord, TurnRecord } from './records.js';
import { insertOnly } from './writer-sql.js';

const UPSERT_HOOK_EVENT = `
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

const UPSERT_TURN = `
INSERT INTO turns (id, source, session_id, duration_ms, message_count, created_at)
VALUES (@id, @source, @session_id, @duration_ms, @message_count, @created_at)
ON CONFLICT(id) DO UPDATE SET
  duration_ms = excluded.duration_ms,
  message_count = coalesce(excluded.message_count, turns.message_count),
  created_at = coalesce(turns.created_at, excluded.created_at)`;

const HOOK_COLUMNS = [
  'event',
  'hook_name',
  'command',
  'error_message',
  'exit_code',
  'duration_ms',
  'call_id',
  'created_at',
] as const;

/** The record's values by column name, every optional column present (null when absent). */
function params(r: object, columns: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...r };
  for (const c of columns) out[c] ??= null;
  return out;
}

// Prepared once per database connection: the Writer hands over its connection, not its statements.
interface Statements {
  newHook: Statement;
  hook: Statement;
  newTurn: Statement;
  turn: Statement;
}
const prepared = new WeakMap<Db, Statements>();

function statements(db: Db): Statements {
  let s = prepared.get(db);
  if (!s) {
    s = {
      newHook: db.prepare(insertOnly(UPSERT_HOOK_EVENT)),
      hook: db.prepare(UPSERT_HOOK_EVENT),
      newTurn: db.prepare(insertOnly(UPSERT_TURN)),
      turn: db.prepare(UPSERT_TURN),
    };
    prepared.set(db, s);
  }
  return s;
}

/** Writes a hook failure; true when its row is new (the import summary counts new rows). */
export function writeHookEvent(db: Db, r: HookEventRecord): boolean {
  const s = statements(db);
  const p = params(r, HOOK_COLUMNS);
  if (s.newHook.run(p).changes > 0) return true;
  s.hook.run(p);
  return false;
}

/** Writes a turn's duration; true when its row is new. */
export function writeTurn(db: Db, r: TurnRecord): boolean {
  const s = statements(db);
  const p = params(r, ['message_count', 'created_at']);
  if (s.newTurn.run(p).changes > 0) return true;
  s.turn.run(p);
  return false;
}
