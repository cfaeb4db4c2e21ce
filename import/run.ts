// The import run: find each source's files, import each in turn, and sum up what happened.
import { RECORD_TABLES, type RecordTable } from '../schema/data-tables.js';
import { buildDeferred, deferIndexes, nothingImported } from '../schema/deferred-indexes.js';
import { type Db, DbError, isBusy } from '../schema/open-db.js';
import { DISPLAY_NAMES } from '../agents/names.js';
import type { Source } from '../schema/records.js';
import { Writer } from '../schema/writer.js';
import type { FileOutcome } from './import-file.js';
import { importStore } from './import-store.js';
import { readAhead, threadCount } from './parse-pool.js';
import { storedRecord } from './stored-record.js';
import type { Importer, LineProblem } from '../agents/contract.js';
import { type ListFolder, listFolder, sharedListing } from '../agents/folder-files.js';
import { agents, importersOf } from '../agents/registry.js';

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
  /**
   * Threads that parse transcripts while the main thread writes, for a run with megabytes to read:
   * by default one per free core (at most 3; none on one core), or $AGENTLOG_IMPORT_THREADS (0 turns
   * them off). Given here, exactly that many whatever the run's size (tests, the bench).
   */
  threads?: number;
}

/** What one agent's part of the run found. */
export interface AgentSummary {
  source: Source;
  name: string;
  /** Transcript and spool files. */
  files: number;
  /** Databases and storage trees (OpenCode). */
  databases: number;
  /** Its sessions in the database after the run, and how many of them are new. */
  sessions: number;
  new_sessions: number;
}

export interface RunSummary {
  /** Directories searched when no path was given. */
  looked: string[];
  agents: AgentSummary[];
  files: number;
  unchanged: number;
  imported: number;
  failed: { path: string; error: string }[];
  /** Files not imported because another process held the database past the wait: the next import takes them. */
  busy: string[];
  badLines: number;
  invalidEntries: number;
  problems: LineProblem[];
  added: Record<RecordTable, number>;
  durationMs: number;
}

type Plan = { importer: Importer; files: string[] }[];

export interface ImportPlan {
  plan: Plan;
  looked: string[];
  /** Folders that could not be read: their files were not found. */
  unreadable: { path: string; error: string }[];
  /** How many files and stores were found, over every source. */
  found: number;
}

/**
 * Finds what each selected source would import; touches no database. Each folder is walked once
 * (`list`, for every agent that looks in it) and each agent takes its own files from that listing.
 */
export async function planImport(opts: RunOptions = {}, list: ListFolder = listFolder): Promise<ImportPlan> {
  const looked: string[] = [];
  const unreadable: { path: string; error: string }[] = [];
  const plan: Plan = [];
  const listing = sharedListing(list);
  for (const importer of await importersOf(opts.sources)) {
    let paths = opts.paths ?? [];
    if (paths.length === 0 || (importer.kind === 'lines' && importer.pending)) {
      const search = importer.defaultRoots(opts.env);
      if (paths.length === 0) looked.push(...search.looked);
      paths = [...paths, ...search.roots];
    }
    const onUnreadable = (dir: string, error: string) =>
      unreadable.push({ path: dir, error: `cannot read this folder, its files were not imported: ${error}` });
    const files = paths.length > 0 ? await importer.discover(paths, { list: listing, onUnreadable }) : [];
    // A file another agent claims by its name (a Codex rollout, a Gemini chat) is that agent's, even
    // when a wider discovery found it too: import state is kept per path, so one file has one reader.
    const mine = (f: string) => !agents.some((a) => a.source !== importer.source && a.claims?.(f));
    plan.push({ importer, files: [...new Set(files)].filter(mine) });
  }
  return { plan, looked, unreadable, found: plan.reduce((n, p) => n + p.files.length, 0) };
}

// A file's reading (its hashes, the line reader) is loaded at the first file that changed.
const reading = () => import('./import-file.js');

const UNCHANGED: FileOutcome = { status: 'unchanged', linesRead: 0, badLines: 0, invalidEntries: 0 };

const sessionsBySource = (db: Db) =>
  new Map(
    (
      db.prepare('SELECT source, count(*) AS n FROM sessions GROUP BY source').all() as { source: string; n: number }[]
    ).map((r) => [r.source, r.n]),
  );

