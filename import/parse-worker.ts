// A parsing thread of the import (import/parse-pool.ts): reads and maps the files it is given, in
// turn, and sends their records back in batches as the writer's statement parameters; the main
// thread writes them.
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { LineImporter } from '../agents/contract.js';
import { importersOf } from '../agents/registry.js';
import { flatRecord } from '../schema/record-params.js';
import type { AnyRecord } from '../schema/records.js';
import { type ReadSink, readNewLines } from './import-file.js';
import { storedRecord } from './stored-record.js';
import {
  AHEAD,
  BATCH_BYTES,
  BATCH_RECORDS,
  BATCHES_AHEAD,
  type Batch,
  type FromThread,
  type ParseJob,
  STOP,
} from './parse-pool.js';

const port = parentPort!;
const counters = new Int32Array((workerData as { shared: SharedArrayBuffer }).shared);
const send = (m: FromThread) => port.postMessage(m);

/** Blocks while the main thread holds as many of this thread's batches as it may. */
function waitForRoom(): void {
  for (let n; (n = Atomics.load(counters, AHEAD)) >= BATCHES_AHEAD;) {
    if (Atomics.load(counters, STOP)) throw new Error('the import ended');
    Atomics.wait(counters, AHEAD, n);
  }
}

/**
 * The writer's check of each record (run.ts), made here since the main thread gets parameters;
 * zod is loaded only for a run that checks (AGENTLOG_CHECK_RECORDS=1, or its `validate` option).
 */
let check: Promise<(record: AnyRecord) => AnyRecord> | undefined;
const recordCheck = () =>
  (check ??= import('../schema/records.js').then(
    ({ AnyRecord }) =>
      (r: AnyRecord) =>
        AnyRecord.parse(r),
  ));

async function parse(job: ParseJob): Promise<void> {
  const validate = job.validate ? await recordCheck() : undefined;
  const importer = (await importersOf([job.source]))[job.index] as LineImporter<unknown>;
  const keepsRejects = importer.rejectsTo !== undefined;
  // Checked, redacted and cut here, off the main thread, and before the structured clone copies it.
  const stored = storedRecord(job.redact);
  let batch: Batch = { records: [], rejects: [] };
  let bytes = 0;
  const flush = () => {
    waitForRoom();
    Atomics.add(counters, AHEAD, 1);
    send({ id: job.id, batch });
    batch = { records: [], rejects: [] };
    bytes = 0;
  };
  const full = () => batch.records.length + batch.rejects.length >= BATCH_RECORDS || bytes >= BATCH_BYTES;
  const sink: ReadSink = {
    record(record) {
      batch.records.push(flatRecord(stored(validate ? validate(record) : record)));
      if (full()) flush();
    },
    reject(line, reason, text) {
      batch.rejects.push({ at: batch.records.length, line, reason, text: keepsRejects ? text() : undefined });
      if (full()) flush();
    },
    bytes(n) {
      bytes += n;
    },
  };
  const fd = fs.openSync(job.file, 'r');
  try {
    const read = await readNewLines(importer, job.file, fd, fs.statSync(job.file), job.saved, sink);
    if (batch.records.length + batch.rejects.length > 0) flush();
    send({ id: job.id, read });
  } finally {
    fs.closeSync(fd);
  }
}

// One file at a time, in the order given: the main thread writes them in that order.
let queue = Promise.resolve();
port.on('message', (job: ParseJob) => {
  queue = queue.then(() =>
    parse(job).catch((err: unknown) => send({ id: job.id, error: (err as Error).message ?? String(err) })),
  );
});
