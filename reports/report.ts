// What a report is: a name, a description, its own options, SQL with :named parameters, and columns.

/** How a column is shown: alignment and formatting in tables, raw values in JSON and CSV. */
export type ColumnType = 'text' | 'int' | 'number' | 'percent' | 'duration' | 'money' | 'datetime' | 'date';

export interface Column {
  key: string;
  label: string;
  type: ColumnType;
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
  description: string;
  option?: ReportOption;
  /** Rows shown when --limit is not given; -1 for all. */
  defaultLimit: number;
  /** SQL for the given parameters; a function only chooses between fixed texts (by `--by`). */
  sql: string | ((p: ReportParams) => string);
  columns: readonly Column[] | ((p: ReportParams) => readonly Column[]);
  /** The Total row of the table, from every matched row (its first column holds "Total"). */
  total?: (rows: Record<string, unknown>[], p: ReportParams) => Record<string, unknown>;
  /** Keys the SQL returns beside the columns, for the Total row only (never shown or exported). */
  totalKeys?: readonly string[];
  /** True when rows come oldest first (then --limit keeps the newest and --order applies). */
  timeOrdered?: (p: ReportParams) => boolean;
  /** `--breakdown`: SQL giving rows with `k` (the first column's value), `model` and the report's columns. */
  breakdown?: (p: ReportParams) => string;
}

export const sqlOf = (r: Report, p: ReportParams) => (typeof r.sql === 'function' ? r.sql(p) : r.sql);
export const columnsOf = (r: Report, p: ReportParams) => (typeof r.columns === 'function' ? r.columns(p) : r.columns);