export async function runImport(db: Db, opts: RunOptions = {}, planned?: ImportPlan): Promise<RunSummary> {
  const started = Date.now();
  const maxProblems = opts.maxProblems ?? 10;
  const summary: RunSummary = {
    agents: [],
    looked: [],
    files: 0,
    unchanged: 0,
    imported: 0,
    failed: [],
    busy: [],
    badLines: 0,
    invalidEntries: 0,
    problems: [],
    added: Object.fromEntries(RECORD_TABLES.map((t) => [t, 0])) as Record<RecordTable, number>,
    durationMs: 0,
  };
  const { plan, looked, unreadable } = planned ?? (await planImport(opts));
  summary.looked.push(...looked);
  summary.failed.push(...unreadable);

  const sessionsBefore = sessionsBySource(db);
  // Checkpoint the WAL every ~40 MB instead of every 4 MB while importing: a bulk import runs about
  // 15% faster (bench), and closing the database checkpoints what is left.
  const autocheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.pragma('wal_autocheckpoint = 10000');
  // Records are typed at compile time; checking each against its zod schema costs a quarter of an
  // import, so it runs where mappers change (the tests set AGENTLOG_CHECK_RECORDS=1) or on request.
  // zod is loaded only then: loading it costs an import or a hook about 0.1 s CPU.
  const check = opts.validate ?? (opts.env ?? process.env).AGENTLOG_CHECK_RECORDS === '1';
  const { AnyRecord } = check ? await import('../schema/records.js') : { AnyRecord: undefined };
  const writer = new Writer(db, {
    validate: AnyRecord ? (r) => AnyRecord.parse(r) : undefined,
    transform: storedRecord(opts.redact !== false),
  });
  const total = plan.reduce((n, p) => n + p.files.length, 0);
  // A first import builds the indexes only reports read once at its end, not row by row
  // ($AGENTLOG_DEFER_INDEXES=0 keeps them row by row, to compare).
  const defer = (opts.env ?? process.env).AGENTLOG_DEFER_INDEXES !== '0' && total > 0 && nothingImported(db);
  const deferred = defer ? atTheDatabase(db, 'while preparing the import', () => deferIndexes(db)) : [];
  const onProblem = (p: LineProblem) => {
    if (summary.problems.length < maxProblems) summary.problems.push(p);
  };
  // Each transcript's state is looked at once here; with enough to read, threads parse the changed
  // ones ahead while this thread writes (parse-pool.ts).
  const ahead = await readAhead(
    writer,
    plan,
    opts.threads ?? threadCount(opts.env ?? process.env),
    opts.threads !== undefined,
    opts.redact !== false,
    check,
  );
  try {
    for (const { importer, files } of plan) {
      for (const file of files) {
        try {
          const outcome =
            importer.kind === 'store'
              ? await importStore(writer, importer, file, onProblem)
              : ahead.unchanged.has(file)
                ? UNCHANGED
                : await (await reading()).importFile(writer, importer, file, onProblem, ahead.pool?.take(file));
          if (outcome.status === 'unchanged') summary.unchanged += 1;
          else summary.imported += 1;
          summary.badLines += outcome.badLines;
          summary.invalidEntries += outcome.invalidEntries;
        } catch (err) {
          // The database cannot take more (disk full, read-only, I/O error): every further file would
          // fail the same way, so the run stops here. The file in progress was rolled back whole.
          throwIfCannotWrite(db, err, `while importing ${file}`);
          // Another import or a hook kept the write lock longer than this one waits: nothing of the
          // file was written, its state is unchanged, so the next import reads it. Not a failure.
          if (isBusy(err)) summary.busy.push(file);
          else summary.failed.push({ path: file, error: (err as Error).message });
        }
        summary.files += 1;
        opts.onProgress?.(summary.files, total);
      }
    }
  } finally {
    await ahead.pool?.close();
  }
  // A run that stopped on an error leaves them to the next open (open-db.ts).
  if (deferred.length > 0) atTheDatabase(db, 'while building its report indexes', () => buildDeferred(db));
  db.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
  // The writer counts the rows it inserted: counting whole tables before and after costs a scan of each.
  summary.added = { ...writer.added };
  const sessionsAfter = sessionsBySource(db);
  for (const source of [...new Set(plan.map((p) => p.importer.source))]) {
    const parts = plan.filter((p) => p.importer.source === source);
    const count = (kind: string) =>
      parts.filter((p) => p.importer.kind === kind).reduce((n, p) => n + p.files.length, 0);
    const sessions = sessionsAfter.get(source) ?? 0;
    summary.agents.push({
      source,
      name: DISPLAY_NAMES[source],
      files: count('lines'),
      databases: count('store'),
      sessions,
      new_sessions: sessions - (sessionsBefore.get(source) ?? 0),
    });
  }
  summary.durationMs = Date.now() - started;
  return summary;
}

/**
 * The database cannot take more (disk full, read-only, I/O error): every further write would fail
 * the same way, so the run stops with a message naming the database, not a stack.
 */
function throwIfCannotWrite(db: Db, err: unknown, during: string): void {
  if (!/^SQLITE_(FULL|READONLY|IOERR|CANTOPEN)/.test(String((err as { code?: unknown }).code ?? ''))) return;
  throw new DbError(
    `cannot write to the database ${db.name}: ${(err as Error).message} (${during}). ` +
      `Files imported before it are complete; free some space or pass --db to put the database elsewhere.`,
  );
}

/** `fn` on the database outside a file's transaction, its write failures told as `throwIfCannotWrite` does. */
function atTheDatabase<T>(db: Db, during: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throwIfCannotWrite(db, err, during);
    throw err;
  }
}
