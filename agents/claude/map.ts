// Maps one Claude Code transcript entry to normalized records; pure apart from the per-file context.
import path from 'node:path';
import type {
  AnyRecord,
  HookEventRecord,
  MessageRecord,
  SessionErrorRecord,
  SessionRecord,
  ToolCallRecord,
  ToolResultRecord,
} from '../../schema/records.js';
import { TitleRank } from '../../schema/title-rank.js';
import { errorKind, looksLikeUserFeedback, REJECTED_BY_USER } from '../../schema/error-kind.js';
import { ERROR_MESSAGE_MAX_BYTES, roughCut, roughJson, TOOL_OUTPUT_MAX_BYTES } from '../text-limits.js';
import { isRealPrompt, titleOf } from './prompt-text.js';
import { type Block, type Entry, readBlock } from './schema.js';
import { claudeToolFile, toolCategory } from './tool-kinds.js';
import { asCount, asObject, asString, ownValue } from '../json-values.js';
import { projectName } from '../project-name.js';

const SOURCE = 'claude-code' as const;

/** What one file's entries share while it is read. Built fresh for every read of a file. */
export interface ClaudeContext {
  file: string;
  /** The file name without `.jsonl`: the session id of a main transcript. */
  fileStem: string;
  /** Set for `agent-<id>.jsonl` files (flat 2.0.x layout and nested `subagents/` layout). */
  fileAgentId?: string;
  /** The agent type from a `agent-<id>.meta.json` sidecar, when there is one. */
  metaAgentType?: string;
  /** Inline (1.0.x) sidechain lines: uuid -> uuid of the first line of their chain. */
  sidechainRoots: Map<string, string>;
  lastSidechainRoot?: string;
  /** api_error lines and the failed request (error row id) each belongs to. */
  apiErrors: Map<string, string>;
  /** Task/Agent tool_use id -> the subagent_type it asked for. */
  taskTypes: Map<string, string>;
  /** Per session: what its last written touch said, and the newest time seen since. */
  touches: Map<string, { key: string; written: number | undefined; latest: number | undefined }>;
}

export function newContext(file: string, metaAgentType?: string): ClaudeContext {
  const stem = path.basename(file).replace(/\.jsonl$/i, '');
  const agent = /^agent-(.+)$/.exec(stem);
  return {
    file,
    fileStem: stem,
    fileAgentId: agent?.[1],
    metaAgentType,
    sidechainRoots: new Map(),
    apiErrors: new Map(),
    taskTypes: new Map(),
    touches: new Map(),
  };
}

/**
 * Most lines repeat what the session already knows and only move its last-activity time. Such
 * touches are held back and one is written at the end of the read (`finishContext`): a session
 * upsert per session and change, not per line.
 */
function keepTouch(s: SessionRecord, ctx: ClaudeContext): boolean {
  const updated_at = s.updated_at;
  const key = `${s.project_path}|${s.git_branch}|${s.cli_version}|${s.permission_mode}|${s.title}|${s.parent_session_id}|${s.agent_type}`;
  const seen = ctx.touches.get(s.id);
  if (!seen || seen.key !== key) {
    ctx.touches.set(s.id, { key, written: updated_at, latest: updated_at });
    return true;
  }
  if (updated_at !== undefined && (seen.latest === undefined || updated_at > seen.latest)) seen.latest = updated_at;
  return false;
}

/** The held-back last-activity times, one session record each. */
export function finishContext(ctx: ClaudeContext): SessionRecord[] {
  const out: SessionRecord[] = [];
  for (const [id, t] of ctx.touches) {
    if (t.latest !== undefined && t.latest !== t.written)
      out.push({ kind: 'session', id, source: SOURCE, updated_at: t.latest });
  }
  ctx.touches.clear();
  return out;
}

export function parseTime(ts: string | undefined): number | undefined {
  if (!ts) return undefined;
  const t = Date.parse(ts);
  return Number.isFinite(t) && t >= 0 ? t : undefined;
}

