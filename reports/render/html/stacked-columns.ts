// Draws vertical stacked columns with axes: the shared drawing of time charts and small multiples.
import type { Column } from '../../report.js';
import { el, esc, niceTicks, px, seriesClass, tickLabel } from './svg.js';

export interface ColumnsInput {
  /** The x values, in order; a column is drawn for each, empty or not. */
  buckets: string[];
  /** The names of the stacked parts, bottom first. */
  series: string[];
  /** values[bucket][series] */
  values: number[][];
  measure: Column;
  xTitle: string;
  yTitle: string;
  /** Scale to this maximum instead of the data's (small multiples share one). */
  yMax?: number;
  width: number;
  height: number;
  /** Short x labels: 2026-11-21 becomes 11-21. */
  label?: (bucket: string) => string;
}

const M = { left: 62, right: 8, top: 10, bottom: 36 };

export function stackedColumns(c: ColumnsInput): string {
  const plotW = c.width - M.left - M.right;
  const plotH = c.height - M.top - M.bottom;
  const totals = c.values.map((v) => v.reduce((a, b) => a + b, 0));
  const ticks = niceTicks(c.yMax ?? Math.max(0, ...totals));
  const top = ticks[ticks.length - 1]!;
  const y = (v: number) => M.top + plotH - (v / top) * plotH;
  const slot = plotW / Math.max(1, c.buckets.length);
  const barW = Math.max(2, slot * 0.8);
  const parts: string[] = [];

  for (const t of ticks) {
    parts.push(el('line', { class: 'grid', x1: M.left, x2: M.left + plotW, y1: y(t), y2: y(t) }));
    parts.push(
      el(
        'text',
        { class: 'tick', x: M.left - 6, y: y(t) + 4, 'text-anchor': 'end' },
        esc(tickLabel(t, c.measure.type)),
      ),
    );
  }
  c.buckets.forEach((b, i) => {
    let base = 0;
    const x = M.left + i * slot + (slot - barW) / 2;
    c.series.forEach((s, j) => {
      const v = c.values[i]![j]!;
      if (!(v > 0)) return;
      const h = Math.max(0.5, (v / top) * plotH);
      const tip = `${b}${c.series.length > 1 ? `, ${s}` : ''}: ${tickLabel(v, c.measure.type)}`;
      parts.push(
        el(
          'rect',
          { class: `bar ${seriesClass(j)}`, x, y: y(base) - h, width: barW, height: h },
          `<title>${esc(tip)}</title>`,
        ),
      );
      base += v;
    });
  });
  const every = Math.max(1, Math.ceil(c.buckets.length / Math.max(1, Math.floor(plotW / 80))));
  c.buckets.forEach((b, i) => {
    if (i % every !== 0) return;
    const text = c.label ? c.label(b) : b;
    parts.push(
      el(
        'text',
        { class: 'tick', x: M.left + i * slot + slot / 2, y: M.top + plotH + 14, 'text-anchor': 'middle' },
        esc(text),
      ),
    );
  });
  parts.push(el('line', { class: 'axis', x1: M.left, x2: M.left + plotW, y1: M.top + plotH, y2: M.top + plotH }));
  parts.push(
    el('text', { class: 'axis-title', x: M.left + plotW / 2, y: c.height - 4, 'text-anchor': 'middle' }, esc(c.xTitle)),
  );
  parts.push(
    el(
      'text',
      { class: 'axis-title', transform: `translate(12 ${px(M.top + plotH / 2)}) rotate(-90)`, 'text-anchor': 'middle' },
      esc(c.yTitle),
    ),
  );
  return parts.join('');
}

/**
 * Day labels for an axis: 11-21 within one year, 2026-11-21 across years (the ticks are far apart
 * then, and the year matters); other labels as they are.
 */
export function dayLabels(buckets: string[]): (b: string) => string {
  const years = new Set(buckets.map((b) => b.slice(0, 4)));
  return (b) => (/^\d{4}-\d{2}-\d{2}$/.test(b) && years.size === 1 ? b.slice(5) : b);
}
