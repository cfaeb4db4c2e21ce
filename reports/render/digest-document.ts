// Lays out a Digest as a short document: the period, totals with their change, and what stood out.
import type { Digest, PeriodTotals, SessionBrief } from '../digest.js';
import { isEmptyDigest } from '../digest.js';
import type { Column } from '../report.js';
import { localDateTime } from '../zoned-time.js';
import type { Block } from './document.js';
import { humanDuration, money } from './values.js';

const n = (x: number) => x.toLocaleString('en-US');

function compact(x: number): string {
  if (x >= 1e9) return `${(x / 1e9).toFixed(1)}B`;
  if (x >= 1e6) return `${(x / 1e6).toFixed(1)}M`;
  if (x >= 1e4) return `${(x / 1e3).toFixed(0)}k`;
  return n(x);
}

/** "+23% vs the previous period", or nothing when there is nothing to compare with. */
export function change(now: number | null, before: number | null): string {
  if (now === null || before === null) return '';
  if (before === 0) return now === 0 ? '' : ' (none the period before)';
  const pct = ((now - before) / before) * 100;
  if (Math.abs(pct) < 0.5) return ' (same as the period before)';
  return ` (${pct > 0 ? '+' : ''}${pct.toFixed(0)}% vs the period before)`;
}

const oneLine = (s: string, max = 160) => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

const sessionName = (s: SessionBrief) =>
  `"${oneLine(s.title ?? s.id, 80)}"${s.project_name ? ` (${s.project_name})` : ''}`;

function totalsLine(t: PeriodTotals, prev: PeriodTotals): string[] {
  // What is priced is summed; a model without a price is named once here, never hiding the rest.
  const unpriced = t.unpriced_tokens
    ? `${t.cost === null ? '' : ', plus '}${compact(t.unpriced_tokens)} tokens of ${t.unpriced_models.join(', ')} without a price (add ${t.unpriced_models.length === 1 ? 'it' : 'them'} to pricing.json)`
    : '';
  const cost = t.cost === null ? unpriced || 'none' : `**${money(t.cost)}**${change(t.cost, prev.cost)}${unpriced}`;
  // Counted as the Projects table counts them: subagent sessions are sessions too.
  const all = t.sessions + t.subagent_sessions;
  const subagents = t.subagent_sessions
    ? `, ${n(t.subagent_sessions)} of them ${t.subagent_sessions === 1 ? 'a subagent' : 'subagents'}`
    : '';
  return [
    `**${n(all)} ${all === 1 ? 'session' : 'sessions'}**${subagents}, in **${n(t.projects)} ${t.projects === 1 ? 'project' : 'projects'}**${change(all, prev.sessions + prev.subagent_sessions)}`,
    `${n(t.tool_calls)} tool calls, ${n(t.failures)} failed${t.tool_calls ? ` (${((100 * t.failures) / t.tool_calls).toFixed(1)}%)` : ''}`,
    `${compact(t.total_tokens)} tokens${change(t.total_tokens, prev.total_tokens)}: ${compact(t.input_tokens)} input, ${compact(t.output_tokens)} output, ${compact(t.cache_write_tokens)} cache write, ${compact(t.cache_read_tokens)} cache read`,
    `Cost: ${cost}`,
  ];
}

const PROJECT_COLUMNS: Column[] = [
  { key: 'project_name', label: 'Project', type: 'text' },
  { key: 'sessions', label: 'Sessions', type: 'int' },
  { key: 'tool_calls', label: 'Tool calls', type: 'int' },
  { key: 'failures', label: 'Failures', type: 'int' },
  { key: 'tokens', label: 'Tokens', type: 'int', role: 'measure' },
  { key: 'cost', label: 'Cost', type: 'money' },
];

const FILE_COLUMNS: Column[] = [
  { key: 'file_path', label: 'File', type: 'text' },
  { key: 'edits', label: 'Edits', type: 'int', role: 'measure' },
  { key: 'sessions', label: 'Sessions', type: 'int' },
];

