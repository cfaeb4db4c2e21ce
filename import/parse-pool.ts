// Parsing threads for a large import: they read and map files ahead while the main thread writes.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { LineImporter } from '../agents/contract.js';
import { importersOf } from '../agents/registry.js';
import { type ImportState, isUnchanged } from '../schema/import-state.js';
import type { Source } from '../schema/records.js';
import type { Writer } from '../schema/writer.js';
import type { FileRead, ReadAhead, ReadSink } from './import-file.js';

/** More threads than this only wait for the one writer. */
const MAX_THREADS = 3;
/**
 * Below this many bytes to read, starting a thread (~0.3 s CPU to load the importers) costs more
 * than it saves (a cron job's few grown files).
 */
const MIN_BYTES = 8 << 20;
/** Files handed to a thread before it finished the earlier ones, so it never waits for the main thread to hand it more. */
const FILES_AHEAD = 2;

/**
 * A batch closes at this many records or bytes of the file read (counted a 1 MB chunk at a time),
 * so a 100 MB file streams. Few records, so that a batch dies young on both sides: batches of
 * 2,000 outlived the thread's small young generation and piled up in both old generations until a
 * full GC (peak RSS of the 50 MB corpus 171 -> 145 MB, of its 100 MB file alone 258 -> 177 MB).
 */
export const BATCH_RECORDS = 100;
export const BATCH_BYTES = 2 << 20;
/** Batches a thread may have sent that the main thread has not written yet; then it waits. */
export const BATCHES_AHEAD = 4;
/** Slots of a thread's shared counters: batches sent and not yet written; set when the run ends. */
export const AHEAD = 0;
export const STOP = 1;

/** One file for a thread: where to read from is the import state seen before the file's transaction. */
export interface ParseJob {
  id: number;
  file: string;
  source: Source;
  /** Its importer's place in `importersOf([source])`: importers are modules, not data, so a thread finds its own. */
  index: number;
  saved: ImportState | null;
  /** Whether secrets are redacted: the thread stores records' text as the writer would (stored-record.ts). */
  redact: boolean;
  /** Whether each record is checked against its schema, as the run's writer would (run.ts). */
  validate: boolean;
}

/**
 * Records in file order, each as its statement parameters made flat (schema/record-params.ts); a
 * rejected line comes before the record at `at`.
 */
export interface Batch {
  records: unknown[][];
  rejects: { at: number; line: number; reason: string; text?: string }[];
}

export type FromThread = { id: number; batch: Batch } | { id: number; read: FileRead } | { id: number; error: string };

/** Parsing threads for a run: $AGENTLOG_IMPORT_THREADS, else one per free core (at most 3), so none on one core. */
export function threadCount(env: NodeJS.ProcessEnv): number {
  const given = env.AGENTLOG_IMPORT_THREADS;
  if (given !== undefined && /^\d+$/.test(given)) return Number(given);
  return Math.max(0, Math.min(os.availableParallelism() - 1, MAX_THREADS));
}

/**
 * A plain Node worker cannot load TypeScript: under vitest or tsx (this module is a `.ts` file) the
 * worker registers tsx's loader first, the way `tsx` itself does; the built CLI loads the `.js`.
 */
