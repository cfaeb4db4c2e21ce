// The page's "What to change": each finding of `agentlog insights` as a row, its numbers and its advice.
import type { InsightRow } from '../../insights/run-insights.js';
import { humanValue } from '../values.js';
import { esc } from './svg.js';

export const INSIGHTS_SECTION_ID = 'what-to-change';

// Numbers keep their exact value in data-v, as the report tables do, so a reader can check them.
const num = (v: number | null, shown: string) => `<td class="num" data-v="${esc(v ?? '')}">${esc(shown)}</td>`;

function row(r: InsightRow): string {
  const trend = r.trend === null ? '' : `${r.trend}${r.previous_hits === null ? '' : ` (${r.previous_hits} before)`}`;
  return (
    `<tr data-id="${esc(r.id)}"><td data-v="${esc(r.class)}">${esc(r.class)}</td>` +
    `<td><b>${esc(r.title)}</b> <span class="fid">${esc(r.id)}</span><p>${esc(r.advice)}</p>` +
    `<p>Where: <code>${esc(r.target)}</code></p><pre>${esc(r.snippet)}</pre></td>` +
    num(r.hits, humanValue(r.hits, 'int', 'UTC')) +
    num(r.sessions, humanValue(r.sessions, 'int', 'UTC')) +
    num(r.cost, humanValue(r.cost, 'money', 'UTC')) +
    num(r.minutes, humanValue(r.minutes, 'number', 'UTC')) +
    `<td data-v="${esc(r.trend ?? '')}">${esc(trend)}</td></tr>`
  );
}

/** The section, or its empty-state line when no finding passed the guard. */
export function insightsSection(rows: readonly InsightRow[], empty: string): string {
  const head =
    '<h2>What to change</h2><p class="desc">Findings from this history, ranked by what they cost: measured cost first, then minutes, then hits (the rows of <code>agentlog insights</code>; <code>agentlog insights --explain ID</code> shows how each is found).</p>';
  if (rows.length === 0)
    return `<section id="${INSIGHTS_SECTION_ID}">${head}<p class="empty">${esc(empty)}</p></section>`;
  const table =
    `<table class="findings"><caption>${rows.length} ${rows.length === 1 ? 'finding' : 'findings'}</caption>` +
    '<thead><tr><th scope="col">Class</th><th scope="col">Finding and advice</th><th scope="col" class="num">Hits</th>' +
    '<th scope="col" class="num">Sessions</th><th scope="col" class="num">Cost</th><th scope="col" class="num">Minutes</th>' +
    `<th scope="col">Trend</th></tr></thead><tbody>\n${rows.map(row).join('\n')}\n</tbody></table>`;
  return `<section id="${INSIGHTS_SECTION_ID}">${head}<div class="scroll">${table}</div></section>`;
}
