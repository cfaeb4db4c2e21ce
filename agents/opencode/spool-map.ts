// The OpenCode plugin's spool lines as records: one live event per line (agentlog-plugin.ts writes them).
import type { AnyRecord, SessionRecord } from '../../schema/records.js';
import type { Mapped } from '../contract.js';
import { asCount, asObject, asString, type Json } from '../json-values.js';
import { opencodeSubject } from '../permission-subject.js';
import { messageRecords, sessionError, sessionFromInfo, toolPartRecords } from './map.js';

/** The session a record hangs off, created bare if the spool never saw it start (a plugin installed mid-session). */
const stub = (id: string): SessionRecord => ({ kind: 'session', id, source: 'opencode' });
const status = (id: string, value: string, at?: number): SessionRecord => ({
  kind: 'session',
  id,
  source: 'opencode',
  status: value,
  patch_only: true,
  // OpenCode never says a session ended: it goes idle when a run is done. ended_at is when it last
  // went idle (the writer only moves it forward, so a resumed session that goes idle again moves it).
  ...((value === 'deleted' || value === 'idle') && at !== undefined ? { ended_at: at } : {}),
});

/** One spool line (`{v, t, id, type, properties, agentlog?}`) to records. */
export function mapSpoolLine(line: Json): Mapped {
  const type = asString(line.type);
  const p = asObject(line.properties);
  if (!type || !p) return { invalid: 'spool line has no event type or properties' };
  const at = typeof line.t === 'number' ? Math.trunc(line.t) : undefined;
  const sid = asString(p.sessionID);
  switch (type) {
    case 'session.created':
    case 'session.updated':
    case 'session.deleted': {
      const info = asObject(p.info);
      const s = info && sessionFromInfo(info);
      if (!s) return { invalid: `${type} without a session` };
      return type === 'session.deleted' ? [s, status(s.id, 'deleted', at)] : [s];
    }
    case 'session.status': {
      const value = asString(asObject(p.status)?.type);
      return sid && value ? [status(sid, value, at)] : [];
    }
    case 'session.idle':
      return sid ? [status(sid, 'idle', at)] : [];
    case 'session.error': {
      const error = asObject(p.error);
      return sid && error ? [stub(sid), sessionError(sid, error, at)] : [];
    }
    case 'session.compacted':
      // The compaction row comes from the summary message (message.updated), which carries the id
      // OpenCode's database gives it too; this event only says that it happened.
      return [];
    case 'message.updated': {
      const info = asObject(p.info);
      const records = info ? messageRecords(info, sid) : [];
      const owner = records[0] && 'session_id' in records[0] ? records[0].session_id : undefined;
      return owner ? [stub(owner), ...records] : records;
    }
    case 'message.part.updated': {
      const part = asObject(p.part);
      const records = part ? toolPartRecords(part) : [];
      const owner = asString(part?.sessionID);
      return owner && records.length ? [stub(owner), ...records] : records;
    }
    case 'file.edited': {
      const file = asString(p.file);
      const by = asObject(line.agentlog);
      const owner = asString(by?.sessionID);
      const callId = asString(by?.callID);
      if (!file) return { invalid: 'file.edited without a file' };
      // The edit is the running call's: the row takes the call's id, so it and the operation the
      // call's own result gives are one row. Without a running call (OpenCode 1.1 sends file.edited
      // before the tool part starts) the tool part alone records it, as counting both would double it.
      if (!owner || !callId) return [];
      const toolId = `${owner}-${callId}`;
      const op: AnyRecord = {
        kind: 'file_operation',
        id: toolId,
        session_id: owner,
        source: 'opencode',
        file_path: file,
        operation_type: 'edited',
        tool_id: toolId,
        ...(at !== undefined ? { created_at: at } : {}),
      };
      return [stub(owner), op];
    }
    case 'permission.asked':
    case 'permission.updated': {
      // permission.updated is 1.x's ask: `type` and `pattern` where 1.18 has `permission` and `always`.
      const id = asString(p.id);
      if (!sid || !id) return { invalid: `${type} without a session or an id` };
      const ask: AnyRecord = { kind: 'permission_event', id, session_id: sid, source: 'opencode' };
      const tool = asString(p.permission) ?? asString(p.type);
      const subject = opencodeSubject(p.always, p.patterns ?? (p.pattern === undefined ? [] : [p.pattern].flat()));
      const callId = asString(asObject(p.tool)?.callID) ?? asString(p.callID);
      const askedAt = asCount(asObject(p.time)?.created) ?? at;
      if (tool) ask.tool_name = tool;
      if (subject) ask.subject = subject;
      if (callId) ask.call_id = callId;
      if (askedAt !== undefined) ask.asked_at = askedAt;
      return [stub(sid), ask];
    }
    case 'permission.replied': {
      // 1.18: `requestID` and `reply`; 1.x: `permissionID` and `response`. "once" and "always" allow, "reject" denies.
      const id = asString(p.requestID) ?? asString(p.permissionID);
      const reply = asString(p.reply) ?? asString(p.response);
      if (!sid || !id || !reply) return { invalid: 'permission.replied without a session, a request or a reply' };
      if (reply !== 'once' && reply !== 'always' && reply !== 'reject')
        return { invalid: `permission.replied with an unknown reply ${JSON.stringify(reply)}` };
      const answer: AnyRecord = {
        kind: 'permission_event',
        id,
        session_id: sid,
        source: 'opencode',
        decision: reply === 'reject' ? 'denied' : 'approved',
      };
      if (at !== undefined) answer.decided_at = at;
      return [stub(sid), answer];
    }
    default:
      // Anything newer is kept in the spool but has no table (yet).
      return [];
  }
}
