// A database of the real samples (fixtures/samples): Claude Code transcripts and OpenCode 1.18's database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runImport } from '../import/run.js';
import { PriceBook } from '../reports/pricing.js';
import { registerReportFunctions } from '../reports/sql-functions.js';
import { type Db, openDb } from '../schema/open-db.js';

export const SAMPLES = path.resolve(__dirname, '../fixtures/samples');
export const CLAUDE_SAMPLES = path.join(SAMPLES, 'claude');
export const SPOTTER = path.join(CLAUDE_SAMPLES, 'spotter/transcripts');
const OPENCODE_DB = path.join(SAMPLES, 'opencode/opencode-1.18.33-sqlite/opencode.db');

export interface SamplesDb {
  db: Db;
  dir: string;
  file: string;
  close(): void;
}

/**
 * A new database file in a temporary folder with `paths` imported (default: every Claude sample
 * and a copy of the OpenCode database), and the reports' SQL functions registered.
 */
export async function samplesDb(paths?: string[]): Promise<SamplesDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-samples-'));
  const file = path.join(dir, 'agentlog.db');
  const db = openDb(file);
  let toImport = paths;
  if (!toImport) {
    const oc = path.join(dir, 'opencode', 'opencode.db');
    fs.mkdirSync(path.dirname(oc));
    fs.copyFileSync(OPENCODE_DB, oc);
    toImport = [CLAUDE_SAMPLES, oc];
  }
  await runImport(db, { paths: toImport, env: {} });
  registerReportFunctions(db, new PriceBook({}));
  return {
    db,
    dir,
    file,
    close() {
      if (db.open) db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
