// Maps OpenCode's own objects (Session.Info, Message, tool Part) to records; shared by every OpenCode reader.
import crypto from 'node:crypto';
import type {
  AnyRecord,
  CompactionRecord,
  MessageRecord,
  SessionErrorRecord,
  SessionRecord,
  ToolCallRecord,
  ToolResultRecord,
} from '../../schema/records.js';
import { TitleRank } from '../../schema/title-rank.js';
import { errorKind } from '../../schema/error-kind.js';
import { ERROR_MESSAGE_MAX_BYTES, roughCut, roughJson, TOOL_OUTPUT_MAX_BYTES } from '../text-limits.js';
import { asAmount, asCount, asObject, asString, type Json } from '../json-values.js';
import { projectName } from '../project-name.js';
import { opencodeToolCategory, opencodeToolFile } from './tool-kinds.js';

const SOURCE = 'opencode' as const;

// OpenCode names new sessions "New session - <ISO>" (and children "Child session - <ISO>") until a title is generated.
const PLACEHOLDER_TITLE = /^(New|Child) session - \d{4}-\d{2}-\d{2}T/;

/** A Session.Info object (events, the session table's columns, legacy session JSON). */
export function sessionFromInfo(info: Json): SessionRecord | undefined {
  const id = asString(info.id);
  if (!id) return undefined;
  const s: SessionRecord = { kind: 'session', id, source: SOURCE };
  const parent = asString(info.parentID);
  if (parent) s.parent_session_id = parent;
  const title = asString(info.title);
  if (title) {
    s.title = title;
    s.title_rank = PLACEHOLDER_TITLE.test(title) ? TitleRank.firstPrompt : TitleRank.aiTitle;
  }
  const dir = asString(info.directory);
  if (dir) {
    s.project_path = dir;
    s.project_name = projectName(dir);
  }
  const version = asString(info.version);
  if (version) s.cli_version = version;
  const model = asObject(info.model);
  if (asString(model?.id)) s.model = asString(model?.id);
  if (asString(model?.providerID)) s.provider = asString(model?.providerID);
  if (parent && asString(info.agent)) s.agent_type = asString(info.agent);
  const time = asObject(info.time);
  const created = asCount(time?.created);
  const updated = asCount(time?.updated);
  if (created !== undefined) s.created_at = created;
  if (updated !== undefined) s.updated_at = updated;
  return s;
}

/** A short stable hash, for ids built from content. */
const digest = (s: string) => crypto.createHash('sha1').update(s).digest('hex').slice(0, 12);

/**
 * An error OpenCode reported, as a session error row. OpenCode reports one failure twice (a
 * `session.error` event and the failed message's `error`), so the id is built from what both
 * carry: the session and the error itself. Identical errors in one session are one row.
 */
export function sessionError(sessionId: string, error: Json, at: number | undefined): SessionErrorRecord {
  const data = asObject(error.data) ?? {};
  const name = asString(error.name) ?? 'UnknownError';
  const message = asString(data.message);
  const status = asCount(data.statusCode);
  const r: SessionErrorRecord = {
    kind: 'session_error',
    id: `${sessionId}:error:${digest(`${name}|${status ?? ''}|${message ?? ''}`)}`,
    session_id: sessionId,
    source: SOURCE,
    error_type: name,
  };
  if (message) r.error_message = roughCut(message, ERROR_MESSAGE_MAX_BYTES);
  if (status !== undefined) r.status_code = status;
  if (at !== undefined) r.created_at = at;
  return r;
}

/** A Message (user or assistant) in its final state: the message row, and its error if it failed. */
export function messageRecords(info: Json, sessionIdHint?: string): AnyRecord[] {
  const id = asString(info.id);
  const sessionId = asString(info.sessionID) ?? sessionIdHint;
  const role = asString(info.role);
  if (!id || !sessionId || (role !== 'user' && role !== 'assistant')) return [];
  const time = asObject(info.time);
  const m: MessageRecord = { kind: 'message', id, session_id: sessionId, source: SOURCE, role, is_sidechain: false };
  const userModel = asObject(info.model);
  const model = asString(info.modelID) ?? asString(userModel?.modelID);
  const provider = asString(info.providerID) ?? asString(userModel?.providerID);
  if (model) m.model = model;
  if (provider) m.provider = provider;
  const created = asCount(time?.created);
  const completed = asCount(time?.completed);
  if (created !== undefined) m.created_at = created;
  if (completed !== undefined) m.completed_at = completed;
  const tokens = asObject(info.tokens);
  if (role === 'assistant' && tokens) {
    const cache = asObject(tokens.cache);
    // OpenCode's input excludes cache reads and writes, as agentlog's prompt_tokens does; reasoning is billed as output.
    m.prompt_tokens = asCount(tokens.input) ?? 0;
    m.completion_tokens = (asCount(tokens.output) ?? 0) + (asCount(tokens.reasoning) ?? 0);
    m.cache_read_tokens = asCount(cache?.read) ?? 0;
    m.cache_write_tokens = asCount(cache?.write) ?? 0;
  }
  const cost = asAmount(info.cost);
  if (role === 'assistant' && cost !== undefined) m.cost = cost;
  const out: AnyRecord[] = [m];
  if (role === 'assistant' && info.summary === true) {
    const c = compactionFromSummary(info, sessionId);
    if (c) out.push(c);
  }
  const error = asObject(info.error);
  if (error) {
    m.is_api_error = true;
    out.push(sessionError(sessionId, error, completed ?? created));
  }
  return out;
}

