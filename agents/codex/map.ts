// Maps one Codex CLI rollout line to normalized records; pure apart from the per-file context.
import { asCount, asObject, asString, type Json } from '../json-values.js';
import { projectName } from '../project-name.js';
import { ERROR_MESSAGE_MAX_BYTES, roughCut } from '../text-limits.js';
import type { AnyRecord, MessageRecord, SessionErrorRecord, SessionRecord, TurnRecord } from '../../schema/records.js';
import { TitleRank } from '../../schema/title-rank.js';
import { type CodexContext, callKey, short, SOURCE, time } from './context.js';
import { resolved, toolCall, toolOutput } from './map-tools.js';
import { fileChangeFiles } from './patch.js';

export { type CodexContext, finishContext, headOf, newContext, type RolloutHead } from './context.js';

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
      const turn = asString(p.turn_id) ?? String(ts ?? '');
      const out: AnyRecord[] = turnDuration(p, turn, ts, ctx);
      const err = asObject(p.error);
      if (!err && !asString(p.error)) return out;
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
      return [...out, rec];
    }
    default:
      return [];
  }
}

/** 0.169+ says how long a turn took; keyed by lineage, so a fork's replay of its parent's turns counts them once. */
function turnDuration(p: Json, turn: string, ts: number | undefined, ctx: CodexContext): TurnRecord[] {
  const ms = asCount(p.duration_ms);
  if (ms === undefined) return [];
  const r: TurnRecord = {
    kind: 'turn',
    id: `codex:${ctx.lineage}:turn:${turn}`,
    session_id: ctx.sessionId,
    source: SOURCE,
    duration_ms: ms,
  };
  if (ts !== undefined) r.created_at = ts;
  return [r];
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
  if (message) r.error_message = roughCut(message, ERROR_MESSAGE_MAX_BYTES);
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
