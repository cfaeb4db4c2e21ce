// Reports on a team database: a PostgreSQL connection with the report functions, prices and an optional machine filter.
import type pg from 'pg';
import { connectPg, explainPgError } from '../sync/pg-connect.js';
import { configDir } from '../schema/paths.js';
import { pgFunctionsSql, priceRows, toPgQuery } from './pg-dialect.js';
import { loadPrices, PriceBook } from './pricing.js';
import { PG_TOOL_ROLLUP_VIEWS } from './rolled-tools.js';
import { PG_USAGE_HOUR_MODEL_VIEW, PG_USAGE_HOURLY_VIEW, PG_USAGE_ROLLUP_VIEW } from './rolled-usage.js';
import type { Row } from './run-report.js';
import { PUSHED_TABLES } from '../schema/data-tables.js';

/** The tables a team database holds (what push copies). */
export const TEAM_TABLES = PUSHED_TABLES;

export interface PgReportDb {
  client: pg.Client;
  url: string;
  prices: PriceBook;
  empty: boolean;
  /** Runs report SQL written for SQLite (`:named` parameters) on PostgreSQL. */
  all(sql: string, params: object): Promise<Row[]>;
  close(): Promise<void>;
}

export class TeamDbError extends Error {}

/**
 * With `machine`, session-local views named like the tables (pg_temp comes first in the search
 * path for tables) show only that machine's rows, so every report filters without a line of its own.
 */
export async function openPgReportDb(url: string, opts: { machine?: string; env?: NodeJS.ProcessEnv } = {}) {
  const client = await connectPg(url);
  try {
    const ok = await client.query("SELECT to_regclass('sessions') IS NOT NULL AS ok");
    if (!ok.rows[0].ok) {
      throw new TeamDbError(`no agentlog tables at the team database yet: run \`agentlog push --to URL\` first`);
    }
    for (const sql of pgFunctionsSql()) await client.query(sql);
    const table = loadPrices(configDir({ env: opts.env }));
    const prices = new PriceBook(table);
    // The models the data names, and those the price book names: SQL may price tokens at a model
    // no response used (expensive-model-trivial-session's next model down).
    const models = await client.query(`SELECT DISTINCT model FROM messages WHERE model IS NOT NULL`);
    const rows = priceRows(prices, [
      ...new Set([...models.rows.map((r: { model: string }) => r.model), ...Object.keys(table)]),
    ]);
    if (rows.length > 0) {
      await client.query(
        `INSERT INTO pg_temp.agentlog_prices SELECT * FROM unnest($1::text[], $2::float8[], $3::float8[], $4::float8[], $5::float8[], $6::float8[])`,
        [0, 1, 2, 3, 4, 5].map((i) => rows.map((r) => r[i])),
      );
    }
    if (opts.machine !== undefined) {
      const schema = (await client.query('SELECT current_schema() AS s')).rows[0].s as string;
      const lit = client.escapeLiteral(opts.machine);
      for (const t of TEAM_TABLES) {
        // A table a later agentlog added is missing until a push of that agentlog creates it.
        const has = await client.query('SELECT to_regclass($1) IS NOT NULL AS ok', [`${schema}.${t}`]);
        if (!has.rows[0].ok) continue;
        await client.query(
          `CREATE TEMP VIEW ${t} AS SELECT * FROM ${client.escapeIdentifier(schema)}.${t} WHERE machine = ${lit}`,
        );
      }
    }
    // After the machine views, so that they read their rows.
    await client.query(PG_USAGE_ROLLUP_VIEW);
    await client.query(toPgQuery(PG_USAGE_HOURLY_VIEW, {}).text);
    await client.query(toPgQuery(PG_USAGE_HOUR_MODEL_VIEW, {}).text);
    for (const view of PG_TOOL_ROLLUP_VIEWS) await client.query(view);
    const empty = (await client.query('SELECT 1 FROM sessions LIMIT 1')).rowCount === 0;
    return {
      client,
      url,
      prices,
      empty,
      async all(sql: string, params: object) {
        const q = toPgQuery(sql, params as Record<string, unknown>);
        try {
          const rows = (await client.query(q.text, q.values)).rows as Row[];
          // The models cost_usd found no price for, to warn about as the local PriceBook does.
          for (const r of (await client.query('SELECT model FROM pg_temp.agentlog_unpriced')).rows)
            prices.unpriced.add(r.model as string);
          return rows;
        } catch (err) {
          throw explainPgError(err, url);
        }
      },
      close: () => client.end(),
    } satisfies PgReportDb;
  } catch (err) {
    await client.end().catch(() => undefined);
    if (err instanceof TeamDbError) throw err;
    throw explainPgError(err, url);
  }
}
