// The findings as text: a ranked table with the advice under it, markdown, JSON or NDJSON.
import type { Column } from '../report.js';
import { renderers } from '../render/renderers.js';
import { isoInZone, localDateTime } from '../zoned-time.js';
import type { InsightRow } from './run-insights.js';

export const INSIGHT_FORMATS = ['table', 'json', 'markdown', 'ndjson'] as const;
export type InsightFormat = (typeof INSIGHT_FORMATS)[number];

const SUMMARY: readonly Column[] = [
  { key: 'id', label: 'Finding', type: 'text' },
  { key: 'class', label: 'Class', type: 'text' },
  { key: 'basis', label: 'Basis', type: 'text' },
  { key: 'hits', label: 'Hits', type: 'int' },
  { key: 'sessions', label: 'Sessions', type: 'int' },
  { key: 'projects', label: 'Projects', type: 'int' },
  { key: 'cost', label: 'Cost (USD)', type: 'money' },
  { key: 'minutes', label: 'Minutes', type: 'number' },
  { key: 'tokens', label: 'Tokens', type: 'int' },
  { key: 'trend', label: 'Trend', type: 'text' },
];

/** Times as ISO 8601 in the chosen zone, so JSON readers need not know the epoch. */
function dataRow(r: InsightRow, tz: string) {
  return {
    ...r,
    first_seen: isoInZone(r.first_seen, tz),
    last_seen: isoInZone(r.last_seen, tz),
    examples: r.examples.map((e) => ({ ...e, at: isoInZone(e.at, tz) })),
  };
}

const firstLine = (s: string | null) => (s ? s.split(/\r?\n|\\n/)[0]!.slice(0, 120) : '');

function markdown(rows: InsightRow[], tz: string): string {
  if (rows.length === 0) return 'No findings for this period.\n';
  const parts = [
    renderers.markdown(rows as unknown as Record<string, unknown>[], SUMMARY, { tz }),
    ...rows.map((r) =>
      [
        `## ${r.id}: ${r.title}`,
        r.advice,
        `Where: ${r.target}`,
        '```\n' + r.snippet + '\n```',
        renderers.markdown(
          r.examples.map((e) => ({ ...e, detail: firstLine(e.detail) })),
          [
            { key: 'at', label: 'When', type: 'datetime' },
            { key: 'session_id', label: 'Session', type: 'text' },
            { key: 'subject', label: 'What', type: 'text' },
            { key: 'detail', label: 'Detail', type: 'text' },
          ],
          { tz },
        ),
      ].join('\n\n'),
    ),
  ];
  return `${parts.join('\n\n')}\n`;
}

function table(rows: InsightRow[], tz: string): string {
  if (rows.length === 0) return 'No findings for this period.';
  const blocks = rows.map((r) => {
    const example = r.examples[0];
    return [
      `${r.id}: ${r.advice}`,
      `  Where: ${r.target}`,
      ...r.snippet.split('\n').map((l) => `    ${l}`),
      ...(example
        ? [
            `  e.g. ${localDateTime(example.at, tz)} ${example.session_id}: ${example.subject} ${firstLine(example.detail)}`.trimEnd(),
          ]
        : []),
    ].join('\n');
  });
  return [renderers.table(rows as unknown as Record<string, unknown>[], SUMMARY, { tz }), ...blocks].join('\n\n');
}

export function renderInsights(format: InsightFormat, rows: InsightRow[], tz: string): string {
  switch (format) {
    case 'json':
      return JSON.stringify(
        rows.map((r) => dataRow(r, tz)),
        null,
        2,
      );
    case 'ndjson':
      return rows.map((r) => JSON.stringify(dataRow(r, tz))).join('\n');
    case 'markdown':
      return markdown(rows, tz);
    case 'table':
      return table(rows, tz);
  }
}