interface Where {
  /** Session the line belongs to: the main session, or its subagent. */
  sessionId: string;
  mainSessionId: string;
  parentId?: string;
  agentId?: string;
  isSidechain: boolean;
}

function inlineSidechainRoot(e: Entry, ctx: ClaudeContext): string {
  const parent = e.parentUuid ? ctx.sidechainRoots.get(e.parentUuid) : undefined;
  // A chain starts at a line with no parent; a parent from an earlier read is unknown here, and the
  // most recent chain of this read is the best guess for it.
  const root = parent ?? (e.parentUuid ? ctx.lastSidechainRoot : undefined) ?? e.uuid ?? 'sidechain';
  if (e.uuid) ctx.sidechainRoots.set(e.uuid, root);
  ctx.lastSidechainRoot = root;
  return root;
}

function where(e: Entry, ctx: ClaudeContext): Where {
  const main = e.sessionId || ctx.fileStem;
  const sidechain = e.isSidechain === true || ctx.fileAgentId !== undefined;
  if (!sidechain) return { sessionId: main, mainSessionId: main, isSidechain: false };
  const agentId = e.agentId || ctx.fileAgentId || `side-${inlineSidechainRoot(e, ctx).slice(0, 8)}`;
  return {
    sessionId: subagentSessionId(main, agentId),
    mainSessionId: main,
    parentId: main,
    agentId,
    isSidechain: true,
  };
}

export const subagentSessionId = (mainSessionId: string, agentId: string): string => `${mainSessionId}:${agentId}`;

function sessionTouch(e: Entry, w: Where, ctx: ClaudeContext, ts: number | undefined): SessionRecord {
  const s: SessionRecord = { kind: 'session', id: w.sessionId, source: SOURCE, transcript_path: ctx.file };
  if (w.parentId) s.parent_session_id = w.parentId;
  if (w.isSidechain && ctx.metaAgentType) s.agent_type = ctx.metaAgentType;
  if (ts !== undefined) {
    s.created_at = ts;
    s.updated_at = ts;
  }
  if (e.cwd) {
    s.project_path = e.cwd;
    s.project_name = projectName(e.cwd);
  }
  if (e.gitBranch) s.git_branch = e.gitBranch;
  if (e.version) s.cli_version = e.version;
  if (e.permissionMode) s.permission_mode = e.permissionMode;
  return s;
}

function blocksOf(content: unknown): Block[] {
  if (!Array.isArray(content)) return [];
  const out: Block[] = [];
  for (const raw of content) {
    const b = readBlock(raw);
    if (b) out.push(b);
  }
  return out;
}

/** The text of a tool_result's content: a string, or the text of its blocks. */
export function resultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const parts: string[] = [];
  for (const b of blocksOf(content)) {
    if (b.type === 'text' && b.text) parts.push(b.text);
    else if (b.type === 'image') parts.push('[image]');
    else if (b.type === 'tool_reference' && b.name) parts.push(`[tool ${b.name}]`);
  }
  return parts.join('\n');
}

// The helpers below take a line's content and its blocks, read once by the caller.

/** The first piece of a user line's text that a person typed, for a title. */
function promptOf(content: unknown, blocks: Block[]): string | undefined {
  if (typeof content === 'string') return isRealPrompt(content) ? content : undefined;
  for (const b of blocks) if (b.type === 'text' && b.text && isRealPrompt(b.text)) return b.text;
  return undefined;
}

function textOf(content: unknown, blocks: Block[]): string {
  if (typeof content === 'string') return content;
  const parts: string[] = [];
  for (const b of blocks) if (b.type === 'text' && b.text) parts.push(b.text);
  return parts.join('\n');
}

