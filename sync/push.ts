// `agentlog push`: copies the rows created or changed since the last push into the team PostgreSQL.
import type pg from 'pg';
import type { Db } from '../schema/open-db.js';
import { explainPgError } from './pg-connect.js';
import { migratePg, PgSchemaError } from './pg-schema.js';

// Parents before children (schema/data-tables.ts), so a push cut short never leaves a message whose
// session is missing.
import { PUSHED_TABLES, type PushedTable } from '../schema/data-tables.js';
export { PUSHED_TABLES, type PushedTable };

export interface PushOptions {
  /** Where the rows go (a postgres:// URL; PG* variables and ~/.pgpass fill what it leaves out). */
  url: string;
  machine: string;
  dryRun?: boolean;
  /** Rows per PostgreSQL transaction. */
  batchSize?: number;
  /** Called after each committed batch with the rows sent so far and the rows to send in all. */
  onProgress?: (sent: number, total: number) => void;
}

export interface PushResult {
  machine: string;
  /** Rows sent (or, with dryRun, to send) per table. */
  rows: Record<PushedTable, number>;
  total: number;
  /** Schema steps this push applied on the server. */
  migrated: string[];
}

export class PushError extends Error {}

interface Column {
  name: string;
  pgType: string;
}

/** The columns both sides have; a column the server lacks means its schema is behind this agentlog. */
async function columnsOf(db: Db, client: pg.ClientBase, table: PushedTable): Promise<Column[]> {
  const local = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[])
    .map((c) => c.name)
    .filter((n) => n !== 'change_seq');
  const res = await client.query(
    `SELECT column_name, data_type FROM information_schema.columns
     WHERE table_name = $1 AND table_schema = current_schema()`,
    [table],
  );
  const remote = new Map(res.rows.map((r: { column_name: string; data_type: string }) => [r.column_name, r.data_type]));
  const missing = local.filter((n) => !remote.has(n));
  if (missing.length > 0) {
    throw new PushError(
      `the team database's ${table} table has no column ${missing.join(', ')}: it was set up by an older agentlog; ` +
        'upgrade the agentlog that created it, or ask its administrator to apply `agentlog push --print-schema`',
    );
  }
  return local.map((name) => ({ name, pgType: remote.get(name)! }));
}

// PostgreSQL text cannot hold NUL; a transcript can.
const clean = (v: unknown) => (typeof v === 'string' && v.includes('\u0000') ? v.replace(/\u0000/g, '\uFFFD') : v);

/**
 * One batch as one statement: a column per array (so the statement has as many parameters as the
 * table has columns, whatever the batch size). The same rules as the local writer: created_at is
 * written once and a non-null value is never replaced by null.
 */
function upsertSql(table: PushedTable, cols: Column[]): string {
  const names = cols.map((c) => `"${c.name}"`).join(', ');
  const arrays = cols.map((c, i) => `$${i + 2}::${c.pgType}[]`).join(', ');
  const set = cols
    .filter((c) => c.name !== 'id')
    .map((c) =>
      c.name === 'created_at'
        ? `created_at = coalesce(${table}.created_at, EXCLUDED.created_at)`
        : `"${c.name}" = coalesce(EXCLUDED."${c.name}", ${table}."${c.name}")`,
    )
    .join(', ');
  return `INSERT INTO ${table} (machine, ${names})
SELECT $1::text, * FROM unnest(${arrays})
ON CONFLICT (machine, id) DO UPDATE SET ${set}`;
}

async function readCursor(client: pg.ClientBase, machine: string, dbId: string): Promise<number> {
  const exists = await client.query("SELECT to_regclass('push_cursors') IS NOT NULL AS ok");
  if (!exists.rows[0].ok) return 0;
  const res = await client.query('SELECT cursor FROM push_cursors WHERE machine = $1 AND db_id = $2', [machine, dbId]);
  return res.rows[0] ? Number(res.rows[0].cursor) : 0;
}

