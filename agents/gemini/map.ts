// Maps one parsed Gemini CLI chat to normalized records; pure (the project is resolved by the caller).
import type {
  AnyRecord,
  CompactionRecord,
  FileOperation,
  MessageRecord,
  SessionRecord,
  ToolCallRecord,
  ToolResultRecord,
} from '../../schema/records.js';
import { TitleRank } from '../../schema/title-rank.js';
import { errorKind } from '../../schema/error-kind.js';
import { asCount, asObject, asString, type Json } from '../json-values.js';
import { ERROR_MESSAGE_MAX_BYTES, roughCut, roughJson, TOOL_OUTPUT_MAX_BYTES } from '../text-limits.js';
import type { GeminiChat } from './parse.js';
import type { GeminiProject } from './project.js';
import { geminiToolCategory, geminiToolFile } from './tool-kinds.js';

const SOURCE = 'gemini' as const;

export interface ChatContext {
  file: string;
  project: GeminiProject;
  /** Set for a subagent's chat (`chats/<parent>/<id>.jsonl`). */
  parentSessionId?: string;
}

/**
 * Id rule: session ids are the CLI's UUIDs, kept as they are (`gemini --resume <id>` finds them).
 * Message and call ids are not unique across sessions (the `<session_context>` message has the
 * same hash id in every chat; call ids are `<tool>__<tool>_<ms>_<n>`), and a user message can
 * reuse the id of the gemini message it answers, so both are scoped:
 * `gemini:<sessionId>:<type>:<messageId>` and `gemini:<sessionId>:<callId>`.
 */
export const messageId = (sid: string, type: string, id: string) => `gemini:${sid}:${type}:${id}`;
export const callId = (sid: string, id: string) => `gemini:${sid}:${id}`;

const time = (v: unknown): number | undefined => {
  const s = asString(v);
  if (s === undefined) return undefined;
  const t = Date.parse(s);
  return Number.isFinite(t) && t >= 0 ? t : undefined;
};

/** The text of a message's content: a string (gemini, old user) or a parts array ([{text}] ...). */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((p) => asString(asObject(p)?.text) ?? '')
    .filter((t) => t !== '')
    .join('\n');
}

const functionResponses = (content: unknown): Json[] =>
  Array.isArray(content)
    ? content.map((p) => asObject(asObject(p)?.functionResponse)).filter((r): r is Json => r !== undefined)
    : [];

/** The output or error text of a call's function responses. */
function responseText(responses: Json[]): { output?: string; error?: string } {
  const outputs: string[] = [];
  const errors: string[] = [];
  for (const r of responses) {
    const resp = asObject(r.response);
    if (!resp) continue;
    const out = resp.output ?? resp.llmContent;
    if (typeof out === 'string') outputs.push(out);
    if (typeof resp.error === 'string') errors.push(resp.error);
  }
  return {
    output: outputs.length ? outputs.join('\n') : undefined,
    error: errors.length ? errors.join('\n') : undefined,
  };
}

/** A failing shell command is stored with status "success": its exit code is only in the text. */
export function exitCodeOf(output: string | undefined): number | undefined {
  const m = output === undefined ? null : /^Exit Code: (-?\d+)/m.exec(output);
  return m ? Number(m[1]) : undefined;
}

// Gemini's own wording for the failures the shared kinds name in Claude Code's words.
const GEMINI_KINDS: [RegExp, string][] = [
  [/Could not find (?:an exact match for|the string) .?old_string/i, 'String to replace not found'],
  [/Expected \d+ occurrences? but found \d+/i, 'String to replace found more than once'],
  [/^File not found/i, 'file not found'],
];

export function geminiErrorKind(message: string): string | undefined {
  for (const [re, kind] of GEMINI_KINDS) if (re.test(message)) return kind;
  return errorKind(message) ?? undefined;
}

