// Chart kind "bars": a row per category value and, side by side, a panel of bars for each measure.
import { type ChartInput, withRole } from './chart-input.js';
import { asNumber, cut, cutLabel, el, esc, figure, measureTitle, niceTicks, seriesClass, tickLabel } from './svg.js';

const MAX_ROWS = 15;
const ROW = 22;
const LABEL_W = 210;
const WIDTH = 760;
const HEAD = 30;

export function categoryBars(input: ChartInput): string {
  const [cat] = withRole(input.columns, 'category');
  const measures = withRole(input.columns, 'measure');
  if (!cat || measures.length === 0) return '';
  const rows = input.rows.slice(0, MAX_ROWS);
  if (!rows.some((r) => measures.some((m) => asNumber(r[m.key]) > 0))) return '';
  // A text column that is no category (the most frequent failure of a tool) is written beside the bars.
  const note = input.columns.find((c) => (c.role ?? 'detail') === 'detail' && c.type === 'text');
  const noteW = note ? 190 : 0;
  const panelW = (WIDTH - LABEL_W - noteW) / measures.length;
  const height = HEAD + rows.length * ROW + 6;
  const parts: string[] = [];
  rows.forEach((r, i) => {
    const label = String(r[cat.key] ?? '(none)');
    parts.push(
      el(
        'text',
        { class: 'tick', x: LABEL_W - 8, y: HEAD + i * ROW + 15, 'text-anchor': 'end' },
        `<title>${esc(label)}</title>${esc(cutLabel(label, 34))}`,
      ),
    );
  });
  measures.forEach((m, j) => {
    const x0 = LABEL_W + j * panelW;
    const room = panelW - 64; // space kept for the value written after the bar
    const ticks = niceTicks(Math.max(0, ...rows.map((r) => asNumber(r[m.key]))));
    const top = ticks[ticks.length - 1]!;
    parts.push(el('text', { class: 'axis-title', x: x0 + 2, y: 14 }, esc(measureTitle(m))));
    parts.push(el('line', { class: 'axis', x1: x0, x2: x0, y1: HEAD - 6, y2: height - 4 }));
    rows.forEach((r, i) => {
      const v = asNumber(r[m.key]);
      const w = v > 0 ? Math.max(1, (v / top) * room) : 0;
      const y = HEAD + i * ROW + 3;
      const tip = `${String(r[cat.key] ?? '(none)')}: ${tickLabel(v, m.type)}`;
      if (w > 0)
        parts.push(
          el(
            'rect',
            { class: `bar ${seriesClass(j)}`, x: x0, y, width: w, height: ROW - 8 },
            `<title>${esc(tip)}</title>`,
          ),
        );
      const shown = r[m.key] === null || r[m.key] === undefined ? '–' : tickLabel(v, m.type);
      parts.push(el('text', { class: 'value', x: x0 + w + 4, y: y + 11 }, esc(shown)));
    });
  });
  if (note) {
    const x0 = WIDTH - noteW + 6;
    parts.push(el('text', { class: 'axis-title', x: x0, y: 14 }, esc(note.label)));
    rows.forEach((r, i) => {
      const text = r[note.key] === null || r[note.key] === undefined ? '' : String(r[note.key]);
      parts.push(
        el(
          'text',
          { class: 'value', x: x0, y: HEAD + i * ROW + 14 },
          `<title>${esc(text)}</title>${esc(cut(text, 30))}`,
        ),
      );
    });
  }
  const more = input.rows.length > rows.length ? ` (first ${rows.length} of ${input.rows.length})` : '';
  return figure(input.id, `${input.title} by ${cat.label.toLowerCase()}${more}`, WIDTH, height, parts.join(''));
}