function mapUser(e: Entry, w: Where, ctx: ClaudeContext, ts: number | undefined): AnyRecord[] {
  const session = sessionTouch(e, w, ctx, ts);
  const out: AnyRecord[] = [session];
  const content = e.message?.content;
  const toolUseResult = asObject(e.toolUseResult);
  const blocks = blocksOf(content);

  for (const b of blocks) {
    if (b.type !== 'tool_result' || !b.tool_use_id) continue;
    const text = resultText(b.content);
    const failed = b.is_error === true;
    const result: ToolResultRecord = {
      kind: 'tool_result',
      call_id: b.tool_use_id,
      source: SOURCE,
      success: !failed,
      tool_output: roughCut(text, TOOL_OUTPUT_MAX_BYTES),
      output_size: text.length,
    };
    if (failed) {
      result.error_message = roughCut(text, ERROR_MESSAGE_MAX_BYTES);
      // 2.0.x wrote a rejection with feedback as the user's words alone, with the result "Error: <words>".
      const feedback = e.toolUseResult === `Error: ${text}` && looksLikeUserFeedback(text);
      result.error_kind = feedback ? REJECTED_BY_USER : (errorKind(text) ?? undefined);
    }
    if (ts !== undefined) result.completed_at = ts;
    if (!failed && toolUseResult?.type === 'create') result.file_operation = 'created';
    out.push(result);

    // A Task/Agent result names the subagent it ran; link that subagent's session to this one.
    const agentId = asString(toolUseResult?.agentId);
    if (agentId) {
      const sub: SessionRecord = {
        kind: 'session',
        id: subagentSessionId(w.mainSessionId, agentId),
        source: SOURCE,
        parent_session_id: w.sessionId,
      };
      const agentType = asString(toolUseResult?.agentType) ?? ctx.taskTypes.get(b.tool_use_id);
      if (agentType) sub.agent_type = agentType;
      out.push(sub);
    }
  }

  const text = textOf(content, blocks);
  if (text && e.uuid) {
    const message: MessageRecord = {
      kind: 'message',
      id: e.uuid,
      session_id: w.sessionId,
      source: SOURCE,
      role: 'user',
      text,
      part_id: e.uuid,
      is_sidechain: w.isSidechain,
    };
    if (w.agentId) message.agent_id = w.agentId;
    if (ts !== undefined) {
      message.created_at = ts;
      message.completed_at = ts;
    }
    out.push(message);
    const prompt = !w.isSidechain && !e.isMeta && !e.isCompactSummary ? promptOf(content, blocks) : undefined;
    if (prompt) {
      session.title = titleOf(prompt);
      session.title_rank = TitleRank.firstPrompt;
    }
  }
  return out;
}

function cacheWrite(usage: NonNullable<NonNullable<Entry['message']>['usage']>): number | undefined {
  const direct = asCount(usage.cache_creation_input_tokens);
  if (direct) return direct;
  // 2.1.152 fixed a bug where only the nested breakdown carried the cache write count.
  const nested = asObject(usage.cache_creation);
  if (!nested) return direct;
  let sum = 0;
  for (const v of Object.values(nested)) sum += asCount(v) ?? 0;
  return sum || direct;
}

