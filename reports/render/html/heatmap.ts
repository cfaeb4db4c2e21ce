// Chart kind "heatmap": two category columns as rows and columns of a grid, a measure as the shade.
import { type ChartInput, withRole } from './chart-input.js';
import { asNumber, el, esc, figure, measureTitle, tickLabel } from './svg.js';

const LEFT = 48;
const TOP = 22;
const WIDTH = 760;

export function heatmap(input: ChartInput): string {
  const [rowCat, colCat] = withRole(input.columns, 'category');
  const [m] = withRole(input.columns, 'measure');
  if (!rowCat || !colCat || !m) return '';
  const rowNames = [...new Set(input.rows.map((r) => String(r[rowCat.key])))];
  const colNames = [...new Set(input.rows.map((r) => String(r[colCat.key])))];
  const max = Math.max(0, ...input.rows.map((r) => asNumber(r[m.key])));
  if (!(max > 0)) return '';
  const cell = Math.min(40, (WIDTH - LEFT - 8) / colNames.length);
  const height = TOP + rowNames.length * cell + 40;
  const parts: string[] = [];
  colNames.forEach((c, j) =>
    parts.push(
      el('text', { class: 'tick', x: LEFT + j * cell + cell / 2, y: TOP - 6, 'text-anchor': 'middle' }, esc(c)),
    ),
  );
  rowNames.forEach((name, i) =>
    parts.push(
      el('text', { class: 'tick', x: LEFT - 6, y: TOP + i * cell + cell / 2 + 4, 'text-anchor': 'end' }, esc(name)),
    ),
  );
  for (const r of input.rows) {
    const i = rowNames.indexOf(String(r[rowCat.key]));
    const j = colNames.indexOf(String(r[colCat.key]));
    const v = asNumber(r[m.key]);
    const tip =
      `${String(r[rowCat.key])} ${colCat.label.toLowerCase()} ${String(r[colCat.key])}: ${tickLabel(v, m.type)} ${m.unit ?? ''}`.trim();
    parts.push(
      el(
        'rect',
        {
          class: v > 0 ? 'heat' : 'heat0',
          x: LEFT + j * cell + 1,
          y: TOP + i * cell + 1,
          width: cell - 2,
          height: cell - 2,
          'fill-opacity': v > 0 ? Math.round((0.15 + (0.85 * v) / max) * 100) / 100 : undefined,
        },
        `<title>${esc(tip)}</title>`,
      ),
    );
  }
  const scaleY = TOP + rowNames.length * cell + 14;
  parts.push(
    el(
      'text',
      { class: 'axis-title', x: LEFT, y: scaleY + 12 },
      esc(
        `${colCat.label} (across) by ${rowCat.label.toLowerCase()} (down); darkest = ${tickLabel(max, m.type)} ${measureTitle(m).toLowerCase()}`,
      ),
    ),
  );
  return figure(
    input.id,
    `${measureTitle(m)} by ${rowCat.label.toLowerCase()} and ${colCat.label.toLowerCase()}`,
    WIDTH,
    height,
    parts.join(''),
  );
}
