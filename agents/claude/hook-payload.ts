// The payload of a Claude Code SessionStart or SessionEnd hook, and the session row it gives. Pure:
// used by the hook itself and by the importer of the calls the hook handed over.
import { asString } from '../json-values.js';
import { projectName } from '../project-name.js';
import type { SessionRecord } from '../../schema/records.js';

export interface HookPayload {
  hook_event_name: 'SessionStart' | 'SessionEnd';
  session_id: string;
  transcript_path?: string;
  cwd?: string;
  permission_mode?: string;
  model?: string;
  source?: string;
  reason?: string;
  session_title?: string;
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
  const event = asString(o.hook_event_name);
  if (event !== 'SessionStart' && event !== 'SessionEnd') {
    throw new HookInputError(
      `unexpected hook event ${JSON.stringify(o.hook_event_name)}: agentlog handles SessionStart and SessionEnd`,
    );
  }
  const session_id = asString(o.session_id);
  if (!session_id) throw new HookInputError(`${event} payload has no session_id`);
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
  } else {
    s.updated_at = now;
    s.ended_at = now;
    s.status = 'ended';
    if (p.reason) s.end_reason = p.reason;
  }
  return s;
}