function mapAssistant(e: Entry, w: Where, ctx: ClaudeContext, ts: number | undefined): AnyRecord[] {
  const out: AnyRecord[] = [sessionTouch(e, w, ctx, ts)];
  const m = e.message;
  // One row per API response: a sidechain replay of a response under a new request counts again.
  const id = m?.id ? (e.requestId ? `${m.id}:${e.requestId}` : m.id) : e.uuid;
  if (!m || !id) return out;
  const synthetic = m.model === '<synthetic>';
  const blocks = blocksOf(m.content);
  const text = textOf(m.content, blocks);
  const message: MessageRecord = {
    kind: 'message',
    id,
    session_id: w.sessionId,
    source: SOURCE,
    role: 'assistant',
    is_sidechain: w.isSidechain,
  };
  if (m.model && !synthetic) message.model = m.model;
  if (text) {
    message.text = text;
    message.part_id = e.uuid ?? id;
  }
  // Usage counts only for real API responses (a message.id), once per response (the writer keeps the largest).
  if (m.usage && m.id && !synthetic) {
    message.prompt_tokens = asCount(m.usage.input_tokens) ?? 0;
    message.completion_tokens = asCount(m.usage.output_tokens) ?? 0;
    message.cache_read_tokens = asCount(m.usage.cache_read_input_tokens) ?? 0;
    message.cache_write_tokens = cacheWrite(m.usage) ?? 0;
    const oneHour = asCount(asObject(m.usage.cache_creation)?.ephemeral_1h_input_tokens);
    if (oneHour) message.cache_write_1h_tokens = Math.min(oneHour, message.cache_write_tokens);
  }
  if (w.agentId) message.agent_id = w.agentId;
  if (e.isApiErrorMessage) message.is_api_error = true;
  if (e.requestId) message.request_id = e.requestId;
  if (ts !== undefined) {
    message.created_at = ts;
    message.completed_at = ts;
  }
  out.push(message);

  for (const b of blocks) {
    if (b.type !== 'tool_use' || !b.id) continue;
    const name = b.name || 'unknown';
    const call: ToolCallRecord = {
      kind: 'tool_call',
      id: `${w.sessionId}-${b.id}`,
      call_id: b.id,
      session_id: w.sessionId,
      source: SOURCE,
      message_id: id,
      tool_name: name,
      category: toolCategory(name),
      ...claudeToolFile(name, b.input),
    };
    const input = roughJson(b.input);
    if (input !== undefined) call.tool_input = input;
    if (ts !== undefined) call.created_at = ts;
    out.push(call);
    const subagentType = asString(asObject(b.input)?.subagent_type);
    if (subagentType) ctx.taskTypes.set(b.id, subagentType);
  }

  if (e.isApiErrorMessage) out.push(apiErrorMessage(e, w, ctx, ts, text));
  return out;
}

function apiErrorMessage(
  e: Entry,
  w: Where,
  ctx: ClaudeContext,
  ts: number | undefined,
  text: string,
): SessionErrorRecord {
  // The synthetic message that ends a request which never succeeded belongs to that request's retries.
  const id = (e.parentUuid && ctx.apiErrors.get(e.parentUuid)) || e.uuid || `${w.sessionId}-${ts ?? 0}`;
  const r: SessionErrorRecord = {
    kind: 'session_error',
    id,
    session_id: w.sessionId,
    source: SOURCE,
    error_type: asString(e.error) ?? 'api_error',
  };
  if (text) r.error_message = roughCut(text, ERROR_MESSAGE_MAX_BYTES);
  if (e.apiErrorStatus !== undefined) r.status_code = Math.trunc(e.apiErrorStatus);
  if (ts !== undefined) r.created_at = ts;
  return r;
}

function embeddedErrorType(message: string | undefined): string | undefined {
  const body = message ? /^\d{3} (\{[\s\S]*\})$/.exec(message)?.[1] : undefined;
  if (!body) return undefined;
  try {
    return asString(asObject(asObject(JSON.parse(body))?.error)?.type);
  } catch {
    return undefined; // the body was not JSON after all: fall back to the status
  }
}

/** Type, message and status of a `system/api_error` line's `error`, in its older and newer shapes. */
export function describeApiError(error: unknown): { type: string; message?: string; status?: number } {
  const err = asObject(error);
  if (!err) return { type: 'api_error', message: asString(error) };
  const inner = asObject(asObject(err.error)?.error) ?? asObject(err.error);
  const status = asCount(err.status);
  const connection = asObject(err.connection);
  const type =
    asString(inner?.type) ??
    (connection || err.isNetworkDown === true ? 'connection_error' : undefined) ??
    (status ? `http_${status}` : 'api_error');
  // Newer lines carry the HTTP body inside `message` ("500 {...}"); its error type is the useful one.
  const embedded = inner ? undefined : embeddedErrorType(asString(err.message));
  const message =
    asString(err.formatted) ?? asString(inner?.message) ?? asString(connection?.message) ?? asString(err.message);
  return { type: embedded ?? type, message, status };
}

const HOOK_OUTCOMES: Readonly<Record<string, HookEventRecord['outcome']>> = {
  hook_blocking_error: 'blocking_error',
  hook_non_blocking_error: 'non_blocking_error',
  hook_cancelled: 'cancelled',
};

