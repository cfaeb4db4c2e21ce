// The self-contained HTML page: a section per report (chart, then its numbers), inline style and script.
import { createHash } from 'node:crypto';
import type { Column } from '../../report.js';
import type { Row } from '../../run-report.js';
import type { ChartInput } from './chart-input.js';
import { chartKind, drawChart } from './choose-chart.js';
import { dataTable } from './data-table.js';
import { PAGE_STYLE } from './page-style.js';
import { SORT_SCRIPT } from './sort-script.js';
import { insightsSection } from './insights-section.js';
import { esc } from './svg.js';
import type { InsightRow } from '../../insights/run-insights.js';

export interface PageSection {
  /** Unique on the page; also the section's anchor. */
  id: string;
  title: string;
  description: string;
  columns: readonly Column[];
  rows: Row[];
}

export interface PageInput {
  title: string;
  /** Lines under the title: the period, the filters. */
  subtitle: string[];
  sections: PageSection[];
  /** "What to change" before the reports: the findings, and the line said when there are none. */
  findings?: { rows: readonly InsightRow[]; empty: string };
  tz: string;
  days?: ChartInput['days'];
  /** Said instead of the sections' own "no rows" when nothing was ever imported. */
  emptyNote?: string;
  footer?: string;
}

const sha256 = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

// Nothing may be fetched at view time; only this page's own style and script may run.
const CSP = `default-src 'none'; style-src ${sha256(PAGE_STYLE)}; script-src ${sha256(SORT_SCRIPT)}; img-src data:; base-uri 'none'; form-action 'none'`;

const sectionId = (id: string) => `r-${id.replace(/[^a-z0-9-]/gi, '-')}`;

function section(s: PageSection, page: PageInput): string {
  const id = sectionId(s.id);
  const head = `<h2>${esc(s.title)}</h2><p class="desc">${esc(s.description)}</p>`;
  if (s.rows.length === 0)
    return `<section id="${id}">${head}<p class="empty">${esc(page.emptyNote ?? 'No data in this period.')}</p></section>`;
  const chart = drawChart({ id, title: s.title, columns: s.columns, rows: s.rows, days: page.days });
  const table = `<div class="scroll">${dataTable(s.rows, s.columns, page.tz, `${s.title}: ${s.rows.length} ${s.rows.length === 1 ? 'row' : 'rows'}`)}</div>`;
  if (chartKind(s.columns) === 'table') return `<section id="${id}">${head}${table}</section>`;
  const note = chart ? '' : '<p class="empty">Nothing to draw: every value is zero or empty.</p>';
  return `<section id="${id}">${head}${chart}${note}<details><summary>The numbers (${s.rows.length} ${s.rows.length === 1 ? 'row' : 'rows'})</summary>${table}</details></section>`;
}

export function htmlPage(page: PageInput): string {
  const body = [
    `<header><h1>${esc(page.title)}</h1>${page.subtitle.map((l) => `<p>${esc(l)}</p>`).join('')}</header>`,
    page.findings ? insightsSection(page.findings.rows, page.emptyNote ?? page.findings.empty) : '',
    ...page.sections.map((s) => section(s, page)),
    page.footer ? `<footer>${esc(page.footer)}</footer>` : '',
  ].join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>${esc(page.title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
${body}
<script>${SORT_SCRIPT}</script>
</body>
</html>
`;
}
