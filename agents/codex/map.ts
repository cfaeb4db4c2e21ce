// Maps one Codex CLI rollout line to normalized records; pure apart from the per-file context.
import crypto from 'node:crypto';
import path from 'node:path';
import { errorKind } from '../../importers/error-kind.js';
import { asCount, asObject, asString, type Json } from '../../importers/json-values.js';
import { projectName } from '../../importers/project-name.js';
import { boundedJson, cutUtf8, ERROR_MESSAGE_MAX_BYTES, TOOL_OUTPUT_MAX_BYTES } from '../../importers/text-limits.js';
import type {
  AnyRecord,
  FileOperationRecord,
  MessageRecord,
  SessionErrorRecord,
  SessionRecord,
  ToolCallRecord,
  ToolResultRecord,
} from '../../schema/records.js';
import { TitleRank } from '../../schema/records.js';
import { fileChangeFiles, type PatchFile, patchFiles } from './patch.js';
import { codexToolCategory } from './tool-kinds.js';
import { failureKind, readToolOutput } from './tool-output.js';

const SOURCE = 'codex' as const;

/** What the first line of a rollout says about the whole file (read before the lines, also on appends). */
export interface RolloutHead {
  sessionId?: string;
  forkedFrom?: string;
  cwd?: string;
  paginated: boolean;
}

/** What one file's lines share while it is read. Built fresh for every read of a file. */
export interface CodexContext {
  file: string;
  sessionId: string;
  /**
   * Tool calls and classic token events are keyed by lineage (the fork's parent, else the
   * session), as the oracle does: history replayed into a fork counts once.
   */
  lineage: string;
  cwd?: string;
  /** 0.169+ files: tokens come from `token_usage_record` lines and `token_count` events are ignored. */
  paginated: boolean;
  model?: string;
  /** Patch files of the calls seen in this read, by call key, for the per-file rows of a multi-file patch. */
  patches: Map<string, PatchFile[]>;
  outputs: Set<string>;
  titled: boolean;
  latest?: number;
  written?: number;
}

const UUID_IN_NAME = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl$/i;

/** Reads the head (first line) of a rollout: its session_meta payload. */
export function headOf(firstLine: unknown): RolloutHead {
  const e = asObject(firstLine);
  const p = asObject(e?.payload);
  if (e?.type !== 'session_meta' || !p) return { paginated: typeof e?.ordinal === 'number' };
  return {
    sessionId: asString(p.id) ?? asString(p.session_id),
    forkedFrom: asString(p.forked_from_id),
    cwd: asString(p.cwd),
    paginated: p.history_mode === 'paginated' || typeof e.ordinal === 'number',
  };
}

export function newContext(file: string, head: RolloutHead): CodexContext {
  // A file without a session_meta line still gets one session: the uuid in its name (rollout-<time>-<uuid>).
  const sessionId = head.sessionId ?? UUID_IN_NAME.exec(file)?.[1] ?? path.basename(file, '.jsonl');
  return {
    file,
    sessionId,
    lineage: head.forkedFrom ?? sessionId,
    cwd: head.cwd,
    paginated: head.paginated,
    patches: new Map(),
    outputs: new Set(),
    titled: false,
  };
}

/** The held-back last-activity time of the session, written once per read. */
export function finishContext(ctx: CodexContext): SessionRecord[] {
  if (ctx.latest === undefined || ctx.latest === ctx.written) return [];
  return [{ kind: 'session', id: ctx.sessionId, source: SOURCE, updated_at: ctx.latest }];
}

const short = (s: string) => crypto.createHash('sha1').update(s).digest('hex').slice(0, 16);
const time = (v: unknown): number | undefined => {
  if (typeof v !== 'string') return undefined;
  const t = Date.parse(v);
  return Number.isFinite(t) && t >= 0 ? t : undefined;
};

/** The id of a call within its lineage: what `tools.id` and `tools.call_id` hold for Codex. */
export const callKey = (ctx: CodexContext, callId: string) => `${ctx.lineage}:${callId}`;

const TITLE_MAX = 120;
function titleOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > TITLE_MAX ? `${flat.slice(0, TITLE_MAX - 1).trimEnd()}…` : flat;
}

