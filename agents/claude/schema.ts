// Claude Code transcript lines, read leniently (a wrong-typed field reads as missing, never fails the line):
// the types of the zod schemas in entry-schema.ts (the tests hold the two together), and the
// hand-written readers the import runs.
import type { z } from 'zod';
import type * as S from './entry-schema.js';

export type Usage = z.infer<typeof S.Usage>;
export type Block = z.infer<typeof S.Block>;
export type ApiMessage = z.infer<typeof S.ApiMessage>;
export type Entry = z.infer<typeof S.Entry>;

/**
 * Entry types that give no record: they are dropped on their `type` alone, before anything else
 * is read (`progress` lines can be most of a file). Only types that the mapper ignores belong here.
 */
export const IGNORED_TYPES: ReadonlySet<string> = new Set(['progress', 'file-history-snapshot', 'queue-operation']);

// Hand-written `Entry.safeParse` for the import: the same lenient reading of the same fields (a
// test holds them together, field by field), several times faster than zod on every line.
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const asStr = (v: unknown) => (typeof v === 'string' ? v : undefined);
const asNum = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const asBool = (v: unknown) => (typeof v === 'boolean' ? v : undefined);
const asRecord = (v: unknown) => (isObj(v) ? v : undefined);

function readUsage(u: Obj): Usage {
  return {
    input_tokens: asNum(u.input_tokens),
    output_tokens: asNum(u.output_tokens),
    cache_creation_input_tokens: asNum(u.cache_creation_input_tokens),
    cache_read_input_tokens: asNum(u.cache_read_input_tokens),
    cache_creation: asRecord(u.cache_creation),
  };
}

function readApiMessage(m: Obj): ApiMessage {
  const c = m.content;
  const stop = m.stop_reason;
  return {
    id: asStr(m.id),
    role: asStr(m.role),
    model: asStr(m.model),
    content: typeof c === 'string' || Array.isArray(c) ? c : undefined,
    usage: isObj(m.usage) ? readUsage(m.usage) : undefined,
    stop_reason: stop === null ? null : asStr(stop),
  };
}

/** The entry, or undefined for a line without a string `type` (as `Entry.safeParse` fails it). */
export function readEntry(v: Obj): Entry | undefined {
  if (typeof v.type !== 'string') return undefined;
  const parent = v.parentUuid;
  return {
    type: v.type,
    subtype: asStr(v.subtype),
    uuid: asStr(v.uuid),
    parentUuid: parent === null ? null : asStr(parent),
    sessionId: asStr(v.sessionId),
    timestamp: asStr(v.timestamp),
    cwd: asStr(v.cwd),
    gitBranch: asStr(v.gitBranch),
    version: asStr(v.version),
    isSidechain: asBool(v.isSidechain),
    agentId: asStr(v.agentId),
    isMeta: asBool(v.isMeta),
    isCompactSummary: asBool(v.isCompactSummary),
    permissionMode: asStr(v.permissionMode),
    requestId: asStr(v.requestId),
    message: isObj(v.message) ? readApiMessage(v.message) : undefined,
    toolUseResult: v.toolUseResult,
    isApiErrorMessage: asBool(v.isApiErrorMessage),
    error: v.error,
    apiErrorStatus: asNum(v.apiErrorStatus),
    content: v.content,
    level: asStr(v.level),
    retryAttempt: asNum(v.retryAttempt),
    compactMetadata: asRecord(v.compactMetadata),
    microcompactMetadata: asRecord(v.microcompactMetadata),
    summary: asStr(v.summary),
    customTitle: asStr(v.customTitle),
    aiTitle: asStr(v.aiTitle),
    attachment: asRecord(v.attachment),
    durationMs: asNum(v.durationMs),
    messageCount: asNum(v.messageCount),
    hookErrors: Array.isArray(v.hookErrors) ? v.hookErrors : undefined,
    hookInfos: Array.isArray(v.hookInfos) ? v.hookInfos : undefined,
    toolUseID: asStr(v.toolUseID),
  };
}

/** A content block, or undefined where `Block.safeParse` fails (not an object). */
export function readBlock(b: unknown): Block | undefined {
  if (!isObj(b)) return undefined;
  return {
    type: asStr(b.type),
    text: asStr(b.text),
    id: asStr(b.id),
    name: asStr(b.name),
    input: b.input,
    tool_use_id: asStr(b.tool_use_id),
    content: b.content,
    is_error: asBool(b.is_error),
  };
}