/**
 * Rows stamped with an epoch at or past the target's cursor are sent, table by table, in batches
 * that each commit on their own; the cursor moves only after the last batch. A push killed at any
 * point leaves whole batches on the server and the old cursor, so the next push sends the rest (and
 * again what had arrived, which changes nothing). Rows `prune` deleted locally stay on the server.
 */
export async function push(db: Db, client: pg.ClientBase, opts: PushOptions): Promise<PushResult> {
  const batchSize = Math.max(1, opts.batchSize ?? 2000);
  const migrated = opts.dryRun ? [] : await run(opts.url, () => migratePg(client));
  const { db_id: dbId } = db.prepare('SELECT db_id FROM push_epoch').get() as { db_id: string };
  const cursor = await run(opts.url, () => readCursor(client, opts.machine, dbId));
  const rows = Object.fromEntries(PUSHED_TABLES.map((t) => [t, 0])) as Record<PushedTable, number>;
  for (const t of PUSHED_TABLES)
    rows[t] = (
      db.prepare(`SELECT count(*) AS n FROM ${t} WHERE change_seq IS NULL OR change_seq >= ?`).get(cursor) as {
        n: number;
      }
    ).n;
  const total = PUSHED_TABLES.reduce((n, t) => n + rows[t], 0);
  if (opts.dryRun || total === 0) return { machine: opts.machine, rows, total, migrated };

  // New and changed rows get this push's epoch; rows written from here on wait for the next push.
  const epoch = db
    .transaction(() => {
      const e = (db.prepare('SELECT epoch FROM push_epoch').get() as { epoch: number }).epoch;
      for (const t of PUSHED_TABLES) db.prepare(`UPDATE ${t} SET change_seq = ? WHERE change_seq IS NULL`).run(e);
      db.prepare('UPDATE push_epoch SET epoch = ?').run(e + 1);
      return e;
    })
    .immediate();

  let sent = 0;
  const sentPerTable = Object.fromEntries(PUSHED_TABLES.map((t) => [t, 0])) as Record<PushedTable, number>;
  for (const table of PUSHED_TABLES) {
    if (rows[table] === 0) continue;
    const cols = await run(opts.url, () => columnsOf(db, client, table));
    const sql = upsertSql(table, cols);
    const page = db.prepare(
      `SELECT ${cols.map((c) => `"${c.name}"`).join(', ')}, change_seq AS _seq, rowid AS _rowid FROM ${table}
       WHERE change_seq >= @cursor AND change_seq <= @epoch AND (change_seq, rowid) > (@seq, @rowid)
       ORDER BY change_seq, rowid LIMIT @limit`,
    );
    let after = { seq: -1, rowid: -1 };
    for (;;) {
      const batch = page.all({ cursor, epoch, ...after, limit: batchSize }) as Record<string, unknown>[];
      if (batch.length === 0) break;
      const params: unknown[] = [opts.machine, ...cols.map((c) => batch.map((r) => clean(r[c.name])))];
      await run(opts.url, async () => {
        await client.query('BEGIN');
        try {
          await client.query(sql, params);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        }
      });
      const last = batch[batch.length - 1]!;
      after = { seq: last._seq as number, rowid: last._rowid as number };
      sent += batch.length;
      sentPerTable[table] += batch.length;
      opts.onProgress?.(sent, Math.max(total, sent));
    }
  }
  await run(opts.url, () =>
    client.query(
      `INSERT INTO push_cursors (machine, db_id, cursor, pushed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (machine, db_id) DO UPDATE SET cursor = EXCLUDED.cursor, pushed_at = EXCLUDED.pushed_at`,
      [opts.machine, dbId, epoch + 1, Date.now()],
    ),
  );
  return { machine: opts.machine, rows: sentPerTable, total: sent, migrated };
}

/** Runs one server step; its error comes back explained, without the password. */
async function run<T>(url: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof PushError || err instanceof PgSchemaError) throw err;
    throw explainPgError(err, url);
  }
}
