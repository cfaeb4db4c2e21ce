// The database's own health for `agentlog doctor`: where it is, its permissions, its schema step,
// and how far the import state has read a file. Each agent's checks live in its own folder.
import fs from 'node:fs';
import path from 'node:path';
import { migrations } from './migrations.js';
import { DbError, openDb } from './open-db.js';
import { dataDir } from './paths.js';

/** One line of `agentlog doctor`. */
export interface Check {
  ok: boolean;
  /** Not only a warning: agentlog cannot work until it is fixed (doctor then exits 1). */
  failed?: boolean;
  what: string;
  detail: string;
}

const mode = (p: string) => (fs.statSync(p).mode & 0o777).toString(8).padStart(3, '0');

/** The database file, its mode and its folder's, and how many schema steps it has. */
export function databaseChecks(dbPath: string): Check[] {
  const out: Check[] = [];
  if (!fs.existsSync(dbPath)) {
    out.push({ ok: false, what: 'database', detail: `${dbPath} does not exist yet: run \`agentlog import\`` });
    return out;
  }
  const fileMode = mode(dbPath);
  const dirMode = mode(path.dirname(dbPath));
  out.push({
    ok: true,
    what: 'database',
    detail: `${dbPath} (${(fs.statSync(dbPath).size / 1048576).toFixed(1)} MB)`,
  });
  out.push({
    ok: fileMode === '600',
    what: 'database file mode',
    detail: fileMode === '600' ? '0600' : `0${fileMode}: transcripts hold secrets; chmod 600 ${dbPath}`,
  });
  const ownDir = path.dirname(dbPath) === dataDir();
  if (ownDir)
    out.push({
      ok: dirMode === '700',
      what: 'data directory mode',
      detail: dirMode === '700' ? '0700' : `0${dirMode}: chmod 700 ${path.dirname(dbPath)}`,
    });
  try {
    const db = openDb(dbPath, { readonly: true });
    const applied = db.prepare('SELECT count(*) AS n FROM schema_migrations').get() as { n: number };
    const rows = db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number };
    db.close();
    out.push({
      ok: applied.n === migrations.length,
      what: 'schema',
      detail: `${applied.n} of ${migrations.length} steps applied${applied.n < migrations.length ? ' (the next import upgrades it)' : ''}; ${rows.n} sessions`,
    });
  } catch (err) {
    out.push({
      ok: false,
      failed: true,
      what: 'schema',
      detail: err instanceof DbError ? err.message : `cannot read: ${(err as Error).message}`,
    });
  }
  return out;
}

/** How many bytes of `file` the import state says were read (0 with no database or no state). */
export function importedOffset(dbPath: string, file: string): number {
  try {
    const db = openDb(dbPath, { readonly: true });
    try {
      return (
        (db.prepare('SELECT offset FROM import_state WHERE path = ?').get(file) as { offset: number } | undefined)
          ?.offset ?? 0
      );
    } finally {
      db.close();
    }
  } catch {
    return 0; // no database: the whole file is waiting
  }
}
