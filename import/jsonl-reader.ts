// Streams the complete lines of a JSONL byte range, parsed, with absolute line numbers.
import fs from 'node:fs';
import { none } from 'stream-chain/defs.js';
import fixUtf8Stream from 'stream-chain/utils/fixUtf8Stream.js';
import lines from 'stream-chain/utils/lines.js';
import jsonlParser from 'stream-json/jsonl/parser.js';

export const BAD = Symbol('bad line');
export interface BadLine {
  [BAD]: true;
  reason: string;
  text: string;
}

const CHUNK = 1 << 20;

export interface JsonlLine {
  /** 1-based line number in the file. */
  line: number;
  value: unknown;
}

const badLine = (error: Error, text: string): BadLine => ({ [BAD]: true, reason: error.message, text });
export const isBadLine = (v: unknown): v is BadLine => typeof v === 'object' && v !== null && BAD in v;

/**
 * The pieces of stream-json's JSONL parser (UTF-8 boundary fixing, line splitting, and its
 * `checkedParse`), driven directly so that blank lines still count towards line numbers and a
 * bad line comes back as a `BadLine` instead of ending the stream. Memory holds one chunk and
 * one line at a time; `onBytes` sees every chunk read (the import hashes them). `end` must sit at the end of a complete line (see `readableEnd`). Reads are
 * synchronous (an import has nothing else to do meanwhile).
 */
export function* readJsonlRange(
  fd: number,
  start: number,
  end: number,
  firstLine: number,
  onBytes?: (chunk: Buffer) => void,
): Generator<JsonlLine> {
  if (end <= start) return;
  const fix = fixUtf8Stream();
  const split = lines();
  let line = firstLine;
  const parse = (text: string): JsonlLine => {
    line += 1;
    if (text.trim() === '') return { line, value: undefined };
    return { line, value: jsonlParser.checkedParse(text, undefined, badLine) };
  };
  const buf = Buffer.allocUnsafe(CHUNK);
  for (let pos = start; pos < end;) {
    const n = fs.readSync(fd, buf, 0, Math.min(CHUNK, end - pos), pos);
    if (n <= 0) break;
    pos += n;
    onBytes?.(buf.subarray(0, n));
    for (const text of split(fix(buf.subarray(0, n)))) yield parse(text);
  }
  for (const text of split(fix(none))) yield parse(text);
  for (const text of split(none)) yield parse(text);
}
