// SVG and HTML primitives for the page: escaping, elements, nice axis ticks and value labels.
import type { Column } from '../../report.js';
import { humanDuration, money } from '../values.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for element content and attribute values alike: every data string goes through here. */
export const esc = (v: unknown): string => String(v ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);

/** Coordinates with at most two decimals, so the same data always gives the same text. */
export const px = (n: number): string => String(Math.round(n * 100) / 100);

type Attrs = Record<string, string | number | undefined>;

/** An element; attribute values are escaped, `inner` is markup the caller has already escaped. */
export function el(name: string, attrs: Attrs, inner?: string): string {
  // A plain loop: a year's charts make ~10 k elements.
  let a = '';
  for (const k in attrs) {
    const v = attrs[k];
    if (v !== undefined) a += ` ${k}="${typeof v === 'number' ? px(v) : esc(v)}"`;
  }
  return inner === undefined ? `<${name}${a}/>` : `<${name}${a}>${inner}</${name}>`;
}

/** 0 up to a round number at or above `max`, in about `count` steps of 1, 2 or 5 times a power of ten. */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw)!;
  const ticks: number[] = [];
  const at = (i: number) => Number((i * step).toPrecision(12));
  for (let i = 0; ; i++) {
    ticks.push(at(i));
    if (at(i) >= max) return ticks;
  }
}

function short(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e9) return `${+(n / 1e9).toFixed(1)}B`;
  if (a >= 1e6) return `${+(n / 1e6).toFixed(1)}M`;
  if (a >= 1e3) return `${+(n / 1e3).toFixed(1)}k`;
  return String(+n.toFixed(2));
}

/** A value as an axis tick or a bar label: short, in the column's own kind of unit. */
export function tickLabel(v: number, type: Column['type']): string {
  switch (type) {
    case 'money':
      return v >= 1000 ? `$${short(v)}` : money(v);
    case 'duration':
      return v === 0 ? '0' : humanDuration(v);
    case 'percent':
      return `${+v.toFixed(1)}%`;
    default:
      return short(v);
  }
}

/** The axis title of a measure: its label and unit, "Cost (USD)", "Median (time)". */
export function measureTitle(c: Column): string {
  const unit = c.type === 'money' ? 'USD' : c.type === 'duration' ? 'time' : c.type === 'percent' ? '%' : c.unit;
  return unit && unit.toLowerCase() !== c.label.toLowerCase() ? `${c.label} (${unit})` : c.label;
}

export const asNumber = (v: unknown): number =>
  typeof v === 'number'
    ? v
    : typeof v === 'bigint'
      ? Number(v)
      : typeof v === 'string' && v !== ''
        ? Number(v) || 0
        : 0;

/** Long labels cut for drawing; the full text goes in the element's <title>. */
export const cut = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** Paths are cut at the front: their end (the file name) is what tells them apart. */
export const cutLabel = (s: string, max: number) =>
  s.length > max && /[/\\]/.test(s) ? `…${s.slice(s.length - max + 1)}` : cut(s, max);

/** The colour classes of series, in the order they are given out (defined in page-style.ts). */
export const SERIES_COLOURS = 8;
export const seriesClass = (i: number) => `s${i % SERIES_COLOURS}`;

/** An SVG chart with its accessible name, in a figure with an optional legend. */
export function figure(id: string, title: string, width: number, height: number, inner: string, legend = ''): string {
  const svg = el(
    'svg',
    { class: 'chart', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-labelledby': `${id}-t` },
    `<title id="${esc(id)}-t">${esc(title)}</title>${inner}`,
  );
  return `<figure class="chart">${svg}${legend}<figcaption>${esc(title)}</figcaption></figure>`;
}

/** Swatches naming the series of a chart, in their colours. */
export function legend(names: string[]): string {
  if (names.length < 2) return '';
  return `<ul class="legend">${names.map((n, i) => `<li><span class="swatch ${seriesClass(i)}"></span>${esc(n)}</li>`).join('')}</ul>`;
}
