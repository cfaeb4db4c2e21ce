// The numbers of a section as an HTML table: the charts' text alternative, sortable by any column.
import type { Column } from '../../report.js';
import type { Row } from '../../run-report.js';
import { humanValue, rightAligned } from '../values.js';
import { esc } from './svg.js';

/** The value a column sorts by: numbers as numbers, text as text, empty last. */
function sortKey(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  return String(v);
}

export function dataTable(rows: Row[], columns: readonly Column[], tz: string, caption: string): string {
  const head = columns
    .map((c) => {
      const numeric = rightAligned(c.type) || c.type === 'datetime';
      return `<th scope="col" class="${rightAligned(c.type) ? 'num' : ''}" data-type="${numeric ? 'number' : 'text'}" aria-sort="none"><button type="button">${esc(c.label)}</button></th>`;
    })
    .join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${columns
          .map((c) => {
            const shown = humanValue(r[c.key], c.type, tz);
            const cls = rightAligned(c.type) ? ' class="num"' : '';
            return `<td${cls} data-v="${esc(sortKey(r[c.key]))}">${esc(shown)}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('\n');
  return `<table class="data"><caption>${esc(caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}
