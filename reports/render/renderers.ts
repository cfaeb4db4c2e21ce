// The output formats every report shares: (rows, columns) in, text out.
import type { Column } from '../report.js';
import type { Row } from '../run-report.js';
import { htmlPage } from './html/page.js';
import { renderTable, type TableOptions } from './table.js';
import { dataValue, humanValue, rightAligned } from './values.js';

import type { Format } from './formats.js';

export { FORMATS, type Format } from './formats.js';

/** `tz` for every format; width, Total row and breakdown shape tables (`children` also JSON's `models`). */
export interface RenderOptions extends TableOptions {
  /** The report's title and description, for formats that show them (html). */
  title?: string;
  description?: string;
}

type Renderer = (rows: Row[], columns: readonly Column[], opts: RenderOptions) => string;

const dataRow = (r: Row, columns: readonly Column[], tz: string) =>
  Object.fromEntries(columns.map((c) => [c.key, dataValue(r[c.key], c.type, tz)]));

/** Rows for programs; a breakdown puts each row's model rows in `models`. */
const dataRows = (rows: Row[], columns: readonly Column[], tz: string, children?: TableOptions['children']) =>
  rows.map((r) => {
    const row = dataRow(r, columns, tz);
    const kids = children?.(r);
    return kids ? { ...row, models: kids.map((k) => dataRow(k, columns, tz)) } : row;
  });

function csvField(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function markdownCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/** Cells of the plain table stay on one line. */
const tableCell = (s: string) => s.replace(/\s*\n\s*/g, ' ');

/** cli-table3 draws up to this many rows; past it (a big `agentlog sql`) plain padded columns are cheaper. */
const BOXED_ROWS_MAX = 5000;

function plainTable(cells: string[][], columns: readonly Column[]): string {
  const widths = columns.map((c, i) => cells.reduce((w, r) => Math.max(w, r[i]!.length), c.label.length));
  const line = (values: string[]) =>
    values
      .map((v, i) => (rightAligned(columns[i]!.type) ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.label)), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join(
    '\n',
  );
}

export const renderers: Record<Format, Renderer> = {
  table(rows, columns, opts) {
    if (rows.length === 0) return '(no rows)';
    if (rows.length > BOXED_ROWS_MAX) {
      return plainTable(
        rows.map((r) => columns.map((c) => tableCell(humanValue(r[c.key], c.type, opts.tz)))),
        columns,
      );
    }
    const { text, dropped } = renderTable(rows, columns, opts);
    return dropped.length
      ? `${text}\nLeft out to fit ${opts.width} columns: ${dropped.join(', ')} (--wide shows every column).`
      : text;
  },
  json: (rows, columns, { tz, children }) => JSON.stringify(dataRows(rows, columns, tz, children), null, 2),
  ndjson: (rows, columns, { tz, children }) =>
    dataRows(rows, columns, tz, children)
      .map((r) => JSON.stringify(r))
      .join('\n'),
  csv(rows, columns, { tz }) {
    const lines = [columns.map((c) => csvField(c.key)).join(',')];
    for (const r of rows.map((x) => dataRow(x, columns, tz))) lines.push(columns.map((c) => csvField(r[c.key] ?? null)).join(','));
    return lines.join('\r\n');
  },
  markdown(rows, columns, { tz, children }) {
    const head = `| ${columns.map((c) => markdownCell(c.label)).join(' | ')} |`;
    const rule = `|${columns.map((c) => (rightAligned(c.type) ? ' ---: ' : ' --- ')).join('|')}|`;
    const line = (r: Row, indent = '') =>
      `| ${columns.map((c, i) => markdownCell((i === 0 ? indent : '') + humanValue(r[c.key], c.type, tz))).join(' | ')} |`;
    const body = rows.flatMap((r) => [line(r), ...(children?.(r) ?? []).map((k) => line(k, '└ '))]);
    return [head, rule, ...body].join('\n');
  },
  html: (rows, columns, opts) => html(rows, columns, opts),
};

/** One report as a page of its own: its chart (chosen from the column roles) and its numbers. */
function html(rows: Row[], columns: readonly Column[], { tz, title, description }: RenderOptions): string {
  const name = title ?? 'agentlog report';
  return htmlPage({
    title: name,
    subtitle: [],
    sections: [{ id: 'report', title: name, description: description ?? '', columns, rows }],
    tz,
  });
}

export function render(format: Format, rows: Row[], columns: readonly Column[], opts: RenderOptions): string {
  return renderers[format](rows, columns, opts);
}
