// Streams the complete lines of a JSONL byte range, parsed, with absolute line numbers.
import fs from 'node:fs';

export const BAD = Symbol('bad line');
export interface BadLine {
  [BAD]: true;
  reason: string;
  text: string;
}

const CHUNK = 1 << 20;
/**
 * The read buffer of the last read that ended, for the next one: a new 1 MB buffer per file left
 * tens of MB of them waiting for a full GC during an import (external memory, ~20 MB at 50 MB).
 */
let spare: Buffer | undefined;
const LF = 0x0a;
const CR = 0x0d;

export interface JsonlLine {
  /** 1-based line number in the file. */
  line: number;
  value: unknown;
}

export const isBadLine = (v: unknown): v is BadLine => typeof v === 'object' && v !== null && BAD in v;

function parse(line: number, text: string): JsonlLine {
  if (text.trim() === '') return { line, value: undefined };
  try {
    return { line, value: JSON.parse(text) };
  } catch (err) {
    return { line, value: { [BAD]: true, reason: (err as Error).message, text } satisfies BadLine };
  }
}

/**
 * Lines are split on the newline byte and each is decoded on its own (a newline byte never sits
 * inside a multi-byte UTF-8 character), so no chunk is decoded whole. "\r\n" ends a line as "\n"
 * does; blank lines still count towards line numbers; a bad line comes back as a `BadLine` instead
 * of ending the read. Memory holds one chunk and one line at a time; `onBytes` sees every chunk
 * read (the import hashes them). `end` must sit at the end of a complete line (see `readableEnd`),
 * or at the end of a last line without a newline. Reads are synchronous (an import has nothing
 * else to do meanwhile). `chunkSize` is for tests.
 */
export function* readJsonlRange(
  fd: number,
  start: number,
  end: number,
  firstLine: number,
  onBytes?: (chunk: Buffer) => void,
  chunkSize = CHUNK,
): Generator<JsonlLine> {
  if (end <= start) return;
  let line = firstLine;
  const buf = spare?.length === chunkSize ? spare : Buffer.allocUnsafe(chunkSize);
  spare = undefined; // a read that runs meanwhile allocates its own
  try {
    // The start of a line that runs past the chunk it began in, copied (the chunk buffer is reused).
    let pending: Buffer[] = [];
    for (let pos = start; pos < end;) {
      const n = fs.readSync(fd, buf, 0, Math.min(chunkSize, end - pos), pos);
      if (n <= 0) break;
      pos += n;
      const chunk = buf.subarray(0, n);
      onBytes?.(chunk);
      let from = 0;
      for (let nl = chunk.indexOf(LF); nl !== -1; nl = chunk.indexOf(LF, from)) {
        let text: string;
        if (pending.length === 0) {
          text = chunk.toString('utf8', from, nl > from && chunk[nl - 1] === CR ? nl - 1 : nl);
        } else {
          pending.push(chunk.subarray(from, nl));
          const whole = Buffer.concat(pending);
          pending = [];
          const cut = whole.length > 0 && whole[whole.length - 1] === CR ? whole.length - 1 : whole.length;
          text = whole.toString('utf8', 0, cut);
        }
        from = nl + 1;
        yield parse(++line, text);
      }
      if (from < n) pending.push(Buffer.from(chunk.subarray(from)));
    }
    // A last line without a newline (`readableEnd` found it complete JSON).
    if (pending.length > 0) yield parse(++line, Buffer.concat(pending).toString('utf8'));
  } finally {
    spare = buf;
  }
}
