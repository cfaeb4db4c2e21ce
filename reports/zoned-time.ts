// Wall-clock dates in an IANA time zone: bucketing timestamps by local day, week or month, and back.

const formatters = new Map<string, Intl.DateTimeFormat>();

export class TimeZoneError extends Error {}

/** The system's zone (honours TZ), the default for every report. */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function checkTimeZone(tz: string): string {
  try {
    formatter(tz);
    return tz;
  } catch {
    throw new TimeZoneError(
      `unknown time zone "${tz}": use an IANA name such as UTC, Europe/Berlin or America/New_York`,
    );
  }
}

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

// format() is the concatenation of formatToParts()'s pieces and costs half as much: its usual
// en-US shape is read directly, anything else (a year before 1000, another layout) from the parts.
const US_SHAPE = /^(\d\d)\/(\d\d)\/(\d{4}), (\d\d):(\d\d):(\d\d)$/;

export function wallTime(ms: number, tz: string): WallTime {
  const m = US_SHAPE.exec(formatter(tz).format(ms));
  if (m) return { year: +m[3]!, month: +m[1]!, day: +m[2]!, hour: +m[4]!, minute: +m[5]!, second: +m[6]! };
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(ms)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** Offset of `tz` from UTC at the instant `ms`, in milliseconds. */
export function offsetAt(ms: number, tz: string): number {
  const w = wallTime(ms, tz);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

/** The instant at which the wall clock in `tz` shows the given time (the earlier one in a DST overlap). */
export function zonedToUtc(w: Partial<WallTime> & { year: number; month: number; day: number }, tz: string): number {
  const naive = Date.UTC(w.year, w.month - 1, w.day, w.hour ?? 0, w.minute ?? 0, w.second ?? 0);
  // Two passes settle the offset, also across a DST change between the guess and the answer.
  let guess = naive - offsetAt(naive, tz);
  guess = naive - offsetAt(guess, tz);
  return guess;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
export const isoDate = (w: { year: number; month: number; day: number }) => `${w.year}-${pad(w.month)}-${pad(w.day)}`;

/** `weekday` is the local day of the week as a digit, 0 for Monday to 6 for Sunday. */
export type Bucket = 'hour' | 'day' | 'week' | 'month' | 'weekday';

// Zone offsets are whole quarter hours, so every timestamp in one quarter hour has the same label.
const QUARTER_HOUR = 15 * 60 * 1000;
const bucketCache = new Map<string, Map<number, string>>();
let last: { unit: string; tz: string; cache?: Map<number, string> } = { unit: '', tz: '' };
// Each quarter hour's wall time per zone, shared by the units: a page asks the day and the hour of
// the same quarters (a year: 36 k labels, 20 k quarters), and the zone lookup is most of a label's cost.
const wallCache = new Map<string, Map<number, WallTime>>();

/** A zone's cached value for `key`, made once; the zone's cache is emptied past `limit` entries. */
function perZone<V>(caches: Map<string, Map<number, V>>, tz: string, key: number, limit: number, make: () => V): V {
  let cache = caches.get(tz);
  if (!cache) {
    cache = new Map();
    caches.set(tz, cache);
  }
  let v = cache.get(key);
  if (v === undefined) {
    v = make();
    if (cache.size > limit) cache.clear();
    cache.set(key, v);
  }
  return v;
}

const slotWallTime = (slot: number, tz: string): WallTime =>
  perZone(
    wallCache,
    tz,
    slot,
    500_000,
    () => steadyWallTime(slot * QUARTER_HOUR, tz) ?? wallTime(slot * QUARTER_HOUR, tz),
  );

const DAY_MS = 86_400_000;
// Two days inside the years Intl writes with four digits, whatever the zone's offset.
const STEADY_FROM = Date.UTC(1000, 0, 3);
const STEADY_TO = Date.UTC(9999, 11, 29);
// The zone's offset at each UTC midnight asked, per zone.
const midnightOffsets = new Map<string, Map<number, number>>();

const midnightOffset = (day: number, tz: string): number =>
  perZone(midnightOffsets, tz, day, 100_000, () => offsetAt(day * DAY_MS, tz));

/**
 * The wall time at `ms` without asking Intl, when the zone's offset is the same at the UTC midnights
 * before and after it: no change of offset falls between them then (no zone changes its offset and
 * back within a day: checked on the transitions of every zone in tzdata 2025b), so the wall time is the UTC clock moved by the
 * offset. A page asks the wall time of 20 k quarter hours of a year: about 730 zone lookups instead.
 * Undefined on a day with a change of offset, and near or past the years that Intl writes otherwise
 * (before 1000, after 9999), which wallTime reads as before.
 */
function steadyWallTime(ms: number, tz: string): WallTime | undefined {
  if (!(ms >= STEADY_FROM && ms < STEADY_TO)) return undefined;
  const day = Math.floor(ms / DAY_MS);
  const off = midnightOffset(day, tz);
  if (off !== midnightOffset(day + 1, tz)) return undefined;
  const d = new Date(ms + off);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/** The local period a timestamp falls in: `2026-11-21`, `2026-11-16` (the Monday of its week), `2026-11`. */
export function bucketOf(ms: number, unit: Bucket, tz: string): string {
  // A report calls this once per row with the same unit and zone: the last cache is kept at hand,
  // since building and hashing the key took most of the call.
  let cache = last.unit === unit && last.tz === tz ? last.cache : undefined;
  if (!cache) {
    const key = `${unit}|${tz}`;
    cache = bucketCache.get(key);
    if (!cache) {
      cache = new Map();
      bucketCache.set(key, cache);
    }
    last = { unit, tz, cache };
  }
  const slot = Math.floor(ms / QUARTER_HOUR);
  let label = cache.get(slot);
  if (label === undefined) {
    label = label_(slotWallTime(slot, tz), unit);
    if (cache.size > 500_000) cache.clear();
    cache.set(slot, label);
  }
  return label;
}

function label_(w: WallTime, unit: Bucket): string {
  switch (unit) {
    case 'hour':
      return `${isoDate(w)} ${pad(w.hour)}:00`;
    case 'day':
      return isoDate(w);
    case 'month':
      return `${w.year}-${pad(w.month)}`;
    case 'weekday':
      return String((new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay() + 6) % 7);
    case 'week': {
      const d = new Date(Date.UTC(w.year, w.month - 1, w.day));
      const sinceMonday = (d.getUTCDay() + 6) % 7;
      d.setUTCDate(d.getUTCDate() - sinceMonday);
      return isoDate({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
    }
  }
}

/** `2026-11-21 09:05` in `tz`, for tables. */
export function localDateTime(ms: number, tz: string): string {
  const w = wallTime(ms, tz);
  return `${isoDate(w)} ${pad(w.hour)}:${pad(w.minute)}`;
}

/** ISO 8601 with the zone's offset, for JSON and CSV: `2026-11-21T09:05:00.000+01:00`. */
export function isoInZone(ms: number, tz: string): string {
  const off = offsetAt(ms, tz);
  const w = wallTime(ms, tz);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off) / 60_000;
  const millis = pad(((ms % 1000) + 1000) % 1000, 3);
  return `${isoDate(w)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}.${millis}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
