// The digest document as an e-mail body: inline styles only, no script, no SVG (mail readers drop
// them); the measure of each table is drawn as a bar made of table cells.
import type { Column } from '../report.js';
import type { Row } from '../run-report.js';
import type { Block } from './document.js';
import { esc } from './html/svg.js';
import { humanValue, rightAligned } from './values.js';

const FONT = 'font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif';
const MUTED = '#5b6673';
const LINE = '#d7dce2';
const BAR = '#3b6fd4';
const BAR_PX = 120;

/** Escaped text with the document's inline marks: **strong** and `code`. */
const inline = (s: string) =>
  esc(s)
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(
      /`([^`]*)`/g,
      `<code style="font-family:Menlo,Consolas,monospace;font-size:12px;background:#f1f3f5;padding:0 3px">$1</code>`,
    );

const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : 0);

/** A bar of `value` out of `max` as a row of two cells: nothing a mail reader can strip. */
function bar(value: number, max: number): string {
  const w = max > 0 && value > 0 ? Math.max(1, Math.round((BAR_PX * value) / max)) : 0;
  if (w === 0) return '';
  return `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse"><tr><td width="${w}" style="width:${w}px;height:10px;background:${BAR};font-size:0;line-height:0">&nbsp;</td><td width="${BAR_PX - w}" style="width:${BAR_PX - w}px;font-size:0;line-height:0">&nbsp;</td></tr></table>`;
}

function table(rows: Row[], columns: readonly Column[], tz: string): string {
  const measure = columns.find((c) => c.role === 'measure');
  const max = measure ? Math.max(0, ...rows.map((r) => num(r[measure.key]))) : 0;
  const cell = (c: Column, head: boolean) =>
    `padding:4px 8px;border-bottom:1px solid ${LINE};text-align:${rightAligned(c.type) ? 'right' : 'left'};vertical-align:top${head ? ';font-weight:600' : ''}`;
  const barHead = measure ? `<th style="padding:4px 8px;border-bottom:1px solid ${LINE}"></th>` : '';
  const head = `<tr>${columns.map((c) => `<th style="${cell(c, true)}">${esc(c.label)}</th>`).join('')}${barHead}</tr>`;
  const body = rows
    .map(
      (r) =>
        `<tr>${columns.map((c) => `<td style="${cell(c, false)}">${esc(humanValue(r[c.key], c.type, tz))}</td>`).join('')}${
          measure
            ? `<td style="padding:4px 8px;border-bottom:1px solid ${LINE};vertical-align:middle">${bar(num(r[measure.key]), max)}</td>`
            : ''
        }</tr>`,
    )
    .join('\n');
  return `<table cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;font-size:13px;margin:4px 0 12px">${head}\n${body}</table>`;
}

export function documentHtml(blocks: Block[], tz: string): string {
  const title = blocks.find((b) => b.kind === 'title');
  const parts = blocks.map((b) => {
    switch (b.kind) {
      case 'title':
        return `<h1 style="font-size:20px;margin:0 0 12px">${inline(b.text)}</h1>`;
      case 'heading':
        return `<h2 style="font-size:16px;margin:18px 0 6px">${inline(b.text)}</h2>`;
      case 'para':
        return `<p style="margin:0 0 10px">${inline(b.text)}</p>`;
      case 'list':
        return `<ul style="margin:0 0 10px;padding-left:20px">${b.items.map((i) => `<li style="margin:2px 0">${inline(i)}</li>`).join('')}</ul>`;
      case 'table':
        return table(b.rows, b.columns, tz);
    }
  });
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${esc(title && title.kind === 'title' ? title.text.replace(/\*\*/g, '') : 'agentlog digest')}</title></head>
<body style="margin:0;padding:16px;background:#ffffff;color:#1d232b;${FONT};font-size:14px;line-height:1.45">
<div style="max-width:720px">
${parts.join('\n')}
<p style="margin:18px 0 0;color:${MUTED};font-size:12px">Sent by agentlog digest.</p>
</div>
</body>
</html>
`;
}
