// The table format: a boxed table that fits the terminal's width, with an optional Total row and breakdown rows.
import type { Column } from '../report.js';
import type { Row } from '../run-report.js';
import { padTo, shortenMiddle, textWidth } from './text-width.js';
import { compactInt, humanValue, rightAligned } from './values.js';

export interface TableOptions {
  tz: string;
  /** The terminal's width in columns; undefined when output is not a terminal (no limit). */
  width?: number;
  /** Show every column and whole values, whatever the width. */
  wide?: boolean;
  /** A footer row under a rule (the Total row); its first column holds its label. */
  total?: Row;
  /** Rows shown indented under a row (`--breakdown`: one per model). */
  children?: (row: Row) => Row[] | undefined;
}

export interface TableResult {
  text: string;
  /** Labels of the columns left out to fit the width. */
  dropped: string[];
}

/** cli-style boxes cost 3 columns per column plus 1. */
const overhead = (n: number) => 3 * n + 1;
/** A text column is not shortened below this (or its label, or its longest value when shorter). */
const TEXT_MIN = 10;

const flat = (s: string) => s.replace(/\s*\r?\n\s*/g, ' ');

interface Line {
  cells: string[];
  child?: boolean;
  total?: boolean;
}

function lines(rows: Row[], columns: readonly Column[], opts: TableOptions, compact: boolean): Line[] {
  const cell = (r: Row, c: Column) => {
    const v = r[c.key];
    if (compact && c.type === 'int' && typeof v === 'number') return compactInt(v);
    return flat(humanValue(v, c.type, opts.tz));
  };
  const out: Line[] = [];
  for (const r of rows) {
    out.push({ cells: columns.map((c) => cell(r, c)) });
    for (const child of opts.children?.(r) ?? []) {
      const cells = columns.map((c) => cell(child, c));
      cells[0] = `  └ ${cells[0]}`;
      out.push({ cells, child: true });
    }
  }
  if (opts.total) out.push({ cells: columns.map((c) => cell(opts.total!, c)), total: true });
  return out;
}

function naturalWidths(body: Line[], columns: readonly Column[]): number[] {
  return columns.map((c, i) => body.reduce((w, l) => Math.max(w, textWidth(l.cells[i]!)), textWidth(c.label)));
}

/**
 * The widths text columns get when `budget` columns are left for them: the longest are capped
 * first, none below its minimum.
 */
function shareText(natural: number[], min: number[], budget: number): number[] {
  const need = (cap: number) => natural.reduce((s, n, i) => s + Math.min(n, Math.max(min[i]!, cap)), 0);
  let cap = Math.max(0, ...natural);
  while (cap > 0 && need(cap) > budget) cap--;
  return natural.map((n, i) => Math.min(n, Math.max(min[i]!, cap)));
}

export function renderTable(rows: Row[], allColumns: readonly Column[], opts: TableOptions): TableResult {
  const limit = opts.wide ? undefined : opts.width;
  let columns = [...allColumns];
  let body = lines(rows, columns, opts, false);
  let widths = naturalWidths(body, columns);
  const total = (ws: number[]) => ws.reduce((a, b) => a + b, 0) + overhead(ws.length);
  const dropped: string[] = [];

  if (limit !== undefined && total(widths) > limit) {
    // Token counts in compact units first, then the columns of least value, then shorter text.
    body = lines(rows, columns, opts, true);
    widths = naturalWidths(body, columns);
    const minOf = (i: number) =>
      columns[i]!.type === 'text' ? Math.min(widths[i]!, Math.max(TEXT_MIN, textWidth(columns[i]!.label))) : widths[i]!;
    for (;;) {
      const mins = widths.map((_, i) => minOf(i));
      if (total(mins) <= limit) break;
      let victim = -1;
      columns.forEach((c, i) => {
        if (c.drop !== undefined && (victim < 0 || c.drop >= columns[victim]!.drop!)) victim = i;
      });
      if (victim < 0) break;
      dropped.push(columns[victim]!.label);
      columns = columns.filter((_, i) => i !== victim);
      body = body.map((l) => ({ ...l, cells: l.cells.filter((_, i) => i !== victim) }));
      widths = widths.filter((_, i) => i !== victim);
    }
    const textIdx = columns.map((c, i) => (c.type === 'text' ? i : -1)).filter((i) => i >= 0);
    const fixed = widths.reduce((s, w, i) => s + (columns[i]!.type === 'text' ? 0 : w), 0);
    const budget = limit - overhead(columns.length) - fixed;
    const shared = shareText(
      textIdx.map((i) => widths[i]!),
      textIdx.map((i) => minOf(i)),
      budget,
    );
    textIdx.forEach((i, k) => (widths[i] = shared[k]!));
  }

  const right = columns.map((c) => rightAligned(c.type));
  const row = (cells: string[]) =>
    `│${cells.map((s, i) => ` ${padTo(shortenMiddle(s, widths[i]!), widths[i]!, right[i]!)} `).join('│')}│`;
  const rule = (l: string, m: string, r: string) => `${l}${widths.map((w) => '─'.repeat(w + 2)).join(m)}${r}`;
  const out = [rule('┌', '┬', '┐'), row(columns.map((c) => c.label)), rule('├', '┼', '┤')];
  for (const l of body) {
    if (l.total) out.push(rule('├', '┼', '┤'));
    out.push(row(l.cells));
  }
  out.push(rule('└', '┴', '┘'));
  return { text: out.join('\n'), dropped };
}