/** One rollout line (already a JSON object) to records. */
export function mapLine(e: Json, ctx: CodexContext): AnyRecord[] {
  const ts = time(e.timestamp);
  if (ts !== undefined && (ctx.latest === undefined || ts > ctx.latest)) ctx.latest = ts;
  const p = asObject(e.payload) ?? {};
  switch (e.type) {
    case 'session_meta':
      return sessionMeta(p, ts, ctx);
    case 'turn_context': {
      const settings = asObject(asObject(p.collaboration_mode)?.settings);
      ctx.model = asString(p.model) ?? asString(settings?.model) ?? ctx.model;
      return [];
    }
    case 'response_item':
      return responseItem(p, ts, ctx);
    case 'event_msg':
      return eventMsg(p, ts, ctx);
    case 'token_usage_record': {
      ctx.paginated = true;
      const rid = asString(p.response_id);
      if (!rid) return [];
      // Per lineage, like calls: a fork that replays its parent's records counts each response once, and
      // unrelated sessions that reuse an id (mock servers answer resp_1, resp_2, ...) stay apart.
      return usageMessage(`codex:${ctx.lineage}:${rid}`, asObject(p.usage), ts, ctx, rid);
    }
    case 'compacted':
      return [
        {
          kind: 'compaction',
          id: `codex:${ctx.sessionId}:compact:${ts ?? short(JSON.stringify(p))}`,
          session_id: ctx.sessionId,
          source: SOURCE,
          compaction_kind: 'compact',
          created_at: ts,
        },
      ];
    default:
      return []; // world_state and types to come carry nothing agentlog stores
  }
}

function sessionMeta(p: Json, ts: number | undefined, ctx: CodexContext): AnyRecord[] {
  const id = asString(p.id) ?? asString(p.session_id);
  // Only the file's own session: a later session_meta (history copied from another session) is not this file's.
  if (id !== undefined && id !== ctx.sessionId) return [];
  const s: SessionRecord = { kind: 'session', id: ctx.sessionId, source: SOURCE, transcript_path: ctx.file };
  const cwd = asString(p.cwd);
  if (cwd) {
    s.project_path = cwd;
    s.project_name = projectName(cwd);
    ctx.cwd = cwd;
  }
  const branch = asString(asObject(p.git)?.branch);
  if (branch) s.git_branch = branch;
  const cli = asString(p.cli_version);
  if (cli) s.cli_version = cli;
  const provider = asString(p.model_provider);
  if (provider) s.provider = provider;
  const parent = asString(p.forked_from_id);
  if (parent) s.parent_session_id = parent;
  const created = time(p.timestamp) ?? ts;
  if (created !== undefined) s.created_at = created;
  if (ts !== undefined) s.updated_at = ts;
  ctx.written = ts;
  return [s];
}

function contentText(content: unknown, types: string[]): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((c) => asObject(c))
    .filter((c) => c && types.includes(String(c.type)) && typeof c.text === 'string')
    .map((c) => c!.text as string)
    .join('\n');
}

function prompt(id: string, text: string, ts: number | undefined, ctx: CodexContext): AnyRecord[] {
  const out: AnyRecord[] = [
    {
      kind: 'message',
      id,
      session_id: ctx.sessionId,
      source: SOURCE,
      role: 'user',
      text,
      is_sidechain: false,
      created_at: ts,
    },
  ];
  if (!ctx.titled && text.trim() !== '') {
    ctx.titled = true;
    out.push({
      kind: 'session',
      id: ctx.sessionId,
      source: SOURCE,
      title: titleOf(text),
      title_rank: TitleRank.firstPrompt,
    });
  }
  return out;
}

function responseItem(p: Json, ts: number | undefined, ctx: CodexContext): AnyRecord[] {
  const type = asString(p.type) ?? '';
  if (type === 'message') {
    // Prompts come from the user_message / UserMessage events (one per prompt, without the injected context).
    if (p.role !== 'assistant' || asObject(p.metadata)?.compaction_output === true) return [];
    const text = contentText(p.content, ['output_text', 'text']);
    if (text === '') return [];
    const id = asString(p.id);
    const m: MessageRecord = {
      kind: 'message',
      id: id ? `codex:${ctx.sessionId}:${id}` : `codex:${ctx.sessionId}:text:${ts ?? ''}:${short(text)}`,
      session_id: ctx.sessionId,
      source: SOURCE,
      role: 'assistant',
      text,
      is_sidechain: false,
      created_at: ts,
    };
    if (ctx.model) m.model = ctx.model;
    return [m];
  }
  if (type === 'function_call_output' || type === 'custom_tool_call_output') return toolOutput(p, ts, ctx);
  if (type.endsWith('_call')) return toolCall(type, p, ts, ctx);
  return [];
}

function parsedArguments(p: Json): unknown {
  const args = p.arguments ?? p.input ?? p.action;
  if (typeof args !== 'string') return args;
  try {
    return JSON.parse(args) as unknown;
  } catch {
    return args; // custom tools (apply_patch) take free text
  }
}

