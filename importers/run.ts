// The import run: find each source's files, import each in turn, and sum up what happened.
import { type Db, DbError, isBusy } from '../schema/open-db.js';
import type { Source } from '../schema/records.js';
import { AnyRecord } from '../schema/records.js';
import { Writer } from '../schema/writer.js';
import { importFile } from './import-file.js';
import { importStore } from './import-store.js';
import { redactRecord } from './redact.js';
import type { LineProblem } from './importer.js';
import { importers } from './registry.js';

export interface RunOptions {
  /** Roots, project folders or files; empty means each source's default roots. */
  paths?: string[];
  sources?: Source[];
  env?: NodeJS.ProcessEnv;
  /** How many bad-line places to keep for the summary (all are counted). */
  maxProblems?: number;
  onProgress?: (done: number, total: number) => void;
  /** Redact secrets from stored text (default true; `agentlog import --no-redact` turns it off). */
  redact?: boolean;
  /** Check every record against its zod schema (default: when AGENTLOG_CHECK_RECORDS=1). */
  validate?: boolean;
}

export interface RunSummary {
  /** Directories searched when no path was given. */
  looked: string[];
  files: number;
  unchanged: number;
  imported: number;
  failed: { path: string; error: string }[];
  /** Files not imported because another process held the database past the wait: the next import takes them. */
  busy: string[];
  badLines: number;
  invalidEntries: number;
  problems: LineProblem[];
  added: {
    sessions: number;
    messages: number;
    tools: number;
    file_operations: number;
    session_errors: number;
    compaction_events: number;
  };
  durationMs: number;
}

const COUNTED = ['sessions', 'messages', 'tools', 'file_operations', 'session_errors', 'compaction_events'] as const;

function counts(db: Db): Record<(typeof COUNTED)[number], number> {
  const out = {} as Record<(typeof COUNTED)[number], number>;
  for (const t of COUNTED) out[t] = (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  return out;
}

export async function runImport(db: Db, opts: RunOptions = {}): Promise<RunSummary> {
  const started = Date.now();
  const maxProblems = opts.maxProblems ?? 10;
  const summary: RunSummary = {
    looked: [],
    files: 0,
    unchanged: 0,
    imported: 0,
    failed: [],
    busy: [],
    badLines: 0,
    invalidEntries: 0,
    problems: [],
    added: { sessions: 0, messages: 0, tools: 0, file_operations: 0, session_errors: 0, compaction_events: 0 },
    durationMs: 0,
  };
  const selected = importers.filter((i) => !opts.sources || opts.sources.includes(i.source));
  const plan: { importer: (typeof importers)[number]; files: string[] }[] = [];
  for (const importer of selected) {
    let paths = opts.paths ?? [];
    if (paths.length === 0 || (importer.kind === 'lines' && importer.pending)) {
      const search = importer.defaultRoots(opts.env);
      if (paths.length === 0) summary.looked.push(...search.looked);
      paths = [...paths, ...search.roots];
    }
    const files = paths.length > 0 ? await importer.discover(paths) : [];
    plan.push({ importer, files: [...new Set(files)] });
  }

  const before = counts(db);
  // Checkpoint the WAL every ~40 MB instead of every 4 MB while importing: a bulk import runs about
  // 15% faster (bench), and closing the database checkpoints what is left.
  const autocheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.pragma('wal_autocheckpoint = 10000');
  // Records are typed at compile time; checking each against its zod schema costs a quarter of an
  // import, so it runs where mappers change (the tests set AGENTLOG_CHECK_RECORDS=1) or on request.
  const check = opts.validate ?? (opts.env ?? process.env).AGENTLOG_CHECK_RECORDS === '1';
  const writer = new Writer(db, {
    validate: check ? (r) => AnyRecord.parse(r) : undefined,
    transform: opts.redact === false ? undefined : redactRecord,
  });
  const total = plan.reduce((n, p) => n + p.files.length, 0);
  const onProblem = (p: LineProblem) => {
    if (summary.problems.length < maxProblems) summary.problems.push(p);
  };
  for (const { importer, files } of plan) {
    for (const file of files) {
      try {
        const outcome =
          importer.kind === 'store'
            ? await importStore(db, writer, importer, file, onProblem)
            : await importFile(db, writer, importer, file, onProblem);
        if (outcome.status === 'unchanged') summary.unchanged += 1;
        else summary.imported += 1;
        summary.badLines += outcome.badLines;
        summary.invalidEntries += outcome.invalidEntries;
      } catch (err) {
        // The database cannot take more (disk full, read-only, I/O error): every further file would
        // fail the same way, so the run stops here. The file in progress was rolled back whole.
        const code = String((err as { code?: unknown }).code ?? '');
        if (/^SQLITE_(FULL|READONLY|IOERR|CANTOPEN)/.test(code)) {
          throw new DbError(
            `cannot write to the database ${db.name}: ${(err as Error).message} (while importing ${file}). ` +
              `Files imported before it are complete; free some space or pass --db to put the database elsewhere.`,
          );
        }
        // Another import or a hook kept the write lock longer than this one waits: nothing of the
        // file was written, its state is unchanged, so the next import reads it. Not a failure.
        if (isBusy(err)) summary.busy.push(file);
        else summary.failed.push({ path: file, error: (err as Error).message });
      }
      summary.files += 1;
      opts.onProgress?.(summary.files, total);
    }
  }
  db.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
  const after = counts(db);
  for (const t of COUNTED) summary.added[t] = after[t] - before[t];
  summary.durationMs = Date.now() - started;
  return summary;
}
