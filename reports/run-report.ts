// Runs a report: its SQL with the common parameters, returning rows in column order.
import type { Db } from '../schema/open-db.js';
import { type Column, columnsOf, type Report, type ReportParams, sqlOf } from './report.js';

export type Row = Record<string, unknown>;

export interface ReportResult {
  columns: readonly Column[];
  rows: Row[];
}

export const defaultParams = (over: Partial<ReportParams> = {}): ReportParams => ({
  since: null,
  until: null,
  project: null,
  source: null,
  model: null,
  subagents: 1,
  limit: -1,
  tz: 'UTC',
  by: null,
  ...over,
});

/** The report's rows for `params`; the SQL functions of sql-functions.ts must be registered on `db`. */
export function runReport(db: Db, report: Report, params: ReportParams): ReportResult {
  const p = { ...params, by: params.by ?? report.option?.default ?? null };
  const rows = db.prepare(sqlOf(report, p)).all(p) as Row[];
  return { columns: columnsOf(report, p), rows };
}

/** Where report SQL runs: a local SQLite database or, through the dialect layer, a team PostgreSQL. */
export interface QueryTarget {
  all(sql: string, params: object): Promise<Row[]>;
}

export const sqliteTarget = (db: Db): QueryTarget => ({
  all: async (sql, params) => db.prepare(sql).all(params) as Row[],
});

export const asTarget = (db: Db | QueryTarget): QueryTarget => ('prepare' in db ? sqliteTarget(db) : db);

/** runReport on either backend. */
export async function runReportOn(target: QueryTarget, report: Report, params: ReportParams): Promise<ReportResult> {
  const p = { ...params, by: params.by ?? report.option?.default ?? null };
  return { columns: columnsOf(report, p), rows: await target.all(sqlOf(report, p), p) };
}
