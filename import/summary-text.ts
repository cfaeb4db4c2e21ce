// The human-readable summary an import run prints.
import path from 'node:path';
import type { RunSummary } from './run.js';

// Counts grouped by hand: the first toLocaleString of a process loads ICU's locale data (~30 ms of a re-import).
const n = (x: number) => String(x).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const plural = (x: number, word: string) => `${n(x)} ${word}${x === 1 ? '' : 's'}`;

export function summaryText(s: RunSummary, dbPath: string, cwd = process.cwd()): string {
  const rel = (p: string) => {
    const r = path.relative(cwd, p);
    return r && !r.startsWith('..') ? r : p;
  };
  const lines: string[] = [];
  if (s.files === 0) {
    lines.push(
      s.looked.length > 0
        ? `No transcripts found. Looked in:\n${s.looked.map((p) => `  ${p}`).join('\n')}\n` +
            'Pass a folder or file (agentlog import PATH), or set CLAUDE_CONFIG_DIR.'
        : 'No transcripts found in the given paths.',
    );
    for (const f of s.failed) lines.push(`Failed: ${rel(f.path)}: ${f.error}`);
    return lines.join('\n');
  }
  lines.push(
    `Scanned ${plural(s.files, 'file')} in ${(s.durationMs / 1000).toFixed(1)}s: ` +
      `${n(s.imported)} imported, ${n(s.unchanged)} unchanged` +
      (s.busy.length ? `, ${n(s.busy.length)} left for later` : '') +
      (s.failed.length ? `, ${n(s.failed.length)} failed` : '') +
      '.',
  );
  const found = s.agents
    .filter((g) => g.files + g.databases + g.sessions > 0)
    .map((g) => {
      const what = [g.files ? plural(g.files, 'file') : '', g.databases ? plural(g.databases, 'database') : '']
        .filter(Boolean)
        .join(', ');
      return `${g.name}: ${what || 'nothing found'}, ${plural(g.sessions, 'session')}${g.new_sessions ? ` (${n(g.new_sessions)} new)` : ''}`;
    });
  if (found.length) lines.push(`${found.join('. ')}.`);
  const a = s.added;
  lines.push(
    `New: ${plural(a.sessions, 'session')}, ${plural(a.messages, 'message')}, ${plural(a.tools, 'tool call')}, ` +
      `${plural(a.file_operations, 'file operation')}, ${plural(a.session_errors, 'API error')}, ` +
      `${plural(a.compaction_events, 'compaction')}, ${plural(a.hook_events, 'hook failure')}.`,
  );
  const skipped = s.badLines + s.invalidEntries;
  if (skipped > 0) {
    lines.push(
      `Skipped ${plural(skipped, 'bad line')} (${n(s.badLines)} not a JSON object, ${n(s.invalidEntries)} without an entry type):`,
    );
    for (const p of s.problems) lines.push(`  ${rel(p.path)}:${p.line}: ${p.reason}`);
    if (skipped > s.problems.length) lines.push(`  ... and ${n(skipped - s.problems.length)} more`);
  }
  if (s.busy.length > 0) {
    lines.push(
      `Left for the next import: ${plural(s.busy.length, 'file')}, because another agentlog process kept the database busy:`,
    );
    for (const p of s.busy.slice(0, 10)) lines.push(`  ${rel(p)}`);
    if (s.busy.length > 10) lines.push(`  ... and ${n(s.busy.length - 10)} more`);
  }
  for (const f of s.failed) lines.push(`Failed: ${rel(f.path)}: ${f.error}`);
  lines.push(`Database: ${dbPath}`);
  return lines.join('\n');
}
