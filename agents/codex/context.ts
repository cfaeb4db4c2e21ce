// The per-file context of a rollout read: what its head says, the session, the lineage that keys calls and responses.
import crypto from 'node:crypto';
import path from 'node:path';
import { asObject, asString } from '../json-values.js';
import type { SessionRecord } from '../../schema/records.js';
import type { PatchFile } from './patch.js';

export const SOURCE = 'codex' as const;

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

/** A short stable digest, for ids of lines that carry none. */
export const short = (s: string) => crypto.createHash('sha1').update(s).digest('hex').slice(0, 16);
/** An ISO time to epoch ms, or undefined. */
export const time = (v: unknown): number | undefined => {
  if (typeof v !== 'string') return undefined;
  const t = Date.parse(v);
  return Number.isFinite(t) && t >= 0 ? t : undefined;
};

/** The id of a call within its lineage: what `tools.id` and `tools.call_id` hold for Codex. */
export const callKey = (ctx: CodexContext, callId: string) => `${ctx.lineage}:${callId}`;
