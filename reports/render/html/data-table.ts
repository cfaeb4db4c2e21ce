// The numbers of a section as an HTML table: the charts' text alternative, sortable by any column.
import type { Column } from '../../report.js';
import type { Row } from '../../run-report.js';
import { humanValue, rightAligned } from '../values.js';
import { esc } from './svg.js';

/** The value a column sorts by, escaped: numbers as numbers (no character of theirs needs escaping), text as text, empty last. */
function sortValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  return esc(v);
}

export function dataTable(rows: Row[], columns: readonly Column[], tz: string, caption: string): string {
  const head = columns
    .map((c) => {
      const numeric = rightAligned(c.type) || c.type === 'datetime';
      return `<th scope="col" class="${rightAligned(c.type) ? 'num' : ''}" data-type="${numeric ? 'number' : 'text'}" aria-sort="none"><button type="button">${esc(c.label)}</button></th>`;
    })
    .join('');
  const cells = columns.map((c) => ({ key: c.key, type: c.type, cls: rightAligned(c.type) ? ' class="num"' : '' }));
  const body = rows
    .map((r) => {
      let tr = '<tr>';
      for (const c of cells) {
        const v = r[c.key];
        tr += `<td${c.cls} data-v="${sortValue(v)}">${esc(humanValue(v, c.type, tz))}</td>`;
      }
      return `${tr}</tr>`;
    })
    .join('\n');
  return `<table class="data"><caption>${esc(caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}