/** The text a patch could be in: apply_patch's input, or the command line of a shell call. */
function patchTextOf(input: unknown): string {
  if (typeof input === 'string') return input;
  const o = asObject(input);
  if (!o) return '';
  for (const k of ['patch', 'input', 'cmd', 'command']) {
    const v = o[k];
    if (typeof v === 'string') return v;
    if (Array.isArray(v)) return v.map(String).join('\n');
  }
  return '';
}

function resolved(ctx: CodexContext, p: string): string {
  return path.isAbsolute(p) || !ctx.cwd ? p : path.join(ctx.cwd, p);
}

function toolCall(type: string, p: Json, ts: number | undefined, ctx: CodexContext): AnyRecord[] {
  const cid = asString(p.call_id) ?? asString(p.id);
  if (!cid) return [];
  const name =
    type === 'function_call' || type === 'custom_tool_call'
      ? (asString(p.name) ?? '?')
      : type === 'local_shell_call'
        ? 'local_shell'
        : type.slice(0, -'_call'.length);
  const input = parsedArguments(p);
  const key = callKey(ctx, cid);
  const r: ToolCallRecord = {
    kind: 'tool_call',
    id: `codex:${key}`,
    call_id: key,
    session_id: ctx.sessionId,
    source: SOURCE,
    tool_name: name,
    category: codexToolCategory(name),
    created_at: ts,
  };
  const json = boundedJson(input);
  if (json !== undefined) r.tool_input = json;
  const files = patchFiles(patchTextOf(input)).map((f) => ({ ...f, path: resolved(ctx, f.path) }));
  if (files.length > 0) {
    ctx.patches.set(key, files);
    r.file_path = files[0]!.path;
    r.file_operation = files[0]!.operation;
  }
  return [r];
}

function toolOutput(p: Json, ts: number | undefined, ctx: CodexContext): AnyRecord[] {
  const cid = asString(p.call_id);
  if (!cid) return [];
  const key = callKey(ctx, cid);
  // The first output decides (as in the oracle); a repeated one adds nothing.
  if (ctx.outputs.has(key)) return [];
  ctx.outputs.add(key);
  const o = readToolOutput(p.output);
  const r: ToolResultRecord = {
    kind: 'tool_result',
    call_id: key,
    source: SOURCE,
    success: !o.failed,
    tool_output: cutUtf8(o.text, TOOL_OUTPUT_MAX_BYTES),
    output_size: o.text.length,
  };
  if (o.exitCode !== undefined) r.exit_code = o.exitCode;
  if (o.durationMs !== undefined) r.duration_ms = o.durationMs;
  if (ts !== undefined) r.completed_at = ts;
  if (o.failed) {
    r.error_message = cutUtf8(o.text, ERROR_MESSAGE_MAX_BYTES);
    r.error_kind = failureKind(o) ?? errorKind(o.text) ?? undefined;
  }
  const out: AnyRecord[] = [r];
  // The call's row carries the first file; the other files of a patch that applied get rows of their own.
  const files = ctx.patches.get(key) ?? [];
  if (!o.failed) files.slice(1).forEach((f, i) => out.push(fileRow(ctx, key, f, i + 1, ts)));
  return out;
}

function fileRow(ctx: CodexContext, key: string, f: PatchFile, n: number, ts: number | undefined): FileOperationRecord {
  return {
    kind: 'file_operation',
    id: `codex:${key}:file:${n}`,
    session_id: ctx.sessionId,
    source: SOURCE,
    file_path: f.path,
    operation_type: f.operation,
    tool_id: `codex:${key}`,
    created_at: ts,
  };
}

