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

/** Past this many days a daily chart is drawn per week: bars of a pixel or two say little. */
export const WEEKLY_AFTER_DAYS = 120;

/** The Monday of an ISO day's week. */
export function weekOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

export interface TimeAxis {
  buckets: string[];
  /** The bucket a row's time value falls in. */
  bucketOf: (v: string) => string;
  /** 'day' or 'week', for titles. */
  unit: string;
}

/**
 * The x axis of a time chart: every day of the period, or every week when the period is long and
 * every measure can be summed (an average per day cannot be added up into a week).
 */
export function timeAxis(
  values: string[],
  days: ChartInput['days'],
  measures: readonly Column[],
  label: string,
): TimeAxis {
  const buckets = timeBuckets(values, days);
  const daily = buckets.length > 0 && buckets.every((b) => ISO_DAY.test(b));
  if (!daily || buckets.length <= WEEKLY_AFTER_DAYS || measures.some((m) => m.average))
    return { buckets, bucketOf: (v) => v, unit: label.toLowerCase() };
  // A chart asks the week of each row once per measure (a year's daily spend: 3 k rows, 366 days).
  const weeks = new Map<string, string>();
  const bucketOf = (day: string) => {
    let w = weeks.get(day);
    if (w === undefined) weeks.set(day, (w = weekOf(day)));
    return w;
  };
  return { buckets: [...new Set(buckets.map(bucketOf))], bucketOf, unit: 'week' };
}
