// What every chart kind is given: the report's columns with their roles, its rows, and the period.
import type { Column, ColumnRole } from '../../report.js';
import type { Row } from '../../run-report.js';

export interface ChartInput {
  /** Unique on the page: element ids are made from it. */
  id: string;
  title: string;
  columns: readonly Column[];
  rows: Row[];
  /** The first and last local day of the period, so that days without rows still get their place. */
  days?: { first: string; last: string };
}

export const withRole = (columns: readonly Column[], role: ColumnRole) => columns.filter((c) => c.role === role);

const DAY = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The distinct x values in order; daily values get every day between the first and the last, rows or not. */
export function timeBuckets(values: string[], days?: { first: string; last: string }): string[] {
  const distinct = [...new Set(values)].sort();
  if (distinct.length === 0 || !distinct.every((v) => ISO_DAY.test(v))) return distinct;
  const first = days && days.first < distinct[0]! ? days.first : distinct[0]!;
  const last = days && days.last > distinct[distinct.length - 1]! ? days.last : distinct[distinct.length - 1]!;
  const out: string[] = [];
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += DAY) {
    out.push(new Date(t).toISOString().slice(0, 10));
    if (out.length > 3660) return distinct; // more than ten years of days: draw only the days with rows
  }
  return out;
}
