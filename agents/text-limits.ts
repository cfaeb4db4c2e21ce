// Size limits applied to text before it is stored, shared by every importer.
import type { AnyRecord } from '../schema/records.js';

// Enough to see what a call did and why it failed; whole file contents would make the database as
// large as the transcripts (the bench's database/corpus target is 0.35).
export const TOOL_OUTPUT_MAX_BYTES = 1024;
export const ERROR_MESSAGE_MAX_BYTES = 1024;
/** Long string values inside a tool's input (a Write's whole file) are cut to this. */
export const INPUT_STRING_MAX_BYTES = 1024;

/** The longest prefix of `text` that fits in `maxBytes` of UTF-8, never splitting a character. */
export function cutUtf8(text: string, maxBytes: number): string {
  if (text.length * 3 <= maxBytes) return text;
  // Every character takes a byte or more, so no more than the first `maxBytes` can fit: a long text
  // is not encoded whole. A pair cut in two there encodes last, past the cut, and is dropped by it.
  const head = text.length > maxBytes ? text.slice(0, maxBytes) : text;
  const buf = Buffer.from(head, 'utf8');
  if (buf.length <= maxBytes) return head;
  let end = maxBytes;
  // Step back over UTF-8 continuation bytes (10xxxxxx) so the cut lands on a character boundary.
  while (end > 0 && ((buf[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return buf.subarray(0, end).toString('utf8');
}

/**
 * How far past a limit a mapper keeps text, so that redaction sees a secret that straddles the
 * limit whole (an RSA 4096 private key block is about 3.3 KB) before `limitRecord` makes the final cut.
 */
export const REDACTION_READ_AHEAD_BYTES = 4 * 1024;

/** The mappers' cut: `maxBytes` and the read-ahead; the stored text is cut to `maxBytes` after redaction. */
export const roughCut = (text: string, maxBytes: number): string =>
  cutUtf8(text, maxBytes + REDACTION_READ_AHEAD_BYTES);

/** The mappers' tool input: JSON with each long string cut roughly (the read-ahead kept for redaction). */
export const roughJson = (value: unknown): string | undefined =>
  boundedJson(value, INPUT_STRING_MAX_BYTES + REDACTION_READ_AHEAD_BYTES);

/** Tool input JSON with each string cut to its stored limit; short input (the usual) is not parsed at all. */
function limitInput(json: string): string {
  if (json.length * 3 <= INPUT_STRING_MAX_BYTES || Buffer.byteLength(json) <= INPUT_STRING_MAX_BYTES) return json;
  try {
    return boundedJson(JSON.parse(json)) ?? json;
  } catch {
    return json; // not JSON (never written so by a mapper): left as it is
  }
}

/** The record with its text cut to the stored limits: the last step before it is written, after redaction. */
export function limitRecord(r: AnyRecord): AnyRecord {
  if (r.kind === 'tool_call' && r.tool_input !== undefined) {
    const input = limitInput(r.tool_input);
    return input === r.tool_input ? r : { ...r, tool_input: input };
  }
  if (r.kind === 'tool_result') {
    const out = r.tool_output !== undefined ? cutUtf8(r.tool_output, TOOL_OUTPUT_MAX_BYTES) : undefined;
    const err = r.error_message !== undefined ? cutUtf8(r.error_message, ERROR_MESSAGE_MAX_BYTES) : undefined;
    if (out === r.tool_output && err === r.error_message) return r;
    return {
      ...r,
      ...(out !== undefined ? { tool_output: out } : {}),
      ...(err !== undefined ? { error_message: err } : {}),
    };
  }
  if ((r.kind === 'session_error' || r.kind === 'hook_event') && r.error_message !== undefined) {
    const err = cutUtf8(r.error_message, ERROR_MESSAGE_MAX_BYTES);
    return err === r.error_message ? r : { ...r, error_message: err };
  }
  return r;
}

/** JSON of `value` with each long string cut, so the JSON stays valid and paths stay whole. */
export function boundedJson(value: unknown, maxStringBytes = INPUT_STRING_MAX_BYTES): string | undefined {
  if (value === undefined) return undefined;
  // No string holds more bytes than the JSON holding it: JSON that fits needs no cut (most input).
  const plain = JSON.stringify(value);
  if (plain === undefined || Buffer.byteLength(plain) <= maxStringBytes) return plain;
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'string' && v.length * 3 > maxStringBytes ? cutUtf8(v, maxStringBytes) : v,
  );
}
