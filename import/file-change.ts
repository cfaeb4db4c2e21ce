// Decides how much of a source file to read, from its stat, its saved state and two small hashes.
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { ImportState } from '../schema/import-state.js';

export const HEAD_BYTES = 4096;
export const TAIL_BYTES = 1024;

export type Change =
  { kind: 'new' | 'rewritten'; start: 0; lines: 0 } | { kind: 'appended'; start: number; lines: number };

export interface FileStat {
  size: number;
  mtimeMs: number;
}

/**
 * A file that still starts with the bytes it started with, and still holds the same bytes just
 * before the saved offset, only grew: read from the offset. Anything else was rewritten or
 * truncated: read it whole (its rows are upserted, so nothing already imported is lost).
 */
export function classify(
  stat: FileStat,
  saved: ImportState | null,
  parserVersion: number,
  hashes: { head: string | null; tail: string | null },
): Change {
  if (!saved) return { kind: 'new', start: 0, lines: 0 };
  if (saved.parser_version !== parserVersion) return { kind: 'rewritten', start: 0, lines: 0 };
  if (stat.size < saved.offset) return { kind: 'rewritten', start: 0, lines: 0 };
  if (hashes.head !== saved.head_hash || hashes.tail !== saved.tail_hash)
    return { kind: 'rewritten', start: 0, lines: 0 };
  return { kind: 'appended', start: saved.offset, lines: saved.lines };
}

// Reads are synchronous: an import has nothing else to do meanwhile, and awaiting each read left the CPU idle.
function hashRange(fd: number, start: number, end: number): string | null {
  if (end <= start) return null;
  const buf = Buffer.alloc(end - start);
  const bytesRead = fs.readSync(fd, buf, 0, buf.length, start);
  return crypto.createHash('sha1').update(buf.subarray(0, bytesRead)).digest('hex');
}

/**
 * Marks a head hash that covers the whole imported prefix [0, offset), not only its first 4 KB.
 * States saved before it carry a 4 KB head hash and are checked the old way until re-imported.
 */
export const PREFIX_HASH = 'p1:';

export const isPrefixHash = (h: string | null): h is string => h !== null && h.startsWith(PREFIX_HASH);

/** A running hash of the bytes [from, to) of `fd`, to be continued with the bytes read after them. */
export function hashBytes(fd: number, from: number, to: number, hash = crypto.createHash('sha1')): crypto.Hash {
  const buf = Buffer.allocUnsafe(Math.min(1 << 20, Math.max(1, to - from)));
  for (let pos = from; pos < to;) {
    const n = fs.readSync(fd, buf, 0, Math.min(buf.length, to - pos), pos);
    if (n <= 0) break;
    hash.update(buf.subarray(0, n));
    pos += n;
  }
  return hash;
}

export const prefixDigest = (hash: crypto.Hash): string => PREFIX_HASH + hash.copy().digest('hex');

/** The head and tail hashes that identify the content up to `offset`. */
export function hashesAt(fd: number, offset: number): { head: string | null; tail: string | null } {
  return {
    head: hashRange(fd, 0, Math.min(offset, HEAD_BYTES)),
    tail: hashRange(fd, Math.max(0, offset - TAIL_BYTES), offset),
  };
}

/**
 * Where the complete lines in [start, size) end. Normally just past the last newline; a last line
 * without a newline counts as complete only when it is a whole JSON value (a file someone saved
 * without the final newline), since a line still being written does not parse.
 */
export function readableEnd(fd: number, start: number, size: number): number {
  const end = completeEnd(fd, start, size);
  if (end >= size) return end;
  const tail = Buffer.alloc(size - end);
  fs.readSync(fd, tail, 0, tail.length, end);
  try {
    JSON.parse(tail.toString('utf8'));
    return size;
  } catch {
    return end;
  }
}

/**
 * Where to resume a file whose last read ended on a line without a newline: the newline that
 * since finished that line is skipped, so it does not read as an extra blank line.
 */
export function resumeAt(fd: number, offset: number): number {
  if (offset === 0) return 0;
  const two = Buffer.alloc(2);
  const bytesRead = fs.readSync(fd, two, 0, 2, offset - 1);
  return bytesRead === 2 && two[0] !== 0x0a && two[1] === 0x0a ? offset + 1 : offset;
}

/** Offset just past the last newline in [start, size): a partial last line is left for later. */
export function completeEnd(fd: number, start: number, size: number): number {
  const chunk = 64 * 1024;
  let pos = size;
  const buf = Buffer.alloc(chunk);
  while (pos > start) {
    const from = Math.max(start, pos - chunk);
    const bytesRead = fs.readSync(fd, buf, 0, pos - from, from);
    const nl = buf.subarray(0, bytesRead).lastIndexOf(0x0a);
    if (nl >= 0) return from + nl + 1;
    pos = from;
  }
  return start;
}