function eventMsg(p: Json, ts: number | undefined, ctx: CodexContext): AnyRecord[] {
  switch (p.type) {
    case 'user_message': {
      const text = typeof p.message === 'string' ? p.message : '';
      return prompt(`codex:${ctx.sessionId}:prompt:${ts ?? ''}:${short(text)}`, text, ts, ctx);
    }
    case 'item_completed':
      return itemCompleted(asObject(p.item) ?? {}, ts, ctx);
    case 'thread_settings_applied':
      ctx.model = asString(asObject(p.thread_settings)?.model) ?? ctx.model;
      return [];
    case 'token_count': {
      if (ctx.paginated) return [];
      let info: unknown = p.info;
      if (typeof info === 'string') {
        try {
          info = JSON.parse(info);
        } catch {
          return [];
        }
      }
      const i = asObject(info);
      const last = asObject(i?.last_token_usage);
      if (!i || !last) return [];
      const key = `${usageKey(asObject(i.total_token_usage))}|${usageKey(last)}`;
      // All-zero `last` is the copy written after a compaction, not a response.
      if (usageKey(last) === '0,0,0,0') return [];
      return usageMessage(`codex:${ctx.lineage}:tc:${short(key)}`, last, ts, ctx);
    }
    case 'error':
      return [
        apiError(`codex:${ctx.sessionId}:error:${ts ?? ''}:${short(JSON.stringify(p))}`, 'api_error', p, ts, ctx),
      ];
    case 'stream_error':
      return [
        apiError(`codex:${ctx.sessionId}:retry:${ts ?? ''}:${short(JSON.stringify(p))}`, 'stream_error', p, ts, ctx),
      ];
    case 'task_complete':
    case 'turn_complete': {
      const err = asObject(p.error);
      if (!err && !asString(p.error)) return [];
      const turn = asString(p.turn_id) ?? String(ts ?? '');
      const info = err?.codex_error_info;
      const infoObj = asObject(info);
      const errorType = asString(info) ?? (infoObj ? Object.keys(infoObj)[0] : undefined) ?? 'api_error';
      const rec = apiError(
        `codex:${ctx.sessionId}:turn-error:${turn}`,
        errorType,
        err ?? { message: p.error },
        ts,
        ctx,
      );
      const status = findStatus(infoObj);
      if (status !== undefined) rec.status_code = status;
      return [rec];
    }
    default:
      return [];
  }
}

function findStatus(o: Json | undefined): number | undefined {
  if (!o) return undefined;
  for (const [k, v] of Object.entries(o)) {
    if (k === 'http_status_code' && typeof v === 'number') return v;
    const inner = findStatus(asObject(v));
    if (inner !== undefined) return inner;
  }
  return undefined;
}

function apiError(id: string, type: string, p: Json, ts: number | undefined, ctx: CodexContext): SessionErrorRecord {
  const message = asString(p.message);
  const r: SessionErrorRecord = {
    kind: 'session_error',
    id,
    session_id: ctx.sessionId,
    source: SOURCE,
    error_type: type,
  };
  if (message) r.error_message = cutUtf8(message, ERROR_MESSAGE_MAX_BYTES);
  if (ts !== undefined) r.created_at = ts;
  return r;
}

function itemCompleted(item: Json, ts: number | undefined, ctx: CodexContext): AnyRecord[] {
  if (item.type === 'UserMessage') {
    const text = contentText(item.content, ['text']);
    const id = asString(item.id) ?? `${ts ?? ''}:${short(text)}`;
    return prompt(`codex:${ctx.sessionId}:${id}`, text, ts, ctx);
  }
  if (item.type === 'FileChange') {
    // 0.171 names the files of a patch here, before its output: the shell route's patch may not be parseable.
    const cid = asString(item.id);
    if (cid && !ctx.patches.has(callKey(ctx, cid))) {
      const files = fileChangeFiles(item.changes).map((f) => ({ ...f, path: resolved(ctx, f.path) }));
      if (files.length > 0) ctx.patches.set(callKey(ctx, cid), files);
    }
  }
  return [];
}

const USAGE_FIELDS = ['input_tokens', 'cached_input_tokens', 'output_tokens', 'reasoning_output_tokens'] as const;
function usageKey(u: Json | undefined): string {
  return USAGE_FIELDS.map((k) => asCount(u?.[k]) ?? 0).join(',');
}

/** One model response's tokens: input split into uncached and cached; reasoning is inside output and kept apart. */
function usageMessage(
  id: string,
  u: Json | undefined,
  ts: number | undefined,
  ctx: CodexContext,
  requestId?: string,
): AnyRecord[] {
  const input = asCount(u?.input_tokens) ?? 0;
  const cached = Math.min(asCount(u?.cached_input_tokens) ?? 0, input);
  const m: MessageRecord = {
    kind: 'message',
    id,
    session_id: ctx.sessionId,
    source: SOURCE,
    role: 'assistant',
    prompt_tokens: input - cached,
    cache_read_tokens: cached,
    completion_tokens: asCount(u?.output_tokens) ?? 0,
    reasoning_tokens: asCount(u?.reasoning_output_tokens) ?? 0,
    is_sidechain: false,
    created_at: ts,
    completed_at: ts,
  };
  if (ctx.model) m.model = ctx.model;
  if (requestId) m.request_id = requestId;
  return [m];
}
