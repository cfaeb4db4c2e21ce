// Imports one source file: decides what to read, streams it through the mapper, writes it in one transaction.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { type ImportState, isUnchanged } from '../schema/import-state.js';
import type { AnyRecord } from '../schema/records.js';
import type { Writer } from '../schema/writer.js';
import { classify, hashBytes, hashesAt, isPrefixHash, prefixDigest, readableEnd, resumeAt } from './file-change.js';
import type { LineImporter, LineProblem, Mapped } from '../agents/contract.js';
import { isBadLine, readJsonlRange } from './jsonl-reader.js';

/**
 * The mapper's records for one line, or why it has none. A line that breaks the mapper (one nested
 * thousands of levels deep overflows any walk of it) is that line's problem, never the file's.
 */
export function mapLine<Ctx>(importer: LineImporter<Ctx>, value: object, ctx: Ctx): Mapped {
  try {
    return importer.map(value, ctx);
  } catch (err) {
    if (err instanceof RangeError && /call stack/i.test(err.message)) return { invalid: 'nested too deep to read' };
    return { invalid: `cannot be read: ${(err as Error).message}` };
  }
}

/** The line again as JSON for the rejects file; a value too deep to serialize is named instead. */
function jsonOrDepth(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (err) {
    return `[the line could not be serialized again: ${(err as Error).message}]`;
  }
}

/** New bytes past which a file's rows outgrow better-sqlite3's 16 MB page cache: written on a small one (Writer.smallCache). */
export const BIG_READ = 16 << 20;

export interface FileOutcome {
  status: 'unchanged' | 'new' | 'appended' | 'rewritten';
  linesRead: number;
  badLines: number;
  invalidEntries: number;
}

/** Where the reading side of an import puts what it finds, in the order of the file's lines. */
export interface ReadSink {
  record(record: AnyRecord): void;
  /** A line that gave nothing; `text` is asked for only by an importer that keeps rejected lines. */
  reject(line: number, reason: string, text: () => string): void;
  /** Bytes read from the file so far, a chunk at a time (a parsing thread sizes its batches by them). */
  bytes?(n: number): void;
}

/** What reading a file's new lines gave besides its records: its outcome and the state to commit with them. */
export interface FileRead {
  outcome: FileOutcome;
  state: Omit<ImportState, 'imported_at'>;
}

/**
 * A file read ahead of its transaction (in a parsing thread, import/parse-pool.ts), from the state
 * seen before the lock: used only when the state read inside the transaction is still that one.
 * Its records come as the writer's statement parameters, redacted and cut in the thread.
 */
export interface ReadAhead {
  saved: ImportState | null;
  /**
   * Gives what was read, in the file's order: each record's flat parameters to `write`, each
   * rejected line to `sink`; resolves to the read's result.
   */
  replay(sink: ReadSink, write: (flat: unknown[]) => void): Promise<FileRead>;
  /** Drops what was read: the file is read again in the transaction. */
  discard(): void;
}

/** The same state, field by field (rows of `import_state`, so plain values). */
export function sameState(a: ImportState | null, b: ImportState | null): boolean {
  if (a === null || b === null) return a === b;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => a[k as keyof ImportState] === b[k as keyof ImportState]);
}

/**
 * Rules 5-8 of DESIGN.md live here: an unchanged file is not opened; a grown file is read from
 * its saved offset; a rewritten or shrunk one is read whole (upserts lose nothing); a partial last
 * line is left for next time; records and the new state commit together or not at all.
 */
export async function importFile(
  writer: Writer,
  importer: LineImporter<unknown>,
  file: string,
  onProblem: (p: LineProblem) => void,
  ahead?: ReadAhead,
): Promise<FileOutcome> {
  try {
    return await writeFile(writer, importer, file, onProblem, ahead);
  } finally {
    // Used, not used or failed halfway: its thread must not wait to hand over the rest of it.
    ahead?.discard();
  }
}

