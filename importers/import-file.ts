// Imports one source file: decides what to read, streams it through the mapper, writes it in one transaction.
import fs from 'node:fs';
import type { Db } from '../schema/open-db.js';
import { loadImportState } from '../schema/import-state.js';
import type { Writer } from '../schema/writer.js';
import { classify, hashesAt, isUnchanged, readableEnd, resumeAt } from './file-change.js';
import type { LineImporter, LineProblem } from './importer.js';
import { isBadLine, readJsonlRange } from './jsonl-reader.js';

export interface FileOutcome {
  status: 'unchanged' | 'new' | 'appended' | 'rewritten';
  linesRead: number;
  badLines: number;
  invalidEntries: number;
}

/**
 * Rules 5-8 of DESIGN.md live here: an unchanged file is not opened; a grown file is read from
 * its saved offset; a rewritten or shrunk one is read whole (upserts lose nothing); a partial last
 * line is left for next time; records and the new state commit together or not at all.
 */
export async function importFile(
  db: Db,
  writer: Writer,
  importer: LineImporter<unknown>,
  file: string,
  onProblem: (p: LineProblem) => void,
): Promise<FileOutcome> {
  let stat = fs.statSync(file);
  const outcome: FileOutcome = { status: 'unchanged', linesRead: 0, badLines: 0, invalidEntries: 0 };
  if (isUnchanged(stat, loadImportState(db, file), importer.parserVersion)) return outcome;

  const rejects = importer.rejectsTo?.(file);
  const reject = (line: number, reason: string, text: string) => {
    onProblem({ path: file, line, reason });
    if (rejects) fs.appendFileSync(rejects, `${JSON.stringify({ line, reason, text })}\n`, { mode: 0o600 });
  };
  const fd = fs.openSync(file, 'r');
  // The state is read again inside the file's transaction: an import running at the same time
  // (a hook's, a cron job's) has finished with this file by then, and this one reads on from it.
  try {
    writer.begin();
    const saved = loadImportState(db, file);
    stat = fs.statSync(file);
    if (isUnchanged(stat, saved, importer.parserVersion)) {
      writer.rollback(); // another import took this file while we waited for the lock
      return outcome;
    }
    const hashes = saved ? hashesAt(fd, saved.offset) : { head: null, tail: null };
    const change = classify(stat, saved, importer.parserVersion, hashes);
    outcome.status = change.kind;
    const start = change.kind === 'appended' ? resumeAt(fd, change.start) : 0;
    const end = readableEnd(fd, start, stat.size);
    const ctx = await importer.context(file);
    let lines = change.lines;
    for (const { line, value } of readJsonlRange(fd, start, end, change.lines)) {
      lines = line;
      outcome.linesRead += 1;
      if (value === undefined) continue;
      if (isBadLine(value)) {
        outcome.badLines += 1;
        reject(line, `not JSON: ${value.reason}`, value.text);
        continue;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        outcome.badLines += 1;
        reject(line, 'not a JSON object', JSON.stringify(value));
        continue;
      }
      const mapped = importer.map(value, ctx);
      if ('invalid' in mapped) {
        outcome.invalidEntries += 1;
        reject(line, mapped.invalid, JSON.stringify(value));
        continue;
      }
      for (const record of mapped) writer.write(record);
    }
    for (const record of importer.finish?.(ctx) ?? []) writer.write(record);
    const after = hashesAt(fd, end);
    writer.commit({
      path: file,
      source: importer.source,
      parser_version: importer.parserVersion,
      size: stat.size,
      mtime_ms: Math.trunc(stat.mtimeMs),
      offset: end,
      lines,
      head_hash: after.head,
      tail_hash: after.tail,
      bad_lines: (change.kind === 'appended' ? (saved?.bad_lines ?? 0) : 0) + outcome.badLines + outcome.invalidEntries,
      imported_at: Date.now(),
    });
  } catch (err) {
    writer.rollback();
    throw err;
  } finally {
    fs.closeSync(fd);
  }
  return outcome;
}