/** A tool Part that finished (state completed or error): the call and its result. */
export function toolPartRecords(part: Json): AnyRecord[] {
  const state = asObject(part.state);
  const status = asString(state?.status);
  const callId = asString(part.callID);
  const sessionId = asString(part.sessionID);
  const name = asString(part.tool) ?? 'unknown';
  if (!state || !callId || !sessionId || (status !== 'completed' && status !== 'error')) return [];
  const time = asObject(state.time);
  const input = state.input;
  const call: ToolCallRecord = {
    kind: 'tool_call',
    id: `${sessionId}-${callId}`,
    call_id: callId,
    session_id: sessionId,
    source: SOURCE,
    tool_name: name,
    category: opencodeToolCategory(name),
    ...opencodeToolFile(name, input),
  };
  const messageId = asString(part.messageID);
  if (messageId) call.message_id = messageId;
  const json = roughJson(input);
  if (json !== undefined) call.tool_input = json;
  const start = asCount(time?.start);
  const end = asCount(time?.end);
  if (start !== undefined) call.created_at = start;
  const failed = status === 'error';
  const result: ToolResultRecord = { kind: 'tool_result', call_id: callId, source: SOURCE, success: !failed };
  const text = failed ? asString(state.error) : asString(state.output);
  if (text) {
    result.tool_output = roughCut(text, TOOL_OUTPUT_MAX_BYTES);
    result.output_size = text.length;
  }
  if (failed) {
    result.error_message = roughCut(text ?? 'error', ERROR_MESSAGE_MAX_BYTES);
    result.error_kind = errorKind(text ?? 'error') ?? undefined;
  }
  if (end !== undefined) result.completed_at = end;
  if (!failed && name === 'write' && asObject(state.metadata)?.exists === false) result.file_operation = 'created';
  return [call, result];
}

/**
 * One compaction, seen twice: the `compaction` part in the user message that asked for it, and the
 * summary message the compaction agent answered it with (`summary: true`, `parentID` = that user
 * message). Both give the id of the user message, so the two merge into one row.
 */
const compactionId = (sessionId: string, userMessageId: string) => `${sessionId}:compaction:${userMessageId}`;

function compactionFromSummary(info: Json, sessionId: string): CompactionRecord | undefined {
  const parent = asString(info.parentID);
  if (!parent) return undefined;
  const tokens = asObject(info.tokens);
  const cache = asObject(tokens?.cache);
  const c: CompactionRecord = {
    kind: 'compaction',
    id: compactionId(sessionId, parent),
    session_id: sessionId,
    source: SOURCE,
    compaction_kind: 'compact',
  };
  if (tokens) {
    // What the summarizer read is the context that was compacted; what it wrote replaces it.
    c.tokens_before = (asCount(tokens.input) ?? 0) + (asCount(cache?.read) ?? 0) + (asCount(cache?.write) ?? 0);
    c.tokens_after = asCount(tokens.output) ?? 0;
  }
  const created = asCount(asObject(info.time)?.created);
  if (created !== undefined) c.created_at = created;
  return c;
}

/** Parts other than tool calls that agentlog keeps: text (joined into its message) and compaction markers. */
export function partRecords(part: Json, role: 'user' | 'assistant'): AnyRecord[] {
  const type = asString(part.type);
  const sessionId = asString(part.sessionID);
  const messageId = asString(part.messageID);
  const id = asString(part.id);
  if (!sessionId || !messageId || !id) return [];
  if (type === 'tool') return toolPartRecords(part);
  if (type === 'text' && asString(part.text) && part.synthetic !== true) {
    return [
      {
        kind: 'message',
        id: messageId,
        session_id: sessionId,
        source: SOURCE,
        role,
        is_sidechain: false,
        text: asString(part.text),
        part_id: id,
      },
    ];
  }
  if (type === 'compaction') {
    const c: CompactionRecord = {
      kind: 'compaction',
      id: compactionId(sessionId, messageId),
      session_id: sessionId,
      source: SOURCE,
      compaction_kind: 'compact',
      trigger: part.auto === true ? 'auto' : 'manual',
    };
    return [c];
  }
  return [];
}
