// Opens the database for reading reports: it must exist, and gets the report SQL functions and prices.
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../schema/open-db.js';
import { canWrite, openDb } from '../schema/open-db.js';
import { configDir } from '../schema/paths.js';
import { loadPrices, PriceBook } from './pricing.js';
import { registerReportFunctions } from './sql-functions.js';

export class NoDatabaseError extends Error {}

export interface ReportDb {
  db: Db;
  prices: PriceBook;
  /** True when nothing has been imported yet. */
  empty: boolean;
}

/**
 * A missing file is an error that tells the user to import first; it is never created here.
 * Reports open read-write so an older database is migrated first; `sql` opens read-only.
 */
export function openReportDb(file: string, opts: { readonly?: boolean; env?: NodeJS.ProcessEnv } = {}): ReportDb {
  if (!fs.existsSync(file)) {
    throw new NoDatabaseError(`no database at ${file} yet: run \`agentlog import\` first (or pass --db PATH)`);
  }
  // A file or folder we cannot write is read as it is (its next import upgrades it, if need be).
  const readonly = opts.readonly || !canWrite(file) || !canWrite(path.dirname(file));
  const db = openDb(file, { readonly });
  try {
    const prices = new PriceBook(loadPrices(configDir({ env: opts.env })));
    registerReportFunctions(db, prices);
    const empty = !db.prepare('SELECT 1 FROM sessions LIMIT 1').get();
    return { db, prices, empty };
  } catch (err) {
    db.close();
    throw err;
  }
}
