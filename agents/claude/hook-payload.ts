// The payload of a Claude Code hook agentlog handles (SessionStart, SessionEnd, PermissionRequest), and
// the rows it gives. Pure: used by the hook itself and by the importer of the calls the hook handed over.
import { asString } from '../json-values.js';
import { claudeToolSubject } from '../permission-subject.js';
import { projectName } from '../project-name.js';
import type { PermissionEventRecord, SessionRecord } from '../../schema/records.js';

export const HANDLED_EVENTS = ['SessionStart', 'SessionEnd', 'PermissionRequest'] as const;

export interface HookPayload {
  hook_event_name: (typeof HANDLED_EVENTS)[number];
  session_id: string;
  transcript_path?: string;
  cwd?: string;
  permission_mode?: string;
  model?: string;
  source?: string;
  reason?: string;
  session_title?: string;
  /** PermissionRequest: the tool the user is asked to allow, and its input. */
  tool_name?: string;
  tool_input?: unknown;
  tool_use_id?: string;
}

export class HookInputError extends Error {}

/** The payload, checked by hand: loading zod would cost a hook more than its whole budget. */
export function parsePayload(stdin: string): HookPayload {
  let raw: unknown;
  try {
    raw = JSON.parse(stdin);
  } catch (err) {
    throw new HookInputError(`stdin is not JSON (${(err as Error).message}): ${JSON.stringify(stdin.slice(0, 80))}`);
  }
  return payloadOf(raw);
}

export function payloadOf(raw: unknown): HookPayload {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new HookInputError('stdin is not a JSON object');
  const o = raw as Record<string, unknown>;
  const event = HANDLED_EVENTS.find((e) => e === o.hook_event_name);
  if (!event) {
    throw new HookInputError(
      `unexpected hook event ${JSON.stringify(o.hook_event_name)}: agentlog handles ${HANDLED_EVENTS.join(', ')}`,
    );
  }
  const session_id = asString(o.session_id);
  if (!session_id) throw new HookInputError(`${event} payload has no session_id`);
  const tool_name = asString(o.tool_name);
  if (event === 'PermissionRequest' && !tool_name) throw new HookInputError(`${event} payload has no tool_name`);
  return {
    hook_event_name: event,
    session_id,
    transcript_path: asString(o.transcript_path),
    cwd: asString(o.cwd),
    permission_mode: asString(o.permission_mode),
    model: asString(o.model),
    source: asString(o.source),
    reason: asString(o.reason),
    session_title: asString(o.session_title),
    tool_name,
    tool_input: o.tool_input,
    tool_use_id: asString(o.tool_use_id),
  };
}

/** The session row a hook call gives: started (active) or ended, never anything it does not know. */
export function sessionRecord(p: HookPayload, now: number): SessionRecord {
  const s: SessionRecord = { kind: 'session', id: p.session_id, source: 'claude-code' };
  if (p.cwd) {
    s.project_path = p.cwd;
    s.project_name = projectName(p.cwd);
  }
  if (p.transcript_path) s.transcript_path = p.transcript_path;
  if (p.permission_mode) s.permission_mode = p.permission_mode;
  if (p.model) s.model = p.model;
  if (p.session_title) {
    s.title = p.session_title;
    s.title_rank = 3;
  }
  if (p.hook_event_name === 'SessionStart') {
    s.created_at = now;
    s.updated_at = now;
    s.status = 'active';
  } else if (p.hook_event_name === 'PermissionRequest') {
    s.updated_at = now;
  } else {
    s.updated_at = now;
    s.ended_at = now;
    s.status = 'ended';
    if (p.reason) s.end_reason = p.reason;
  }
  return s;
}

/**
 * The prompt a PermissionRequest announces. Claude Code tells a hook nothing of the answer: the
 * permission-prompts finding reads it from the call's result (a rejection or not) once imported.
 * The id is the session, the time and the tool, so the same call handed over and replayed is one row.
 */
export function permissionRecord(p: HookPayload, now: number): PermissionEventRecord {
  const tool = p.tool_name ?? 'unknown';
  const r: PermissionEventRecord = {
    kind: 'permission_event',
    id: `${p.session_id}-${now}-${p.tool_use_id ?? tool}`,
    session_id: p.session_id,
    source: 'claude-code',
    tool_name: tool,
    asked_at: now,
  };
  const subject = claudeToolSubject(tool, p.tool_input);
  if (subject) r.subject = subject;
  if (p.tool_use_id) r.call_id = p.tool_use_id;
  return r;
}

/** Every row one hook call gives. */
export function hookRecords(p: HookPayload, now: number): (SessionRecord | PermissionEventRecord)[] {
  const session = sessionRecord(p, now);
  return p.hook_event_name === 'PermissionRequest' ? [session, permissionRecord(p, now)] : [session];
}
