// Secondary indexes built once after a bulk import instead of row by row during it (issue 15).
import { type Db, isBusy } from './open-db.js';

/**
 * The indexes an import into an empty database drops and builds at its end: non-unique, on the
 * tables an import fills, read by reports, findings, prune and sync but never by the writer. The
 * writer's own lookups (unique keys, a session's rows for its totals and usage roll-up, parked
 * results, the roll-up triggers' keys, a session's subagents and the usage roll-up's hours that
 * usage_hourly is summed again from) keep theirs; deferred-indexes.test.ts checks its plans.
 */
export const DEFERRABLE_INDEXES: readonly string[] = [
  'sessions_created_at',
  'sessions_updated',
  'sessions_busiest',
  'sessions_change_seq',
  'messages_range',
  'messages_cache_writes',
  'messages_change_seq',
  'tools_by_name',
  'tools_durations',
  'tools_failures',
  'tools_range',
  'tools_failed_range',
  'tools_big_outputs',
  'tools_change_seq',
  'file_operations_edits',
  'file_operations_range',
  'file_operations_change_seq',
  'session_errors_created_at',
  'session_errors_change_seq',
  'compaction_events_created_at',
  'compaction_events_change_seq',
  'usage_hourly_project',
];

/**
 * Whether an import should build the deferrable indexes at its end: when nothing is imported yet.
 * Building an index over every row at once (a sort) costs less than keeping it row by row; on a
 * database that holds rows, building again would also sort the rows already there.
 */
export function nothingImported(db: Db): boolean {
  return !db.prepare('SELECT EXISTS (SELECT 1 FROM messages) OR EXISTS (SELECT 1 FROM tools)').pluck().get();
}

/**
 * Drops the deferrable indexes, keeping their SQL in deferred_indexes in the same transaction, so
 * that a run killed before `buildDeferred` leaves what the next open needs to build them again.
 * Another writer holding the database past the wait: nothing is dropped, the import keeps them.
 */
export function deferIndexes(db: Db): string[] {
  return whenFree(db, [], () =>
    db
      .transaction(() => {
        const found = db
          .prepare(
            `SELECT name, sql FROM sqlite_master WHERE type = 'index'
           AND name IN (SELECT value FROM json_each(?))`,
          )
          .all(JSON.stringify(DEFERRABLE_INDEXES)) as { name: string; sql: string }[];
        const keep = db.prepare('INSERT INTO deferred_indexes (name, sql, pid) VALUES (?, ?, ?)');
        for (const { name, sql } of found) {
          keep.run(name, sql, process.pid);
          db.exec(`DROP INDEX "${name}"`);
        }
        return found.map((f) => f.name);
      })
      .immediate(),
  );
}

/** `fn`'s result, or `busy` when another writer held the database past the wait. */
function whenFree<T>(db: Db, busy: T, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (isBusy(err)) return busy;
    throw err;
  }
}

/** Whether `pid` is a running process (another importer still filling the database). */
function alive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Builds the indexes that `deferIndexes` dropped, each in one transaction with the removal of its
 * record, except those of another process that is still importing (it builds them at its end).
 * Called at the end of an import run and by every writable open, which finds the indexes of a run
 * that was killed; another writer holding the database past the wait leaves them to the next open.
 * Returns how many it built.
 */
export function buildDeferred(db: Db): number {
  const rows = db.prepare('SELECT name, sql, pid FROM deferred_indexes ORDER BY name').all() as {
    name: string;
    sql: string;
    pid: number;
  }[];
  let built = 0;
  for (const { name, sql, pid } of rows) {
    if (alive(pid)) continue;
    const free = whenFree(db, false, () => {
      db.transaction(() => {
        // Another process may have built it meanwhile: the record is read again under the write lock.
        if (!db.prepare('DELETE FROM deferred_indexes WHERE name = ?').run(name).changes) return;
        db.exec(sql.replace(/^CREATE INDEX /i, 'CREATE INDEX IF NOT EXISTS '));
        built += 1;
      }).immediate();
      return true;
    });
    if (!free) break;
  }
  return built;
}