/** The outcome of a call, from the call's own status and result (or a separate functionResponse message). */
export function resultOf(
  sid: string,
  call: { id: string; name: string; status?: string; args?: unknown; resultDisplay?: unknown; timestamp?: unknown },
  responses: Json[],
): ToolResultRecord | undefined {
  const status = call.status;
  const { output, error } = responseText(responses);
  // A call still waiting or running has no outcome yet; the next version of the message brings it.
  if (status !== undefined && !['success', 'error', 'cancelled'].includes(status)) return undefined;
  if (status === undefined && output === undefined && error === undefined) return undefined;
  const exit = exitCodeOf(output);
  const failed =
    (status !== undefined && status !== 'success') || error !== undefined || (exit !== undefined && exit !== 0);
  const text = output ?? error ?? '';
  let message: string | undefined;
  let kind: string | undefined;
  if (failed) {
    if (status === 'cancelled') {
      message = error ?? 'cancelled';
      kind = 'interrupted';
    } else if (exit !== undefined && exit !== 0 && error === undefined) {
      message = `Exit code ${exit}\n${text}`;
    } else {
      message = error ?? text;
    }
    message = roughCut(message, ERROR_MESSAGE_MAX_BYTES);
    kind ??= geminiErrorKind(message);
  }
  let file_operation: FileOperation | undefined;
  if (call.name === 'write_file' && !failed) {
    const display = asObject(call.resultDisplay);
    const created = display?.isNewFile === true || /Successfully created and wrote to new file/.test(output ?? '');
    file_operation = created ? 'created' : 'edited';
  }
  return {
    kind: 'tool_result',
    call_id: callId(sid, call.id),
    source: SOURCE,
    success: !failed,
    tool_output: text === '' ? undefined : roughCut(text, TOOL_OUTPUT_MAX_BYTES),
    output_size: text.length,
    ...(message !== undefined ? { error_message: message } : {}),
    ...(kind !== undefined ? { error_kind: kind } : {}),
    ...(exit !== undefined ? { exit_code: exit } : {}),
    ...(file_operation ? { file_operation } : {}),
    ...(time(call.timestamp) !== undefined ? { completed_at: time(call.timestamp) } : {}),
  };
}

/** Tokens of one response. Gemini's `input` includes `cached`; `output` excludes `thoughts` (billed as output). */
export function usageOf(tokens: unknown): Partial<MessageRecord> {
  const t = asObject(tokens);
  if (!t) return {};
  const input = asCount(t.input) ?? 0;
  const cached = asCount(t.cached) ?? 0;
  const thoughts = asCount(t.thoughts) ?? 0;
  // toolUsePromptTokenCount is prompt the API added for tool use: billed as input (ccusage counts it there too).
  const tool = asCount(t.tool) ?? 0;
  return {
    prompt_tokens: Math.max(0, input - cached) + tool,
    cache_read_tokens: cached,
    completion_tokens: (asCount(t.output) ?? 0) + thoughts,
    reasoning_tokens: thoughts,
  };
}

const isSessionContext = (text: string) => /^\s*<session_context>/.test(text);

