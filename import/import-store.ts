// Imports one store (a database or a tree of files): skipped when its fingerprint is unchanged,
// otherwise read from where the last import stopped, in one transaction with its new state.
import { type ImportState, isUnchanged } from '../schema/import-state.js';
import type { Writer } from '../schema/writer.js';
import type { FileOutcome } from './import-file.js';
import type { LineProblem, StoreImporter } from '../agents/contract.js';

export async function importStore(
  writer: Writer,
  importer: StoreImporter,
  store: string,
  onProblem: (p: LineProblem) => void,
): Promise<FileOutcome> {
  const outcome: FileOutcome = { status: 'unchanged', linesRead: 0, badLines: 0, invalidEntries: 0 };
  const fp = await importer.fingerprint(store);
  const same = (s: ImportState | null) =>
    isUnchanged({ size: fp.size, mtimeMs: fp.mtime_ms }, s, importer.parserVersion);
  if (same(writer.stateOf(store))) return outcome;
  const saved = writer.begin(store);
  try {
    if (same(saved)) {
      writer.rollback(); // another import read this store while we waited for the lock
      return outcome;
    }
    outcome.status = saved ? 'appended' : 'new';
    const r = await importer.read(store, saved, (record) => writer.write(record), onProblem);
    outcome.linesRead = r.items;
    outcome.invalidEntries = r.problems;
    writer.commit({
      path: store,
      source: importer.source,
      parser_version: importer.parserVersion,
      size: fp.size,
      mtime_ms: fp.mtime_ms,
      offset: 0,
      lines: r.items,
      head_hash: null,
      tail_hash: null,
      bad_lines: r.problems,
      cursor: r.cursor,
      imported_at: Date.now(),
    });
  } catch (err) {
    writer.rollback();
    throw err;
  }
  return outcome;
}