export function digestDocument(d: Digest): Block[] {
  const period = `${localDateTime(d.since, d.tz)} to ${localDateTime(d.until, d.tz)} (${d.tz})`;
  if (isEmptyDigest(d)) return [{ kind: 'para', text: `No agent activity from ${period}.` }];

  const blocks: Block[] = [
    { kind: 'title', text: `agentlog digest: ${period}` },
    { kind: 'list', items: totalsLine(d.totals, d.previous) },
  ];
  if (d.projects.length)
    blocks.push({ kind: 'heading', text: 'Projects' }, { kind: 'table', rows: d.projects, columns: PROJECT_COLUMNS });

  blocks.push({ kind: 'heading', text: 'Failing tools' });
  blocks.push(
    d.failingTools.length
      ? {
          kind: 'list',
          items: d.failingTools.map(
            (t) =>
              `**${t.tool_name}**: ${n(t.failures as number)} of ${n(t.total as number)} calls failed (${(t.error_rate as number).toFixed(1)}%), mostly "${t.top_error}"` +
              (t.example ? `. Example: \`${oneLine(String(t.example), 120).replace(/`/g, "'")}\`` : ''),
          ),
        }
      : { kind: 'para', text: 'No tool failed.' },
  );

  if (d.hotFiles.length)
    blocks.push({ kind: 'heading', text: 'Hot files' }, { kind: 'table', rows: d.hotFiles, columns: FILE_COLUMNS });

  blocks.push({ kind: 'heading', text: 'Compactions' });
  const c = d.compactions;
  blocks.push({
    kind: 'para',
    text: c.count
      ? `${n(c.count)} ${c.count === 1 ? 'compaction' : 'compactions'} in ${n(c.sessions)} ${c.sessions === 1 ? 'session' : 'sessions'}` +
        (c.avg_tokens_before ? `, on average at ${n(c.avg_tokens_before)} tokens` : '') +
        `${change(c.count, d.previous.compactions)}.`
      : 'The context never filled up.',
  });

  blocks.push({ kind: 'heading', text: 'API errors' });
  blocks.push(
    d.apiErrors.length
      ? {
          kind: 'list',
          items: d.apiErrors.map(
            (e) =>
              `**${e.error_type}**: ${n(e.count as number)}${e.example ? ` (e.g. "${oneLine(String(e.example), 100)}")` : ''}`,
          ),
        }
      : { kind: 'para', text: 'No API errors.' },
  );

  const notable: string[] = [];
  const { mostExpensive, longest, mostFailures } = d.notable;
  if (mostExpensive) notable.push(`Most expensive: ${sessionName(mostExpensive)}, ${money(mostExpensive.value)}`);
  if (longest) notable.push(`Longest: ${sessionName(longest)}, ${humanDuration(longest.value)}`);
  if (mostFailures)
    notable.push(`Most failures: ${sessionName(mostFailures)}, ${n(mostFailures.value)} failed tool calls`);
  if (notable.length) blocks.push({ kind: 'heading', text: 'Notable sessions' }, { kind: 'list', items: notable });

  if (d.changes.length) {
    blocks.push(
      { kind: 'heading', text: 'What to change' },
      {
        kind: 'list',
        items: d.changes.map((c) => {
          const measured = [
            `${n(c.hits)} ${c.hits === 1 ? 'time' : 'times'}`,
            ...(c.cost ? [money(c.cost)] : []),
            ...(c.minutes ? [`${c.minutes} min`] : []),
          ].join(', ');
          return `**${c.id}** (${c.trend}: ${measured}): ${oneLine(c.advice.split(/(?<=\.) /)[0]!, 200)}`;
        }),
      },
      { kind: 'para', text: 'What to paste where, with examples: `agentlog insights`.' },
    );
  }
  return blocks;
}
