// The output formats every report shares: (rows, columns) in, text out.
import Table from 'cli-table3';
import type { Column } from '../report.js';
import type { Row } from '../run-report.js';
import { htmlPage } from './html/page.js';
import { dataValue, humanValue, rightAligned } from './values.js';

import type { Format } from './formats.js';

export { FORMATS, type Format } from './formats.js';

export interface RenderOptions {
  tz: string;
  /** The report's title and description, for formats that show them (html). */
  title?: string;
  description?: string;
}

type Renderer = (rows: Row[], columns: readonly Column[], opts: RenderOptions) => string;

const dataRows = (rows: Row[], columns: readonly Column[], tz: string) =>
  rows.map((r) => Object.fromEntries(columns.map((c) => [c.key, dataValue(r[c.key], c.type, tz)])));

function csvField(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function markdownCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/** Table cells stay on one line: long text is cut so the table fits a terminal. */
function tableCell(s: string): string {
  const flat = s.replace(/\s*\n\s*/g, ' ');
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
}

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
  table(rows, columns, { tz }) {
    if (rows.length === 0) return '(no rows)';
    if (rows.length > BOXED_ROWS_MAX) {
      return plainTable(
        rows.map((r) => columns.map((c) => tableCell(humanValue(r[c.key], c.type, tz)))),
        columns,
      );
    }
    const table = new Table({
      head: columns.map((c) => c.label),
      colAligns: columns.map((c) => (rightAligned(c.type) ? 'right' : 'left')),
      style: { head: [], border: [], compact: true },
    });
    for (const r of rows) table.push(columns.map((c) => tableCell(humanValue(r[c.key], c.type, tz))));
    return table.toString();
  },
  json: (rows, columns, { tz }) => JSON.stringify(dataRows(rows, columns, tz), null, 2),
  ndjson: (rows, columns, { tz }) =>
    dataRows(rows, columns, tz)
      .map((r) => JSON.stringify(r))
      .join('\n'),
  csv(rows, columns, { tz }) {
    const lines = [columns.map((c) => csvField(c.key)).join(',')];
    for (const r of dataRows(rows, columns, tz)) lines.push(columns.map((c) => csvField(r[c.key] ?? null)).join(','));
    return lines.join('\r\n');
  },
  markdown(rows, columns, { tz }) {
    const head = `| ${columns.map((c) => markdownCell(c.label)).join(' | ')} |`;
    const rule = `|${columns.map((c) => (rightAligned(c.type) ? ' ---: ' : ' --- ')).join('|')}|`;
    const body = rows.map(
      (r) => `| ${columns.map((c) => markdownCell(humanValue(r[c.key], c.type, tz))).join(' | ')} |`,
    );
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
