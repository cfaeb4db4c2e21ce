// Reads OpenCode's SQLite database (1.2 and later), read-only, while OpenCode may be writing it.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { AnyRecord } from '../../schema/records.js';
import type { LineProblem, StoreFingerprint } from '../contract.js';
import { messageRecords, partRecords, sessionFromInfo } from './map.js';

type Row = Record<string, unknown>;
import type { Json } from '../json-values.js';

export class OpencodeDbError extends Error {}

/** The database and its WAL together: OpenCode's recent writes live in the WAL until a checkpoint. */
export function dbFingerprint(file: string): StoreFingerprint {
  let size = 0;
  let mtime = 0;
  for (const f of [file, `${file}-wal`]) {
    try {
      const st = fs.statSync(f);
      size += st.size;
      mtime = Math.max(mtime, Math.trunc(st.mtimeMs));
    } catch {
      // no WAL right now
    }
  }
  return { size, mtime_ms: mtime };
}

const parse = (text: unknown): Json | undefined => {
  if (typeof text !== 'string') return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
  } catch {
    return undefined;
  }
};

/** A row that breaks the mapper (JSON nested too deep to walk) is that row's problem, not the database's. */
export function mapRow(map: () => AnyRecord[]): AnyRecord[] | { invalid: string } {
  try {
    return map();
  } catch (err) {
    if (err instanceof RangeError && /call stack/i.test(err.message)) return { invalid: 'nested too deep to read' };
    return { invalid: `cannot be read: ${(err as Error).message}` };
  }
}

function columns(db: Database.Database, table: string): Set<string> {
  return new Set((db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name));
}

/** The Session.Info the session table's columns hold (the JSON columns parsed). */
function sessionInfo(row: Row): Json {
  return {
    id: row.id,
    parentID: row.parent_id,
    title: row.title,
    directory: row.directory,
    version: row.version,
    agent: row.agent,
    model: parse(row.model),
    time: { created: row.time_created, updated: row.time_updated },
  };
}

/**
 * Every session changed at or after `since` (all of them when null), with its messages and parts,
 * to records. Returns the newest change time seen, the next import's `since`.
 */
export function readOpencodeDb(
  file: string,
  since: number | null,
  write: (r: AnyRecord) => void,
  report: (p: LineProblem) => void,
): { cursor: number | null; items: number; problems: number } {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new OpencodeDbError(`cannot open OpenCode database ${file}: ${(err as Error).message}`);
  }
  let problems = 0;
  const problem = (reason: string) => {
    problems += 1;
    report({ path: file, line: 0, reason });
  };
  try {
    db.pragma('query_only = ON');
    db.pragma('busy_timeout = 2000');
    let sessionCols: Set<string>;
    try {
      sessionCols = columns(db, 'session');
    } catch (err) {
      throw new OpencodeDbError(`${file} is not a readable OpenCode database: ${(err as Error).message}`);
    }
    const messageCols = columns(db, 'message');
    const partCols = columns(db, 'part');
    for (const [table, cols, need] of [
      ['session', sessionCols, ['id', 'time_updated']],
      ['message', messageCols, ['id', 'session_id', 'data']],
    ] as const) {
      const missing = need.filter((c) => !cols.has(c));
      if (missing.length) {
        throw new OpencodeDbError(
          `${file}: table ${table} lacks ${missing.join(', ')}: an OpenCode schema agentlog does not know`,
        );
      }
    }
    const withParts = ['id', 'message_id', 'session_id', 'data'].every((c) => partCols.has(c));
    if (!withParts)
      problem('no usable part table (an OpenCode schema agentlog does not know): tool calls and text are not imported');

    // A part or message written late still marks its session as changed.
    const changed =
      since === null
        ? (db.prepare('SELECT * FROM session ORDER BY time_created, id').all() as Row[])
        : (db
            .prepare(
              `SELECT * FROM session WHERE time_updated >= @since
               OR id IN (SELECT session_id FROM message WHERE time_updated >= @since)
               ${withParts && partCols.has('time_updated') ? 'OR id IN (SELECT session_id FROM part WHERE time_updated >= @since)' : ''}
             ORDER BY time_created, id`,
            )
            .all({ since }) as Row[]);
    const messages = db.prepare('SELECT * FROM message WHERE session_id = ? ORDER BY time_created, id');
    const parts = withParts ? db.prepare('SELECT * FROM part WHERE message_id = ? ORDER BY id') : undefined;
    let cursor = since;
    const seen = (t: unknown) => {
      if (typeof t === 'number' && (cursor === null || t > cursor)) cursor = t;
    };

    for (const row of changed) {
      seen(row.time_updated);
      const session = sessionFromInfo(sessionInfo(row));
      if (!session) {
        problem(`a session row without an id`);
        continue;
      }
      write(session);
      for (const m of messages.all(session.id) as Row[]) {
        seen(m.time_updated);
        const data = parse(m.data);
        if (!data) {
          problem(`message ${String(m.id)}: data is not JSON`);
          continue;
        }
        const info: Json = { ...data, id: m.id, sessionID: m.session_id };
        const mapped = mapRow(() => messageRecords(info));
        if ('invalid' in mapped) problem(`message ${String(m.id)}: ${mapped.invalid}`);
        else for (const r of mapped) write(r);
        const role = info.role === 'user' ? 'user' : 'assistant';
        for (const p of (parts?.all(m.id) ?? []) as Row[]) {
          seen(p.time_updated);
          const part = parse(p.data);
          if (!part) {
            problem(`part ${String(p.id)}: data is not JSON`);
            continue;
          }
          const records = mapRow(() =>
            partRecords({ ...part, id: p.id, messageID: p.message_id, sessionID: p.session_id }, role),
          );
          if ('invalid' in records) problem(`part ${String(p.id)}: ${records.invalid}`);
          else for (const r of records) write(r);
        }
      }
    }
    return { cursor, items: changed.length, problems };
  } catch (err) {
    if (err instanceof OpencodeDbError) throw err;
    const code = String((err as { code?: unknown }).code ?? '');
    if (/^SQLITE_(CORRUPT|NOTADB)/.test(code)) {
      throw new OpencodeDbError(
        `OpenCode database ${file} is damaged (${(err as Error).message}); nothing of it was imported. ` +
          `sqlite3 can often save what is left: sqlite3 ${file} .recover | sqlite3 opencode-recovered.db, then agentlog import opencode-recovered.db`,
      );
    }
    throw new OpencodeDbError(`reading OpenCode database ${file} failed: ${(err as Error).message}`);
  } finally {
    db.close();
  }
}