async function writeFile(
  writer: Writer,
  importer: LineImporter<unknown>,
  file: string,
  onProblem: (p: LineProblem) => void,
  ahead?: ReadAhead,
): Promise<FileOutcome> {
  let stat = fs.statSync(file);
  const unchanged: FileOutcome = { status: 'unchanged', linesRead: 0, badLines: 0, invalidEntries: 0 };
  if (isUnchanged(stat, writer.stateOf(file), importer.parserVersion)) return unchanged;

  const rejects = importer.rejectsTo?.(file);
  const sink: ReadSink = {
    record: (record) => writer.write(record),
    reject(line, reason, text) {
      onProblem({ path: file, line, reason });
      if (rejects) fs.appendFileSync(rejects, `${JSON.stringify({ line, reason, text: text() })}\n`, { mode: 0o600 });
    },
  };
  // The state is read again inside the file's transaction: an import running at the same time
  // (a hook's, a cron job's) has finished with this file by then, and this one reads on from it.
  try {
    const saved = writer.begin(file);
    stat = fs.statSync(file);
    if (isUnchanged(stat, saved, importer.parserVersion)) {
      writer.rollback(); // another import took this file while we waited for the lock
      return unchanged;
    }
    if (stat.size - (saved?.offset ?? 0) > BIG_READ) writer.smallCache();
    let read: FileRead;
    if (ahead && sameState(saved, ahead.saved)) read = await ahead.replay(sink, (flat) => writer.writeFlat(flat));
    else {
      ahead?.discard(); // now: its thread goes on with the next files while this one is read here
      const fd = fs.openSync(file, 'r');
      try {
        read = await readNewLines(importer, file, fd, stat, saved, sink);
      } finally {
        fs.closeSync(fd);
      }
    }
    writer.commit({ ...read.state, imported_at: Date.now() });
    return read.outcome;
  } catch (err) {
    writer.rollback();
    throw err;
  }
}

/**
 * The reading side of a file's import, apart from any database: from the saved state, decides what
 * to read, streams its lines through the mapper into `sink`, and says what state the read leaves.
 * Runs in the file's transaction, or ahead of it in a parsing thread.
 */
export async function readNewLines(
  importer: LineImporter<unknown>,
  file: string,
  fd: number,
  stat: fs.Stats,
  saved: ImportState | null,
  sink: ReadSink,
): Promise<FileRead> {
  const outcome: FileOutcome = { status: 'unchanged', linesRead: 0, badLines: 0, invalidEntries: 0 };
  // A file that grew is checked whole up to where the last import stopped: a change in its middle
  // (while lines were also appended) makes it rewritten. The hash then runs on over what is read.
  let prefix: crypto.Hash | undefined;
  let hashes: { head: string | null; tail: string | null } = { head: null, tail: null };
  if (saved) {
    hashes = hashesAt(fd, saved.offset);
    if (isPrefixHash(saved.head_hash) && stat.size >= saved.offset) {
      prefix = hashBytes(fd, 0, saved.offset);
      hashes.head = prefixDigest(prefix);
    }
  }
  const change = classify(stat, saved, importer.parserVersion, hashes);
  outcome.status = change.kind;
  const start = change.kind === 'appended' ? resumeAt(fd, change.start) : 0;
  if (change.kind !== 'appended' || !prefix) prefix = hashBytes(fd, 0, start);
  else hashBytes(fd, change.start, start, prefix);
  const end = readableEnd(fd, start, stat.size);
  const ctx = await importer.context(file);
  let lines = change.lines;
  const running = prefix;
  for (const { line, value } of readJsonlRange(fd, start, end, change.lines, (chunk) => {
    running.update(chunk);
    sink.bytes?.(chunk.length);
  })) {
    lines = line;
    outcome.linesRead += 1;
    if (value === undefined) continue;
    if (isBadLine(value)) {
      outcome.badLines += 1;
      sink.reject(line, `not JSON: ${value.reason}`, () => value.text);
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      outcome.badLines += 1;
      sink.reject(line, 'not a JSON object', () => jsonOrDepth(value));
      continue;
    }
    const mapped = mapLine(importer, value, ctx);
    if ('invalid' in mapped) {
      outcome.invalidEntries += 1;
      sink.reject(line, mapped.invalid, () => jsonOrDepth(value));
      continue;
    }
    for (const record of mapped) sink.record(record);
  }
  for (const record of importer.finish?.(ctx) ?? []) sink.record(record);
  const after = hashesAt(fd, end);
  const state = {
    path: file,
    source: importer.source,
    parser_version: importer.parserVersion,
    size: stat.size,
    mtime_ms: Math.trunc(stat.mtimeMs),
    offset: end,
    lines,
    head_hash: prefixDigest(running),
    tail_hash: after.tail,
    bad_lines: (change.kind === 'appended' ? (saved?.bad_lines ?? 0) : 0) + outcome.badLines + outcome.invalidEntries,
  };
  return { outcome, state };
}
