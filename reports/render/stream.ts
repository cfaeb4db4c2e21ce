// Renders a result that arrives in batches, piece by piece, in every format: `agentlog sql` on millions of rows.
import type { Column } from '../report.js';
import type { Row } from '../run-report.js';
import type { Format } from './formats.js';
import { render, type RenderOptions } from './renderers.js';
import { humanValue, rightAligned } from './values.js';

/** As the table renderer's cells: one line, cut at 80 characters. */
function oneLine(s: string): string {
  const flat = s.replace(/\s*\n\s*/g, ' ');
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
}

/**
 * The same text `render` gives for all the rows at once, in pieces, holding one batch at a time.
 * A table that fits in its first batch is drawn as usual; a longer one is drawn plain, its column
 * widths taken from the first batch (a longer cell later only pushes its line wider).
 */
export function* renderStream(
  format: Format,
  columns: readonly Column[],
  batches: Iterable<Row[]>,
  opts: RenderOptions,
  /** Rows in a full batch: a first batch shorter than this is the whole result. */
  batchRows: number,
): Generator<string> {
  let first = true;
  let widths: number[] | undefined;
  const csvHead = `${render('csv', [], columns, opts)}\r\n`;
  // An HTML page is one document: its rows are held and drawn at the end (a page is for people, not millions of rows).
  const held: Row[] = [];
  for (const batch of batches) {
    switch (format) {
      case 'html':
        held.push(...batch);
        break;
      case 'ndjson':
        yield `${render('ndjson', batch, columns, opts)}\n`;
        break;
      case 'csv':
        yield `${first ? csvHead : '\r\n'}${render('csv', batch, columns, opts).slice(csvHead.length)}`;
        break;
      case 'json': {
        const text = render('json', batch, columns, opts);
        yield `${first ? '[\n' : ',\n'}${text.slice(2, -2)}`;
        break;
      }
      case 'markdown': {
        const lines = render('markdown', batch, columns, opts).split('\n');
        yield `${(first ? lines : lines.slice(2)).join('\n')}\n`;
        break;
      }
      case 'table': {
        if (first && batch.length < batchRows) {
          yield `${render('table', batch, columns, opts)}\n`;
          break;
        }
        const cells = batch.map((r) => columns.map((c) => oneLine(humanValue(r[c.key], c.type, opts.tz))));
        widths ??= columns.map((c, i) => cells.reduce((w, r) => Math.max(w, r[i]!.length), c.label.length));
        const w = widths;
        const line = (values: string[]) =>
          values
            .map((v, i) => (rightAligned(columns[i]!.type) ? v.padStart(w[i]!) : v.padEnd(w[i]!)))
            .join('  ')
            .trimEnd();
        const head = first ? [line(columns.map((c) => c.label)), w.map((n) => '-'.repeat(n)).join('  ')] : [];
        yield `${[...head, ...cells.map(line)].join('\n')}\n`;
        break;
      }
    }
    first = false;
  }
  if (format === 'html') yield `${render('html', held, columns, opts)}\n`;
  else if (first) yield `${render(format, [], columns, opts)}\n`;
  else if (format === 'json') yield '\n]\n';
  else if (format === 'csv') yield '\n';
}
