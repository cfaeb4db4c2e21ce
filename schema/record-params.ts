// A record as the writer's statements bind it, and the same flat, as a parsing thread sends it.
import type { AnyRecord } from './records.js';
import {
  APPLY_TOOL_RESULT,
  PARK_TOOL_RESULT,
  UPSERT_COMPACTION,
  UPSERT_FILE_OPERATION,
  UPSERT_HOOK_EVENT,
  UPSERT_MESSAGE,
  UPSERT_PERMISSION_EVENT,
  UPSERT_SESSION,
  UPSERT_SESSION_ERROR,
  UPSERT_TOOL_CALL,
  UPSERT_TURN,
} from './writer-sql.js';

type Kind = AnyRecord['kind'];

/**
 * A record's statement parameters: every parameter its statements name, null when the record has
 * none, a boolean as 0 or 1; `kind` says which record it was, and a session's `patch_only` is kept.
 */
export type Params = Record<string, unknown> & { kind: Kind };

/** The named parameters of some statements, each once, in order of first use. */
const named = (...sql: string[]) => [
  ...new Set(
    sql
      .join('\n')
      .match(/@\w+/g)!
      .map((p) => p.slice(1)),
  ),
];

/** Each kind's parameters, in the order a flat row holds them (after its kind's place in KINDS). */
const NAMES: Record<Kind, readonly string[]> = {
  session: [...named(UPSERT_SESSION), 'patch_only'],
  message: named(UPSERT_MESSAGE),
  tool_call: named(UPSERT_TOOL_CALL),
  tool_result: named(APPLY_TOOL_RESULT, PARK_TOOL_RESULT),
  compaction: named(UPSERT_COMPACTION),
  session_error: named(UPSERT_SESSION_ERROR),
  file_operation: named(UPSERT_FILE_OPERATION),
  hook_event: named(UPSERT_HOOK_EVENT),
  turn: named(UPSERT_TURN),
  permission_event: named(UPSERT_PERMISSION_EVENT),
};
const KINDS = Object.keys(NAMES) as Kind[];
/** Where a message's computed parameters sit in its flat array. */
const TOKENS = NAMES.message.indexOf('tokens') + 1;
const IS_API_ERROR = NAMES.message.indexOf('is_api_error') + 1;

/** A message's total tokens, null when it carries no usage. */
function tokensOf(r: Extract<AnyRecord, { kind: 'message' }>): number | null {
  if (
    r.prompt_tokens === undefined &&
    r.completion_tokens === undefined &&
    r.cache_read_tokens === undefined &&
    r.cache_write_tokens === undefined
  )
    return null;
  return (r.prompt_tokens ?? 0) + (r.completion_tokens ?? 0) + (r.cache_read_tokens ?? 0) + (r.cache_write_tokens ?? 0);
}

/**
 * A record's parameters as a flat array, its kind's place in KINDS first: what a parsing thread sends
 * (a batch of these deserializes in about half the time of the records, and they are built without
 * an object in between, which would make the thread's batches outlive its young generation).
 * Filled by push, so the array is packed: a holey one clones no faster than the objects.
 */
export function flatRecord(r: AnyRecord): unknown[] {
  const out: unknown[] = [KINDS.indexOf(r.kind)];
  const values = r as unknown as Record<string, unknown>;
  for (const name of NAMES[r.kind]) {
    const v = values[name];
    out.push(v === undefined ? null : typeof v === 'boolean' ? (v ? 1 : 0) : v);
  }
  if (r.kind === 'message') {
    out[TOKENS] = tokensOf(r);
    out[IS_API_ERROR] = r.is_api_error ? 1 : 0;
  }
  return out;
}

/**
 * Per kind, a function that builds its parameters from a flat array with one object literal: every
 * row of a kind gets its shape at once (keyed stores in a loop cost as much as the clone saved).
 * The names are SQL parameter names (\w+), so they are plain property names here.
 */
const BUILDERS = KINDS.map(
  (kind) =>
    new Function(
      'f',
      `return { kind: ${JSON.stringify(kind)}, ${NAMES[kind].map((n, i) => `${n}: f[${i + 1}]`).join(', ')} };`,
    ) as (flat: readonly unknown[]) => Params,
);

/** A flat row's kind. */
export const kindOf = (flat: readonly unknown[]): Kind => KINDS[flat[0] as number]!;

/** Where a parameter of a kind sits in its flat rows. */
export const placeOf = (kind: Kind, name: string): number => NAMES[kind].indexOf(name) + 1;

/** The parameters a flat array holds. */
export const paramsOf = (flat: readonly unknown[]): Params => BUILDERS[flat[0] as number]!(flat);
