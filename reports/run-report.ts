// Runs a report: its SQL with the common parameters, returning rows in column order.
import type { Db } from '../schema/open-db.js';
import {
  breakdownSqlOf,
  type Column,
  columnsOf,
  matchedSqlOf,
  type Report,
  type ReportParams,
  sqlOf,
} from './report.js';

export type Row = Record<string, unknown>;

export interface ReportResult {
  columns: readonly Column[];
  rows: Row[];
  /** How many rows matched before --limit cut them. */
  matched: number;
  /** The Total row over every matched row, for reports that have one (tables only). */
  total?: Row;
  /** `--breakdown`: the model rows under a row. */
  children?: (row: Row) => Row[] | undefined;
}

export interface RunOptions {
  /** asc or desc, for reports ordered by time (usage by day, week or month). */
  order?: 'asc' | 'desc';
  breakdown?: boolean;
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
export function runReport(db: Db, report: Report, params: ReportParams, opts: RunOptions = {}): ReportResult {
  const p = withBy(report, params);
  // Every matching row is read, so the footer can say how many the limit left out and the Total
  // row covers them all, unless the report counts its matches itself (Report.matched).
  const counted = matchedSqlOf(report, p);
  const all = db.prepare(sqlOf(report, p)).all({ ...p, limit: counted ? p.limit : -1 }) as Row[];
  const matched = counted ? (db.prepare(counted).get(p) as { n: number }).n : undefined;
  const breakdown = opts.breakdown ? breakdownSqlOf(report, p) : undefined;
  const parts = breakdown ? (db.prepare(breakdown).all(p) as Row[]) : undefined;
  return shaped(report, p, all, parts, opts, matched);
}

const withBy = (report: Report, params: ReportParams): ReportParams => ({
  ...params,
  by: params.by ?? report.option?.default ?? null,
});

/** Order, limit, breakdown and Total over every matching row: the same on either backend. */
function shaped(
  report: Report,
  p: ReportParams,
  read: Row[],
  parts: Row[] | undefined,
  opts: RunOptions,
  matched = read.length,
): ReportResult {
  let all = read;
  const byTime = report.timeOrdered?.(p) ?? false;
  if (byTime && opts.order === 'desc') all = [...all].reverse();
  let rows = all;
  if (p.limit >= 0 && all.length > p.limit) {
    // Oldest-first time series keep the newest rows, as ccusage does.
    rows = byTime && opts.order !== 'desc' ? all.slice(all.length - p.limit) : all.slice(0, p.limit);
  }
  let children: ReportResult['children'];
  if (parts) {
    const key = columnsOf(report, p)[0]!.key;
    const byKey = new Map<unknown, Row[]>();
    for (const r of parts) {
      const list = byKey.get(r.k) ?? [];
      list.push({ ...r, [key]: r.model });
      byKey.set(r.k, list);
    }
    children = (row) => byKey.get(row[key]);
  }
  const columns = columnsOf(report, p);
  // Keys the SQL gives only for the Total row (priced_cost, unpriced_tokens) stay out of the rows.
  const keys = columns.map((c) => c.key);
  const only = (r: Row) => (Object.keys(r).length === keys.length ? r : Object.fromEntries(keys.map((k) => [k, r[k]])));
  return { columns, rows: rows.map(only), matched, total: report.total?.(all, p), children };
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
export async function runReportOn(
  target: QueryTarget,
  report: Report,
  params: ReportParams,
  opts: RunOptions = {},
): Promise<ReportResult> {
  const p = withBy(report, params);
  const counted = matchedSqlOf(report, p);
  const all = await target.all(sqlOf(report, p), { ...p, limit: counted ? p.limit : -1 });
  const matched = counted ? Number((await target.all(counted, p))[0]!.n) : undefined;
  const breakdown = opts.breakdown ? breakdownSqlOf(report, p) : undefined;
  const parts = breakdown ? await target.all(breakdown, p) : undefined;
  return shaped(report, p, all, parts, opts, matched);
}
