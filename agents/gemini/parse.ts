// Gemini CLI chat files to one chat: the old whole-file `.json` and the 0.61 `.jsonl` append log.
import { asObject, asString, type Json } from '../json-values.js';

export interface GeminiChat {
  sessionId?: string;
  projectHash?: string;
  startTime?: string;
  /** The newest `lastUpdated` the file states (metadata lines and `$set` records). */
  lastUpdated?: string;
  /** `main`, or the kind of a subagent's chat. */
  kind?: string;
  summary?: string;
  /** The messages in file order, the last version of each (type, id). */
  messages: Json[];
}

export interface ChatProblem {
  line: number;
  reason: string;
}

const later = (a: string | undefined, b: string | undefined) => (a === undefined || (b !== undefined && b > a) ? b : a);

/**
 * The old format: ONE object, rewritten whole on every change. Throws on text that is not one
 * JSON object (a half-written file), which the caller reports for the whole file.
 */
export function parseChatJson(text: string): GeminiChat {
  const j = asObject(JSON.parse(text));
  if (!j) throw new Error('not a JSON object');
  const messages = Array.isArray(j.messages) ? j.messages.map(asObject).filter((m): m is Json => m !== undefined) : [];
  return {
    sessionId: asString(j.sessionId),
    projectHash: asString(j.projectHash),
    startTime: asString(j.startTime),
    lastUpdated: asString(j.lastUpdated),
    kind: asString(j.kind),
    summary: asString(j.summary),
    messages,
  };
}

/**
 * The 0.61 append log, read the way the oracle counts it (shared/tools/oracle_gemini.py):
 * - the first metadata line (an object with `sessionId` and no `type`) names the session; a resume
 *   appends another one;
 * - a message (`id` and `type`) is appended again each time it changes: the last record of a
 *   (type, id) is the message (a user functionResponse message may reuse the id of the gemini
 *   message it answers, hence the type in the key);
 * - `{"$set": {"messages": [...]}}` REPLACES the list in the CLI's own reader, with copies that
 *   carry no tokens, model or tool calls: it is ignored here, so usage comes from the appended
 *   records and a resume loses nothing;
 * - `{"$rewindTo": id}` drops that message and every later one.
 * A line that is not a JSON object is reported and skipped; a partial last line too.
 */
export function parseChatJsonl(text: string, problems: ChatProblem[] = []): GeminiChat {
  const chat: GeminiChat = { messages: [] };
  let order: string[] = [];
  const last = new Map<string, Json>();
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      // A last line without its newline that does not parse is still being written: next import.
      if (i === lines.length - 1) return;
      problems.push({ line: i + 1, reason: `not JSON: ${(err as Error).message}` });
      return;
    }
    const r = asObject(value);
    if (!r) {
      problems.push({ line: i + 1, reason: 'not a JSON object' });
      return;
    }
    if ('$set' in r) {
      const set = asObject(r.$set);
      chat.lastUpdated = later(chat.lastUpdated, asString(set?.lastUpdated));
      if (set && asString(set.summary)) chat.summary = asString(set.summary);
      return;
    }
    if ('$rewindTo' in r) {
      const target = asString(r.$rewindTo);
      const at = order.findIndex((k) => k.endsWith(`\u0000${target}`));
      if (target !== undefined && at >= 0) {
        for (const k of order.slice(at)) last.delete(k);
        order = order.slice(0, at);
      }
      return;
    }
    if (r.type === undefined && asString(r.sessionId)) {
      chat.sessionId ??= asString(r.sessionId);
      chat.projectHash ??= asString(r.projectHash);
      chat.startTime ??= asString(r.startTime);
      chat.kind ??= asString(r.kind);
      chat.lastUpdated = later(chat.lastUpdated, asString(r.lastUpdated));
      return;
    }
    const id = asString(r.id);
    if (id === undefined) {
      problems.push({ line: i + 1, reason: 'a record without an id, a type or a known operation' });
      return;
    }
    const key = `${String(r.type)}\u0000${id}`;
    if (!last.has(key)) order.push(key);
    last.set(key, r);
  });
  chat.messages = order.map((k) => last.get(k)).filter((m): m is Json => m !== undefined);
  return chat;
}
