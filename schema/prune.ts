// Removes sessions whose last activity is older than a cutoff, with everything that belongs to them.
import { type RecordTable, SESSION_CHILD_TABLES } from './data-tables.js';
import type { Db } from './open-db.js';
import { dropRollups } from './rollups.js';
import { writeAllDocs } from './search-index.js';

export type PruneResult = Record<RecordTable, number>;

// The old sessions, and the subagents of old sessions (whatever their own times say).
const OLD = `
WITH RECURSIVE old(id) AS (
  SELECT id FROM sessions WHERE coalesce(updated_at, created_at) < @cutoff
  UNION
  SELECT s.id FROM sessions s JOIN old ON s.parent_session_id = old.id
)`;

/** Counts (and unless `dryRun`, deletes in one transaction) what is older than `cutoff` (ms). */
export function prune(db: Db, cutoff: number, dryRun: boolean): PruneResult {
  const count = (table: string) =>
    (
      db
        .prepare(
          `${OLD} SELECT count(*) AS n FROM ${table} WHERE ${table === 'sessions' ? 'id' : 'session_id'} IN (SELECT id FROM old)`,
        )
        .get({ cutoff }) as { n: number }
    ).n;
  const result = { sessions: count('sessions') } as PruneResult;
  for (const t of SESSION_CHILD_TABLES) result[t] = count(t);
  if (dryRun || result.sessions === 0) return result;
  db.transaction(() => {
    db.exec('CREATE TEMP TABLE prune_ids (id TEXT PRIMARY KEY)');
    db.prepare(`${OLD} INSERT INTO prune_ids SELECT id FROM old`).run({ cutoff });
    // Their search documents first: the delete trigger takes their words out of search_fts.
    db.exec('DELETE FROM search_docs WHERE session_id IN (SELECT id FROM prune_ids)');
    for (const t of SESSION_CHILD_TABLES) db.exec(`DELETE FROM ${t} WHERE session_id IN (SELECT id FROM prune_ids)`);
    // Whole sessions go, so the roll-ups of those that stay still sum exactly their messages.
    dropRollups(db, db.prepare('SELECT id FROM prune_ids').pluck().all() as string[]);
    // Permission prompts (migration 009) go with their sessions too; the counts stay those of the record tables.
    db.exec('DELETE FROM permission_events WHERE session_id IN (SELECT id FROM prune_ids)');
    db.exec('DELETE FROM sessions WHERE id IN (SELECT id FROM prune_ids)');
    db.exec('DROP TABLE prune_ids');
    // The rows that stay get their search documents now, so that the marks can be the highest rowids
    // left (a rowid freed at the top may be given again to a new row, which must not pass for written).
    writeAllDocs(db);
  }).immediate();
  // Give the freed pages back to the file system.
  db.exec('VACUUM');
  // VACUUM may give rows new rowids: every row has its documents, so the marks follow the new ones.
  db.transaction(() => writeAllDocs(db)).immediate();
  return result;
}

export interface PruneCandidate {
  id: string;
  project_name: string | null;
  title: string | null;
  created_at: number | null;
  last_active: number | null;
}

/** The sessions prune would remove, oldest first, for --dry-run to list. */
export function pruneCandidates(db: Db, cutoff: number): PruneCandidate[] {
  return db
    .prepare(
      `${OLD} SELECT s.id, s.project_name, s.title, s.created_at, coalesce(s.updated_at, s.created_at) AS last_active
       FROM sessions s WHERE s.id IN (SELECT id FROM old) ORDER BY last_active, s.id`,
    )
    .all({ cutoff }) as PruneCandidate[];
}
