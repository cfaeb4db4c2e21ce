// Parses --since / --until: a date, a date-time, or a span back from now (24h, 7d, 4w).
import { wallTime, zonedToUtc } from './zoned-time.js';

export class TimeRangeError extends Error {}

export const ACCEPTED_FORMS =
  'a span back from now (90m, 24h, 7d, 4w), a date (2026-11-21 or 20261121), a date-time (2026-11-21T09:00 or ' +
  '2026-11-21 09:00, optionally with Z or +01:00), "today" or "yesterday"';

const SPAN = /^(\d+(?:\.\d+)?)\s*(m|min|h|d|w)$/i;
// 2026-02-12, and 20260212 as ccusage takes it.
const DATE = /^(\d{4})-?(\d{2})-?(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const UNIT_MS: Record<string, number> = { m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export interface TimeBound {
  ms: number;
  /** True when the input named a whole day (a date, today, yesterday). */
  wholeDay: boolean;
}

/** One bound. A date means the start of that day in `tz`. */
export function parseTime(input: string, tz: string, now = Date.now(), flag = '--since'): TimeBound {
  const text = input.trim();
  const span = SPAN.exec(text);
  if (span) return { ms: now - Number(span[1]) * UNIT_MS[span[2]!.toLowerCase()]!, wholeDay: false };
  if (/^(today|yesterday)$/i.test(text)) {
    const w = wallTime(now, tz);
    const start = zonedToUtc({ year: w.year, month: w.month, day: w.day }, tz);
    return { ms: text.toLowerCase() === 'today' ? start : startOfPreviousDay(start, tz), wholeDay: true };
  }
  const date = DATE.exec(text);
  if (date) {
    const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
    if (!validDate(year, month, day)) throw bad(input, flag);
    return { ms: zonedToUtc({ year, month, day }, tz), wholeDay: true };
  }
  const dt = DATE_TIME.exec(text);
  if (dt) {
    const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(dt[i]));
    const second = Number(dt[6] ?? 0);
    const millis = Number((dt[7] ?? '0').padEnd(3, '0'));
    if (!validDate(year!, month!, day!) || hour! > 23 || minute! > 59 || second > 59) throw bad(input, flag);
    const zone = dt[8];
    if (zone) {
      const offset = zone.toUpperCase() === 'Z' ? 0 : zoneOffsetMs(zone);
      return { ms: Date.UTC(year!, month! - 1, day!, hour!, minute!, second, millis) - offset, wholeDay: false };
    }
    return {
      ms: zonedToUtc({ year: year!, month: month!, day: day!, hour, minute, second }, tz) + millis,
      wholeDay: false,
    };
  }
  throw bad(input, flag);
}

function startOfPreviousDay(startOfToday: number, tz: string): number {
  const w = wallTime(startOfToday - 12 * 3_600_000, tz);
  return zonedToUtc({ year: w.year, month: w.month, day: w.day }, tz);
}

/** The start of the day after the one that contains `ms` in `tz`. */
export function nextDayStart(ms: number, tz: string): number {
  const w = wallTime(ms, tz);
  const next = new Date(Date.UTC(w.year, w.month - 1, w.day + 1));
  return zonedToUtc({ year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() }, tz);
}

function validDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

function zoneOffsetMs(zone: string): number {
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return (m[1] === '-' ? -1 : 1) * minutes * 60_000;
}

function bad(input: string, flag: string): TimeRangeError {
  return new TimeRangeError(`${flag} "${input}" is not a time agentlog understands; use ${ACCEPTED_FORMS}`);
}

export interface TimeRange {
  /** Inclusive start (ms), or null for the beginning of time. */
  since: number | null;
  /** Exclusive end (ms), or null for now and on. */
  until: number | null;
}

/** The [since, until) range. A date given to --until includes that whole day. */
export function parseRange(
  since: string | undefined,
  until: string | undefined,
  tz: string,
  now = Date.now(),
): TimeRange {
  const from = since ? parseTime(since, tz, now, '--since').ms : null;
  let to: number | null = null;
  if (until) {
    const bound = parseTime(until, tz, now, '--until');
    to = bound.wholeDay ? nextDayStart(bound.ms, tz) : bound.ms;
  }
  if (from !== null && to !== null && to <= from) {
    throw new TimeRangeError(`--until (${until}) is not after --since (${since})`);
  }
  return { since: from, until: to };
}
