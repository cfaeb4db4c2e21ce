// Opens what a report runs on: the local SQLite file, or a team PostgreSQL when --db is a postgres:// URL.
import { isPgUrl } from '../sync/pg-url.js';
import type { Db } from '../schema/open-db.js';
import { resolveDbPath } from '../schema/paths.js';
import { ParamError } from './params.js';
import type { PriceBook } from './pricing.js';
import { openReportDb } from './report-db.js';
import { type QueryTarget, sqliteTarget } from './run-report.js';

export interface ReportTarget extends QueryTarget {
  /** The local database, when the target is one (what only runs on SQLite uses it). */
  db?: Db;
  prices: PriceBook;
  empty: boolean;
  close(): Promise<void>;
}

/** `--db` (or AGENTLOG_DB) as a postgres:// URL selects the team database; `--machine` only filters there. */
export async function openReportTarget(dbFlag: string | undefined, opts: { machine?: string } = {}): Promise<ReportTarget> {
  const given = dbFlag ?? process.env.AGENTLOG_DB;
  if (isPgUrl(given)) {
    const { openPgReportDb } = await import('./pg-report-db.js');
    const pg = await openPgReportDb(given, { machine: opts.machine });
    return { all: pg.all, prices: pg.prices, empty: pg.empty, close: pg.close };
  }
  if (opts.machine !== undefined) {
    throw new ParamError('--machine filters a team database: use it with --db postgres://… (a local database is one machine)');
  }
  const { db, prices, empty } = openReportDb(resolveDbPath(dbFlag));
  return { ...sqliteTarget(db), db, prices, empty, close: async () => {
      db.close();
    },
  };
}
