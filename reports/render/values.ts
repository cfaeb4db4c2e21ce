// How one value of a column type is shown: for people (tables) or for programs (JSON, CSV).
import type { ColumnType } from '../report.js';
import { isoInZone, localDateTime } from '../zoned-time.js';

let intFormat: Intl.NumberFormat | undefined; // made on first use: building it costs a CLI start-up ~15 ms
const int = () => (intFormat ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }));
let numberFormat: Intl.NumberFormat | undefined; // toLocaleString builds one per call: 200,000 cells took 15 s
const num = () => (numberFormat ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }));
let moneyFormat: Intl.NumberFormat | undefined; // the same: a year's daily spend (3,010 cells) took 140 ms
const cents = () =>
  (moneyFormat ??= new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));

export function humanDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${Math.round(s % 60)}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

export function money(usd: number): string {
  if (usd !== 0 && Math.abs(usd) < 0.01) return `$${usd.toFixed(4)}`;
  return `$${cents().format(usd)}`;
}

const asNumber = (v: unknown): number | null =>
  typeof v === 'number'
    ? v
    : typeof v === 'bigint'
      ? Number(v)
      : typeof v === 'string' && v !== '' && !isNaN(Number(v))
        ? Number(v)
        : null;

/** Text for a table cell; '' for null. */
export function humanValue(v: unknown, type: ColumnType, tz: string): string {
  if (v === null || v === undefined) return '';
  const n = asNumber(v);
  switch (type) {
    case 'int':
      return n === null ? String(v) : int().format(n);
    case 'number':
      return n === null ? String(v) : num().format(n);
    case 'percent':
      return n === null ? String(v) : `${n.toFixed(2)}%`;
    case 'duration':
      return n === null ? String(v) : humanDuration(n);
    case 'money':
      return n === null ? String(v) : money(n);
    case 'datetime':
      return n === null ? String(v) : localDateTime(n, tz);
    default:
      return String(v);
  }
}

/** A value for JSON and CSV: numbers stay numbers, times become ISO 8601 in the zone, null stays null. */
export function dataValue(v: unknown, type: ColumnType, tz: string): string | number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') v = Number(v);
  if (type === 'datetime' && typeof v === 'number') return isoInZone(v, tz);
  if (type === 'money' && typeof v === 'number') return Math.round(v * 1e6) / 1e6;
  if (typeof v === 'number' || typeof v === 'string') return v;
  return String(v);
}

export const rightAligned = (type: ColumnType) => type !== 'text' && type !== 'date' && type !== 'datetime';

/** A whole number in at most five characters (12.3k, 1.2M) for narrow tables. */
export function compactInt(n: number): string {
  const abs = Math.abs(n);
  if (abs < 10_000) return int().format(n);
  for (const [size, unit] of [
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ] as const) {
    if (abs >= size) {
      const v = n / size;
      return `${Math.abs(v) < 100 ? v.toFixed(1).replace(/\.0$/, '') : Math.round(v)}${unit}`;
    }
  }
  return int().format(n);
}