/** Every record of one chat. */
export function mapChat(chat: GeminiChat, ctx: ChatContext): AnyRecord[] {
  const sid = chat.sessionId;
  if (!sid) return [];
  const out: AnyRecord[] = [];
  const session: SessionRecord = {
    kind: 'session',
    id: sid,
    source: SOURCE,
    transcript_path: ctx.file,
    ...(ctx.project.project_path ? { project_path: ctx.project.project_path } : {}),
    ...(ctx.project.project_name ? { project_name: ctx.project.project_name } : {}),
    ...(ctx.parentSessionId ? { parent_session_id: ctx.parentSessionId } : {}),
    ...(chat.kind && chat.kind !== 'main' ? { agent_type: chat.kind } : {}),
    ...(time(chat.startTime) !== undefined ? { created_at: time(chat.startTime) } : {}),
    ...(time(chat.lastUpdated) !== undefined ? { updated_at: time(chat.lastUpdated) } : {}),
  };
  if (chat.summary) Object.assign(session, { title: chat.summary, title_rank: TitleRank.summary });
  out.push(session);

  // Results the CLI also wrote as separate user functionResponse messages, by call id.
  const answered = new Map<string, Json[]>();
  for (const m of chat.messages) {
    if (m.type !== 'user') continue;
    for (const r of functionResponses(m.content)) {
      const id = asString(r.id);
      if (id) answered.set(id, [...(answered.get(id) ?? []), r]);
    }
  }
  const called = new Set<string>();

  for (const m of chat.messages) {
    const id = asString(m.id);
    const type = asString(m.type);
    if (!id || !type) continue;
    const at = time(m.timestamp);
    const text = textOf(m.content);
    const base = {
      id: messageId(sid, type, id),
      session_id: sid,
      source: SOURCE,
      is_sidechain: false,
      ...(at !== undefined ? { created_at: at } : {}),
    };
    if (type === 'user') {
      if (text.includes('<state_snapshot>')) out.push(compaction(sid, id, at));
      if (text === '' || isSessionContext(text)) continue; // a tool result, or the CLI's own preamble
      out.push({ kind: 'message', ...base, role: 'user', text });
      if (!session.title) Object.assign(session, { title: text.slice(0, 200), title_rank: TitleRank.firstPrompt });
      continue;
    }
    if (type === 'gemini') {
      const model = asString(m.model);
      out.push({
        kind: 'message',
        ...base,
        role: 'assistant',
        ...(text !== '' ? { text } : {}),
        ...(model ? { model } : {}),
        ...usageOf(m.tokens),
      });
      for (const raw of Array.isArray(m.toolCalls) ? m.toolCalls : []) {
        const tc = asObject(raw);
        const cid = asString(tc?.id);
        const name = asString(tc?.name);
        if (!tc || !cid || !name || called.has(cid)) continue;
        called.add(cid);
        const call: ToolCallRecord = {
          kind: 'tool_call',
          id: callId(sid, cid),
          call_id: callId(sid, cid),
          session_id: sid,
          source: SOURCE,
          message_id: base.id,
          tool_name: name,
          category: geminiToolCategory(name),
          ...(tc.args !== undefined ? { tool_input: roughJson(tc.args) } : {}),
          ...geminiToolFile(name, tc.args),
          ...(at !== undefined ? { created_at: at } : {}),
        };
        out.push(call);
        const own = Array.isArray(tc.result) ? functionResponses(tc.result) : [];
        const result = resultOf(
          sid,
          {
            id: cid,
            name,
            status: asString(tc.status),
            args: tc.args,
            resultDisplay: tc.resultDisplay,
            timestamp: tc.timestamp,
          },
          own.length > 0 ? own : (answered.get(cid) ?? []),
        );
        if (result) out.push(result);
      }
      continue;
    }
    if (type === 'error') {
      out.push({
        kind: 'session_error',
        id: messageId(sid, type, id),
        session_id: sid,
        source: SOURCE,
        error_type: 'api_error',
        ...(text !== '' ? { error_message: roughCut(text, ERROR_MESSAGE_MAX_BYTES) } : {}),
        ...(at !== undefined ? { created_at: at } : {}),
      });
      continue;
    }
    // info, warning and whatever later releases add: kept as system messages.
    if ((type === 'info' || type === 'compression') && /compress/i.test(text)) out.push(compaction(sid, id, at, text));
    if (text !== '') out.push({ kind: 'message', ...base, role: 'system', text });
  }
  return out;
}

function compaction(sid: string, id: string, at: number | undefined, text = ''): CompactionRecord {
  const m = /from\s+([\d,]+)\s+to\s+([\d,]+)/i.exec(text);
  const n = (s: string | undefined) => (s === undefined ? undefined : Number(s.replace(/,/g, '')));
  return {
    kind: 'compaction',
    id: messageId(sid, 'compaction', id),
    session_id: sid,
    source: SOURCE,
    compaction_kind: 'compact',
    ...(m ? { tokens_before: n(m[1]), tokens_after: n(m[2]) } : {}),
    ...(at !== undefined ? { created_at: at } : {}),
  };
}

/** Absolute paths in a chat's tool arguments: they locate the project of an old hashed folder. */
export function pathsInChat(chat: GeminiChat): string[] {
  const out: string[] = [];
  for (const m of chat.messages) {
    for (const raw of Array.isArray(m.toolCalls) ? m.toolCalls : []) {
      const args = asObject(asObject(raw)?.args);
      for (const k of ['file_path', 'absolute_path', 'path', 'dir_path']) {
        const v = asString(args?.[k]);
        if (v?.startsWith('/')) out.push(v);
      }
    }
  }
  return out;
}