/** A hook that blocked, failed or was cancelled (2.1.x `attachment` lines); other attachments give nothing. */
function mapAttachment(e: Entry, ctx: ClaudeContext, ts: number | undefined): AnyRecord[] {
  const a = e.attachment;
  const outcome = ownValue(HOOK_OUTCOMES, asString(a?.type) ?? '');
  if (!a || !outcome || !e.uuid) return [];
  const w = where(e, ctx);
  // A blocking error nests its message and command one level down.
  const blocking = asObject(a.blockingError);
  const event = asString(a.hookEvent);
  const message = asString(blocking?.blockingError) ?? asString(a.stderr) ?? asString(a.stdout) ?? asString(a.content);
  const command = asString(blocking?.command) ?? asString(a.command);
  const exit = a.exitCode;
  const duration = asCount(a.durationMs);
  const r: HookEventRecord = { kind: 'hook_event', id: e.uuid, session_id: w.sessionId, source: SOURCE, outcome };
  if (event) r.event = event;
  if (asString(a.hookName)) r.hook_name = asString(a.hookName);
  if (command) r.command = command;
  if (message) r.error_message = roughCut(message, ERROR_MESSAGE_MAX_BYTES);
  if (typeof exit === 'number' && Number.isInteger(exit)) r.exit_code = exit;
  if (duration !== undefined) r.duration_ms = duration;
  // Only tool hooks run for a call; the toolUseID of other events names nothing in the transcript.
  if (event?.includes('ToolUse') && asString(a.toolUseID)) r.call_id = asString(a.toolUseID);
  if (ts !== undefined) r.created_at = ts;
  return [sessionTouch(e, w, ctx, ts), r];
}

/** The errors a `stop_hook_summary` lists, one record each, with the command's duration when it names one. */
function stopHookErrors(e: Entry, w: Where, uuid: string, ts: number | undefined): HookEventRecord[] {
  const infos = (e.hookInfos ?? []).map(asObject);
  return (e.hookErrors ?? []).map((err, i) => {
    const o = asObject(err);
    const message = asString(err) ?? asString(o?.error) ?? asString(o?.message) ?? asString(o?.blockingError);
    // A summary of a single hook needs no name to say which one failed.
    const command = asString(o?.command) ?? (infos.length === 1 ? asString(infos[0]?.command) : undefined);
    const duration = asCount(infos.find((h) => command !== undefined && h?.command === command)?.durationMs);
    const r: HookEventRecord = {
      kind: 'hook_event',
      id: `${uuid}:${i}`,
      session_id: w.sessionId,
      source: SOURCE,
      // A subagent's summary is of its SubagentStop hooks.
      event: w.isSidechain ? 'SubagentStop' : 'Stop',
      hook_name: w.isSidechain ? 'SubagentStop' : 'Stop',
      outcome: 'error',
    };
    if (command) r.command = command;
    if (message) r.error_message = roughCut(message, ERROR_MESSAGE_MAX_BYTES);
    if (duration !== undefined) r.duration_ms = duration;
    if (ts !== undefined) r.created_at = ts;
    return r;
  });
}