function startWorker(shared: SharedArrayBuffer): Worker {
  // A small young generation: a thread's garbage is short-lived batches, and it usually waits for
  // the writer anyway, so more frequent scavenges cost no wall time (peak RSS 180 -> 166 MB, 50 MB corpus).
  const options = { workerData: { shared }, resourceLimits: { maxYoungGenerationSizeMb: 4 } };
  const here = import.meta.url;
  // Loaded when a thread starts, not with this module: a re-import with nothing to read starts none.
  const { Worker } = createRequire(here)('node:worker_threads') as typeof import('node:worker_threads');
  if (!here.endsWith('.ts')) return new Worker(new URL('./parse-worker.js', here), options);
  // require.resolve finds the CommonJS build of tsx's API, whose register() cannot load its hooks; the ES one sits beside it.
  const tsx = pathToFileURL(
    createRequire(here)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const entry = new URL('./parse-worker.ts', here).href;
  const boot = `import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { ...options, eval: true });
}

class Thread {
  readonly worker: Worker;
  readonly counters = new Int32Array(new SharedArrayBuffer(8));
  /** Its jobs not finished yet, in the order given. */
  readonly jobs: Job[] = [];
  alive = true;

  constructor(private readonly pool: ParsePool) {
    this.worker = startWorker(this.counters.buffer as SharedArrayBuffer);
    this.worker.on('message', (m: FromThread) => this.pool.receive(this, m));
    this.worker.on('error', (err) => this.fail(err.message));
    this.worker.on('exit', (code) => this.fail(`it stopped (exit code ${code})`));
  }

  /** A batch was taken off the thread's hands: it may send another. */
  release(): void {
    Atomics.sub(this.counters, AHEAD, 1);
    Atomics.notify(this.counters, AHEAD);
  }

  /** The thread died: its files fail as a file whose read throws does; the others go on. */
  fail(why: string): void {
    if (!this.alive) return;
    this.alive = false;
    const error = `the parsing thread failed: ${why}`;
    for (const job of this.jobs.splice(0)) job.deliver({ id: job.id, error });
    this.pool.lost = { id: -1, error };
    this.pool.pump();
  }

  stop(): Promise<number> {
    this.alive = false;
    Atomics.store(this.counters, STOP, 1);
    Atomics.notify(this.counters, AHEAD);
    return this.worker.terminate();
  }
}

/** One file's read as the main thread sees it: messages wait here until the file's turn. */
class Job implements ReadAhead {
  private queue: FromThread[] = [];
  private waiting?: (m: FromThread) => void;
  discarded = false;
  thread?: Thread;

  constructor(
    readonly id: number,
    readonly spec: ParseJob,
  ) {}

  get saved(): ImportState | null {
    return this.spec.saved;
  }

  deliver(m: FromThread): void {
    if (this.discarded) {
      if ('batch' in m) this.thread?.release();
    } else if (this.waiting) {
      const wake = this.waiting;
      this.waiting = undefined;
      wake(m);
    } else this.queue.push(m);
  }

  private next(): Promise<FromThread> {
    const m = this.queue.shift();
    return m ? Promise.resolve(m) : new Promise((resolve) => (this.waiting = resolve));
  }

  async replay(sink: ReadSink, write: (flat: unknown[]) => void): Promise<FileRead> {
    for (;;) {
      const m = await this.next();
      if ('error' in m) throw new Error(m.error);
      if ('read' in m) return m.read;
      this.thread?.release(); // the thread parses on while this batch is written
      const { records, rejects } = m.batch;
      let r = 0;
      for (let i = 0; i < records.length; i++) {
        for (; r < rejects.length && rejects[r]!.at === i; r++) replayReject(sink, rejects[r]!);
        write(records[i]!);
      }
      for (; r < rejects.length; r++) replayReject(sink, rejects[r]!);
    }
  }

  discard(): void {
    this.discarded = true;
    for (const m of this.queue.splice(0)) if ('batch' in m) this.thread?.release();
  }
}

const replayReject = (sink: ReadSink, r: Batch['rejects'][number]) => sink.reject(r.line, r.reason, () => r.text ?? '');

/**
 * Threads that read the run's changed files in plan order, each a few files ahead, and hold their
 * records until the main thread writes that file. A thread waits when the main thread has not
 * written its batches yet, so memory holds a few batches per thread, whatever the file sizes.
 */
export class ParsePool {
  private readonly threads: Thread[] = [];
  private readonly jobs: Job[];
  private readonly byFile = new Map<string, Job>();
  private next = 0;
  /** Why files no thread will read fail; set by the first thread to die. */
  lost: FromThread = { id: -1, error: 'the parsing threads stopped' };

  constructor(size: number, specs: ParseJob[]) {
    this.jobs = specs.map((s) => new Job(s.id, s));
    for (const job of this.jobs) this.byFile.set(job.spec.file, job);
    for (let i = 0; i < size; i++) this.threads.push(new Thread(this));
    this.pump();
  }

  /** The read ahead of `file`, or none (not a file the pool reads, or no thread left to read it). */
  take(file: string): ReadAhead | undefined {
    const job = this.byFile.get(file);
    if (!job) return undefined;
    this.byFile.delete(file);
    // Not handed out yet and no thread left to read it: the main thread reads it itself.
    if (!job.thread && !this.threads.some((t) => t.alive)) return undefined;
    return job;
  }

  /** Hands the next files to the threads with the fewest files in hand. */
  pump(): void {
    while (this.next < this.jobs.length) {
      const thread = this.threads
        .filter((t) => t.alive && t.jobs.length < FILES_AHEAD)
        .sort((a, b) => a.jobs.length - b.jobs.length)[0];
      if (!thread) {
        // Every thread died: the file the main thread may be waiting for fails with the reason.
        if (!this.threads.some((t) => t.alive)) for (const job of this.jobs.slice(this.next)) job.deliver(this.lost);
        return;
      }
      const job = this.jobs[this.next++]!;
      if (job.discarded) continue; // the main thread is past it already
      job.thread = thread;
      thread.jobs.push(job);
      thread.worker.postMessage(job.spec);
    }
  }

  receive(thread: Thread, m: FromThread): void {
    const job = thread.jobs.find((j) => j.id === m.id);
    if (!job) return;
    if (!('batch' in m)) {
      thread.jobs.splice(thread.jobs.indexOf(job), 1);
      this.pump();
    }
    job.deliver(m);
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.stop()));
  }
}

/** From this many transcripts on, `readAhead` reads every saved state's mark at once. */
const MARKS_FROM = 64;

/** What `readAhead` found: the pool, if one was started, and the files the run need not look at again. */
export interface ReadAheadPlan {
  pool?: ParsePool;
  unchanged: Set<string>;
}

/**
 * Looks at each transcript of the run as `importFile` first does (stat and saved state, no read)
 * and, when there is enough to read (or `force`), starts `threads` threads that read the changed
 * files ahead. Importers that are not the registry's (a test's) are read in the main thread.
 */
export async function readAhead(
  writer: Writer,
  plan: { importer: { kind: string; source: Source }; files: string[] }[],
  threads: number,
  force: boolean,
  redact: boolean,
  validate = false,
): Promise<ReadAheadPlan> {
  const unchanged = new Set<string>();
  if (threads <= 0) return { unchanged };
  const specs: ParseJob[] = [];
  const seen = new Set<string>();
  let bytes = 0;
  // Many files: every saved state's mark in one read; a few (a hook's import): a lookup each.
  const looks = plan.reduce((n, p) => n + (p.importer.kind === 'lines' ? p.files.length : 0), 0);
  const marks = looks >= MARKS_FROM ? writer.stateMarks() : undefined;
  for (const { importer, files } of plan) {
    if (importer.kind !== 'lines') continue;
    const line = importer as LineImporter<unknown>;
    const index = (await importersOf([line.source])).indexOf(line);
    for (const file of files) {
      let stat: fs.Stats;
      try {
        stat = fs.statSync(file);
      } catch {
        continue; // the run names the error at the file's turn
      }
      const known = marks ? marks.get(file) : writer.stateOf(file);
      if (isUnchanged(stat, known, line.parserVersion)) unchanged.add(file);
      else if (index >= 0 && !seen.has(file)) {
        seen.add(file);
        // A mark is not the whole state: read it for a file that changed (a lookup was the state already).
        const saved = marks ? writer.stateOf(file) : (known as ImportState | null);
        specs.push({ id: specs.length, file, source: line.source, index, saved, redact, validate });
        const from =
          saved && saved.parser_version === line.parserVersion && stat.size >= saved.offset ? saved.offset : 0;
        bytes += stat.size - from;
      }
    }
  }
  if (specs.length === 0 || (!force && bytes < MIN_BYTES)) return { unchanged };
  return { pool: new ParsePool(Math.min(threads, specs.length), specs), unchanged };
}
