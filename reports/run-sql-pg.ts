// `agentlog sql` on a team database: one statement, in a read-only transaction that is always rolled back.
import type pg from 'pg';
import type { Column } from './report.js';
import type { Row } from './run-report.js';
import { columnType, SqlError } from './run-sql.js';

/**
 * The extended protocol takes exactly one statement, so `SELECT 1; COMMIT; DELETE …` cannot step out
 * of the transaction, and READ ONLY makes PostgreSQL refuse any write (give dashboards a read-only
 * role as well). The report functions are there as pg_temp.local_bucket(…) and so on.
 */
export async function runSqlPg(client: pg.ClientBase, sql: string): Promise<{ columns: Column[]; rows: Row[] }> {
  await client.query('BEGIN TRANSACTION READ ONLY');
  try {
    const res = await client.query({ text: sql, values: [], queryMode: 'extended' } as pg.QueryConfig);
    const rows = res.rows as Row[];
    const columns: Column[] = res.fields.map((f) => ({ key: f.name, label: f.name, type: columnType(rows, f.name) }));
    return { columns, rows };
  } catch (err) {
    const e = err as Error & { code?: string };
    if (e.code === '25006') {
      throw new SqlError(`agentlog sql is read-only, and this query tried to change something: ${e.message}`);
    }
    if (e.code === '42601' && /multiple commands/.test(e.message)) {
      throw new SqlError('agentlog sql runs one statement at a time');
    }
    if (e.code && /^[0-9A-Z]{5}$/.test(e.code)) throw new SqlError(e.message);
    throw err;
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
  }
}