/** Compactions, API errors, turn durations and Stop hooks' errors; other system lines (hook output, ...) give nothing. */
function mapSystem(e: Entry, w: Where, ctx: ClaudeContext, ts: number | undefined): AnyRecord[] {
  const out: AnyRecord[] = [sessionTouch(e, w, ctx, ts)];
  if (!e.uuid) return [];
  if (e.subtype === 'compact_boundary' || e.subtype === 'microcompact_boundary') {
    const micro = e.subtype === 'microcompact_boundary';
    const meta = (micro ? e.microcompactMetadata : e.compactMetadata) ?? {};
    const before = asCount(meta.preTokens);
    const saved = asCount(meta.tokensSaved);
    const after = micro
      ? before !== undefined && saved !== undefined
        ? Math.max(0, before - saved)
        : undefined
      : asCount(meta.postTokens);
    out.push({
      kind: 'compaction',
      id: e.uuid,
      session_id: w.sessionId,
      source: SOURCE,
      compaction_kind: micro ? 'microcompact' : 'compact',
      ...(asString(meta.trigger) ? { trigger: asString(meta.trigger) } : {}),
      ...(before !== undefined ? { tokens_before: before } : {}),
      ...(after !== undefined ? { tokens_after: after } : {}),
      ...(ts !== undefined ? { created_at: ts } : {}),
    });
  } else if (e.subtype === 'api_error') {
    // One row per failed request: each retry line chains to the previous one through parentUuid.
    const id = (e.parentUuid && ctx.apiErrors.get(e.parentUuid)) || e.uuid;
    ctx.apiErrors.set(e.uuid, id);
    const d = describeApiError(e.error);
    const r: SessionErrorRecord = {
      kind: 'session_error',
      id,
      session_id: w.sessionId,
      source: SOURCE,
      error_type: d.type,
    };
    if (d.message) r.error_message = roughCut(d.message, ERROR_MESSAGE_MAX_BYTES);
    if (d.status !== undefined) r.status_code = d.status;
    const attempt = asCount(e.retryAttempt);
    if (attempt !== undefined) r.retry_count = attempt;
    if (ts !== undefined) r.created_at = ts;
    out.push(r);
  } else if (e.subtype === 'turn_duration' && e.durationMs !== undefined && e.durationMs >= 0) {
    const messages = asCount(e.messageCount);
    out.push({
      kind: 'turn',
      id: e.uuid,
      session_id: w.sessionId,
      source: SOURCE,
      duration_ms: Math.round(e.durationMs),
      ...(messages !== undefined ? { message_count: messages } : {}),
      ...(ts !== undefined ? { created_at: ts } : {}),
    });
  } else if (e.subtype === 'stop_hook_summary') {
    out.push(...stopHookErrors(e, w, e.uuid, ts));
  }
  return out.length > 1 ? out : [];
}

/** Session metadata entries: titles and permission modes. They name no cwd or time. */
function mapMetadata(e: Entry, ctx: ClaudeContext): AnyRecord[] {
  const id = e.sessionId || ctx.fileStem;
  const s: SessionRecord = { kind: 'session', id, source: SOURCE, patch_only: true };
  if (e.type === 'summary' && e.summary) {
    s.title = titleOf(e.summary);
    s.title_rank = TitleRank.summary;
  } else if (e.type === 'custom-title' && e.customTitle) {
    s.title = titleOf(e.customTitle);
    s.title_rank = TitleRank.customTitle;
  } else if (e.type === 'ai-title' && e.aiTitle) {
    s.title = titleOf(e.aiTitle);
    s.title_rank = TitleRank.aiTitle;
  } else if (e.type === 'permission-mode' && e.permissionMode) {
    s.permission_mode = e.permissionMode;
  } else {
    return [];
  }
  return [s];
}

/** The line's own session touch (always its first record) is dropped when it says nothing new. */
function withoutRepeatedTouch(records: AnyRecord[], ctx: ClaudeContext): AnyRecord[] {
  const first = records[0];
  if (first?.kind === 'session' && first.transcript_path === ctx.file && !keepTouch(first, ctx))
    return records.slice(1);
  return records;
}

/** Records for one entry. Unknown entry types give none: they never fail a file. */
export function mapEntry(e: Entry, ctx: ClaudeContext): AnyRecord[] {
  const ts = parseTime(e.timestamp);
  switch (e.type) {
    case 'user':
      return withoutRepeatedTouch(mapUser(e, where(e, ctx), ctx, ts), ctx);
    case 'assistant':
      return withoutRepeatedTouch(mapAssistant(e, where(e, ctx), ctx, ts), ctx);
    case 'system':
      return withoutRepeatedTouch(mapSystem(e, where(e, ctx), ctx, ts), ctx);
    case 'attachment':
      return withoutRepeatedTouch(mapAttachment(e, ctx, ts), ctx);
    case 'summary':
    case 'custom-title':
    case 'ai-title':
    case 'permission-mode':
      return mapMetadata(e, ctx);
    default:
      return [];
  }
}
