// Writes search results out: grouped text for a terminal, or json, ndjson, csv and markdown like the reports.
import type { Column } from '../reports/report.js';
import type { Format } from '../reports/render/formats.js';
import { renderers } from '../reports/render/renderers.js';
import { isoInZone, localDateTime } from '../reports/zoned-time.js';
import { cut, wrap } from './fit-width.js';
import { MARK_END, MARK_START, type SessionMatch } from './search.js';

export interface SearchRenderOptions {
  tz: string;
  width: number;
  /** Matches in bold (a terminal); otherwise they are put in [brackets]. */
  color: boolean;
}

const MARKS = new RegExp(`${MARK_START}([^${MARK_END}]*)${MARK_END}`, 'g');
const UNPAIRED = new RegExp(`[${MARK_START}${MARK_END}]`, 'g');

/** A snippet with its matches marked: bold on a terminal, [brackets] elsewhere. */
export function markMatches(text: string, color: boolean): string {
  return text.replace(MARKS, color ? '\x1b[1m$1\x1b[22m' : '[$1]');
}

const when = (m: SessionMatch) => m.last_active_at ?? m.started_at;

/** The data of one result, times in ISO 8601, matches in [brackets]: what json and ndjson print per session. */
function resultData(m: SessionMatch, tz: string) {
  const iso = (ms: number | null) => (ms === null ? null : isoInZone(ms, tz));
  return {
    session_id: m.session_id,
    title: m.title,
    project: m.project,
    source: m.source,
    model: m.model,
    parent_session_id: m.parent_session_id,
    started_at: iso(m.started_at),
    last_active_at: iso(m.last_active_at),
    score: m.score,
    matches: m.matches,
    snippets: m.snippets.map((s) => ({ kind: s.kind, at: iso(s.at), text: markMatches(s.text, false) })),
  };
}

// csv has one row per snippet, its session's columns repeated, so that it loads into a spreadsheet.
const CSV_COLUMNS: Column[] = [
  { key: 'session_id', label: 'Session', type: 'text' },
  { key: 'title', label: 'Title', type: 'text' },
  { key: 'project', label: 'Project', type: 'text' },
  { key: 'source', label: 'Agent', type: 'text' },
  { key: 'last_active_at', label: 'When', type: 'datetime' },
  { key: 'kind', label: 'In', type: 'text' },
  { key: 'at', label: 'At', type: 'datetime' },
  { key: 'snippet', label: 'Snippet', type: 'text' },
];

function text(results: SessionMatch[], { tz, width, color }: SearchRenderOptions): string {
  if (results.length === 0) return 'No session matches.\n';
  const bold = (s: string) => (color ? `\x1b[1m${s}\x1b[22m` : s);
  const lines: string[] = [];
  for (const m of results) {
    const at = when(m);
    const facts = [m.project ?? '(unknown project)', m.source, at === null ? '' : localDateTime(at, tz)]
      .filter(Boolean)
      .join(' · ');
    lines.push(bold(m.session_id) + `  ${cut(facts, Math.max(10, width - m.session_id.length - 2))}`);
    if (m.title) lines.push(`  ${cut(m.title, width - 2)}`);
    for (const s of m.snippets) {
      const label = `  ${s.kind.padEnd(8)}`;
      // Wrapped before marking, so escape codes do not count as width; a match cut by the wrap loses its mark.
      wrap(s.text, width - label.length, 3).forEach((l, i) => {
        const shown = markMatches(l, color).replace(UNPAIRED, '');
        lines.push(`${i === 0 ? label : ' '.repeat(label.length)}${shown}`);
      });
    }
    if (m.matches > m.snippets.length) lines.push(`  (${m.matches - m.snippets.length} more matches)`);
    lines.push('');
  }
  return lines.join('\n');
}

function markdown(results: SessionMatch[], tz: string): string {
  if (results.length === 0) return 'No session matches.\n';
  const parts = results.map((m) => {
    const at = when(m);
    const head = `### ${m.title ? cut(m.title, 100) : m.session_id}`;
    const facts = `\`${m.session_id}\` · ${m.project ?? '(unknown project)'} · ${m.source}${at === null ? '' : ` · ${localDateTime(at, tz)}`}`;
    const list = m.snippets.map((s) => `- *${s.kind}*: ${s.text.replace(MARKS, '**$1**').replace(UNPAIRED, '')}`);
    return [head, '', facts, '', ...list].join('\n');
  });
  return `${parts.join('\n\n')}\n`;
}

export function renderSearch(format: Exclude<Format, 'html'>, results: SessionMatch[], opts: SearchRenderOptions): string {
  switch (format) {
    case 'table':
      return text(results, opts);
    case 'markdown':
      return markdown(results, opts.tz);
    case 'json':
      return `${JSON.stringify(
        results.map((m) => resultData(m, opts.tz)),
        null,
        2,
      )}\n`;
    case 'ndjson':
      return results.map((m) => `${JSON.stringify(resultData(m, opts.tz))}\n`).join('');
    case 'csv': {
      const rows = results.flatMap((m) =>
        m.snippets.map((s) => ({
          session_id: m.session_id,
          title: m.title,
          project: m.project,
          source: m.source,
          last_active_at: when(m),
          kind: s.kind,
          at: s.at,
          snippet: markMatches(s.text, false),
        })),
      );
      return `${renderers.csv(rows, CSV_COLUMNS, { tz: opts.tz })}\n`;
    }
  }
}
