// What a report is: a name, a description, its own options, SQL with :named parameters, and columns.
import { withBounds } from './filters.js';

/** How a column is shown: alignment and formatting in tables, raw values in JSON and CSV. */
export type ColumnType = 'text' | 'int' | 'number' | 'percent' | 'duration' | 'money' | 'datetime' | 'date';

/**
 * What a column is to a picture: `time` (the x axis), `category` (one bar or panel per value; two
 * make a grid), `series` (the parts of a stacked bar), `measure` (a number drawn, in `unit`), or
 * `detail` (shown in the table of numbers only). Renderers choose a chart from these alone.
 */
export type ColumnRole = 'time' | 'category' | 'series' | 'measure' | 'detail';

export interface ColumnRoleSpec {
  role: ColumnRole;
  /** The unit of a measure for axis labels: 'USD', 'tokens', 'calls', '%'… (durations and money have their own). */
  unit?: string;
  /** An average (or a rate): charts never add it up over several rows. */
  average?: boolean;
}

export interface Column {
  key: string;
  label: string;
  type: ColumnType;
  role?: ColumnRole;
  unit?: string;
  average?: boolean;
  /** On a terminal too narrow for the table, columns with a higher number are left out first; absent: never. */
  drop?: number;
}

/** The parameters every report's SQL receives (null when the user gave no such filter). */
export interface ReportParams {
  since: number | null;
  until: number | null;
  project: string | null;
  source: string | null;
  model: string | null;
  /** 1 to include subagent sessions, 0 to leave them out. */
  subagents: 0 | 1;
  /** -1 for no limit. */
  limit: number;
  tz: string;
  /** The report's own `--by` choice, when it has one. */
  by: string | null;
}

export interface ReportOption {
  name: 'by';
  description: string;
  choices: readonly string[];
  default: string;
}

export interface Report {
  name: string;
  /** A short heading for pages and charts: "Tool failures". */
  title: string;
  description: string;
  option?: ReportOption;
  /** Rows shown when --limit is not given; -1 for all. */
  defaultLimit: number;
  /** SQL for the given parameters; a function only chooses between fixed texts (by `--by`). */
  sql: string | ((p: ReportParams) => string);
  /**
   * SQL counting (as `n`) every row `sql` matches before its LIMIT. A report that has it is run with
   * --limit, so that its SQL works out the costly columns for the rows shown only; without it, every
   * row is read and the limit applied after. Not for reports with a Total row, which needs them all.
   */
  matched?: string;
  columns: readonly Column[] | ((p: ReportParams) => readonly Column[]);
  /** Each column's role in a picture, by key; a column not named here is a detail. */
  roles?: Readonly<Record<string, ColumnRole | ColumnRoleSpec>>;
  /**
   * How the HTML page shows this report: its `--by` and row limit when not the defaults, and its
   * place on the page (lower first; reports without one come last, in registry order).
   */
  page?: { by?: string; limit?: number; order?: number };
  /** The Total row of the table, from every matched row (its first column holds "Total"). */
  total?: (rows: Record<string, unknown>[], p: ReportParams) => Record<string, unknown>;
  /** Keys the SQL returns beside the columns, for the Total row only (never shown or exported). */
  totalKeys?: readonly string[];
  /** True when rows come oldest first (then --limit keeps the newest and --order applies). */
  timeOrdered?: (p: ReportParams) => boolean;
  /** `--breakdown`: SQL giving rows with `k` (the first column's value), `model` and the report's columns. */
  breakdown?: (p: ReportParams) => string;
}

/** The SQL to run for these parameters, its time bounds settled (filters.ts's withBounds). */
export const sqlOf = (r: Report, p: ReportParams) => withBounds(typeof r.sql === 'function' ? r.sql(p) : r.sql, p);
/** The `matched` SQL for these parameters, settled in the same way. */
export const matchedSqlOf = (r: Report, p: ReportParams) => (r.matched ? withBounds(r.matched, p) : undefined);
/** The `--breakdown` SQL for these parameters, settled in the same way. */
export const breakdownSqlOf = (r: Report, p: ReportParams) => (r.breakdown ? withBounds(r.breakdown(p), p) : undefined);
/** The report's columns for these parameters, each with its role (and unit) in a picture. */
export function columnsOf(r: Report, p: ReportParams): readonly Column[] {
  const columns = typeof r.columns === 'function' ? r.columns(p) : r.columns;
  if (!r.roles) return columns;
  return columns.map((c) => {
    const spec = r.roles?.[c.key];
    if (!spec) return c;
    return typeof spec === 'string' ? { ...c, role: spec } : { ...c, ...spec };
  });
}
