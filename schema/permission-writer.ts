// Stores permission prompts: an ask and its answer may come in either order, from different imports, as one row.
import type { Db } from './open-db.js';
import type { PermissionEventRecord } from './records.js';

// The ask's facts are written once (the first non-null wins, as created_at elsewhere); the answer
// takes the newer non-null value. A replayed spool line therefore changes nothing.
const UPSERT_PERMISSION_EVENT = `
INSERT INTO permission_events (id, source, session_id, tool_name, subject, call_id, asked_at, decision, decided_at)
VALUES (@id, @source, @session_id, @tool_name, @subject, @call_id, @asked_at, @decision, @decided_at)
ON CONFLICT(id) DO UPDATE SET
  tool_name = coalesce(permission_events.tool_name, excluded.tool_name),
  subject = coalesce(permission_events.subject, excluded.subject),
  call_id = coalesce(permission_events.call_id, excluded.call_id),
  asked_at = coalesce(permission_events.asked_at, excluded.asked_at),
  decision = coalesce(excluded.decision, permission_events.decision),
  decided_at = coalesce(excluded.decided_at, permission_events.decided_at)`;

const statements = new WeakMap<Db, ReturnType<Db['prepare']>>();

export function writePermissionEvent(db: Db, r: PermissionEventRecord): void {
  let stmt = statements.get(db);
  if (!stmt) statements.set(db, (stmt = db.prepare(UPSERT_PERMISSION_EVENT)));
  stmt.run({
    id: r.id,
    source: r.source,
    session_id: r.session_id,
    tool_name: r.tool_name ?? null,
    subject: r.subject ?? null,
    call_id: r.call_id ?? null,
    asked_at: r.asked_at ?? null,
    decision: r.decision ?? null,
    decided_at: r.decided_at ?? null,
  });
}
