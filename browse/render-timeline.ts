// Writes a Timeline out for people (text that fits the terminal, or markdown to paste) or programs (JSON).
import { humanDuration, humanValue, money } from '../reports/render/values.js';
import { isoInZone, localDateTime, wallTime } from '../reports/zoned-time.js';
import { cut, wrap } from './fit-width.js';
import type { SessionHeader, Timeline, TimelineEvent } from './timeline.js';

export const SHOW_FORMATS = ['text', 'json', 'markdown'] as const;
export type ShowFormat = (typeof SHOW_FORMATS)[number];

export interface TimelineRenderOptions {
  tz: string;
  /** Columns of the terminal (text only). */
  width: number;
  /** Bold labels and failures (a terminal). */
  color: boolean;
  /** Subagents' events in the one time order instead of indented under their call. */
  flat: boolean;
}

type ToolEvent = Extract<TimelineEvent, { type: 'tool' }>;

const int = (n: number | null) => humanValue(n, 'int', 'UTC');
const pad2 = (n: number) => String(n).padStart(2, '0');

/** The line a tool call is known by: its command, path, pattern or URL, else its input as JSON. */
export function toolSummary(input: string | null): string {
  if (!input) return '';
  let v: unknown;
  try {
    v = JSON.parse(input);
  } catch {
    return input; // stored cut at 1 KB: no longer JSON, but still the text the agent sent
  }
  if (typeof v !== 'object' || v === null) return String(v);
  const o = v as Record<string, unknown>;
  for (const k of ['command', 'cmd', 'file_path', 'filePath', 'pattern', 'path', 'url', 'query', 'description'])
    if (typeof o[k] === 'string' && o[k]) {
      const extra = k === 'pattern' && typeof o.path === 'string' ? ` in ${o.path}` : '';
      return `${o[k] as string}${extra}`;
    }
  if (Array.isArray(o.command)) return o.command.join(' ');
  return JSON.stringify(v);
}

function outcome(t: ToolEvent): string {
  const parts = [t.outcome === 'ok' ? 'ok' : t.outcome === 'failed' ? 'FAILED' : 'no result'];
  if (t.exit_code !== null) parts.push(`exit ${t.exit_code}`);
  if (t.duration_ms !== null) parts.push(humanDuration(t.duration_ms));
  return parts.join(', ');
}

function compactionLine(e: Extract<TimelineEvent, { type: 'compaction' }>): string {
  const tokens =
    e.tokens_before !== null
      ? `: ${int(e.tokens_before)}${e.tokens_after !== null ? ` → ${int(e.tokens_after)}` : ''} tokens`
      : '';
  return `${e.kind === 'compact' ? 'Compaction' : e.kind}${e.trigger ? ` (${e.trigger})` : ''}${tokens}`;
}

function apiErrorLine(e: Extract<TimelineEvent, { type: 'api_error' }>): string {
  return `API error ${e.error_type}${e.status_code !== null ? ` ${e.status_code}` : ''}${e.retry_count ? `, ${e.retry_count} retries` : ''}`;
}

function headerFacts(s: SessionHeader, tz: string): [string, string][] {
  const when = (ms: number | null) => (ms === null ? '?' : localDateTime(ms, tz));
  const tokens = `${int(s.prompt_tokens)} input, ${int(s.completion_tokens)} output, ${int(s.cache_write_tokens)} cache write, ${int(s.cache_read_tokens)} cache read`;
  const facts: [string, string][] = [
    [
      'Agent',
      `${s.source}${s.cli_version ? ` ${s.cli_version}` : ''}${s.agent_type ? ` (subagent ${s.agent_type})` : ''}`,
    ],
    [
      'Project',
      `${s.project_name ?? '(unknown)'}${s.project_path && s.project_path !== s.project_name ? ` (${s.project_path})` : ''}${s.git_branch ? `, branch ${s.git_branch}` : ''}`,
    ],
    ['Model', s.model ?? '(unknown)'],
    [
      'Time',
      `${when(s.started_at)} to ${when(s.ended_at)}${s.duration_ms !== null ? ` (${humanDuration(s.duration_ms)})` : ''}, ${tz}`,
    ],
    ['Tokens', tokens],
    ['Cost', s.cost === null ? 'unknown (a model has no price)' : money(s.cost)],
    ['Calls', `${int(s.message_count)} messages, ${int(s.tool_call_count)} tool calls`],
  ];
  if (s.status || s.end_reason)
    facts.push(['End', [s.status, s.end_reason && `reason: ${s.end_reason}`].filter(Boolean).join(', ')]);
  return facts;
}

interface Flat {
  event: TimelineEvent;
  depth: number;
  /** The subagent the event belongs to, in --flat mode. */
  agent: string | null;
}

const agentLabel = (t: Timeline) => `${t.session.agent_type ?? 'subagent'} ${t.session.id.split(':').at(-1)}`;

/** Events in the order they are written: nested (depth) or, with `flat`, all in one time order. */
function ordered(t: Timeline, flat: boolean): Flat[] {
  if (!flat) {
    const out: Flat[] = [];
    const walk = (tl: Timeline, depth: number) => {
      for (const event of tl.events) {
        out.push({ event, depth, agent: null });
        if (event.type === 'tool') for (const sub of event.subagents) walkSub(sub, depth + 1);
        if (event.type === 'subagent') walk(event.subagent, depth + 1);
      }
    };
    const walkSub = (sub: Timeline, depth: number) => {
      out.push({
        event: { type: 'subagent', at: sub.session.started_at, id: sub.session.id, subagent: sub },
        depth,
        agent: null,
      });
      walk(sub, depth);
    };
    walk(t, 0);
    return out;
  }
  const all: Flat[] = [];
  const collect = (tl: Timeline, agent: string | null) => {
    for (const event of tl.events) {
      if (event.type === 'subagent') collect(event.subagent, agentLabel(event.subagent));
      else all.push({ event, depth: 0, agent });
      if (event.type === 'tool') for (const sub of event.subagents) collect(sub, agentLabel(sub));
    }
  };
  collect(t, null);
  // A stable sort: events at the same time keep their session's own order.
  return all
    .map((f, i) => [f, i] as const)
    .sort(([a, i], [b, j]) => (a.event.at ?? Infinity) - (b.event.at ?? Infinity) || i - j)
    .map(([f]) => f);
}

function clock(ms: number | null, tz: string, lastDay: { day: string }): string {
  if (ms === null) return '        ';
  const w = wallTime(ms, tz);
  const day = `${w.year}-${pad2(w.month)}-${pad2(w.day)}`;
  const time = `${pad2(w.hour)}:${pad2(w.minute)}:${pad2(w.second)}`;
  if (day === lastDay.day) return time;
  lastDay.day = day;
  return `${day} ${time}`;
}

export function timelineText(t: Timeline, opts: TimelineRenderOptions): string {
  const bold = (s: string) => (opts.color ? `\x1b[1m${s}\x1b[22m` : s);
  const red = (s: string) => (opts.color ? `\x1b[31m${s}\x1b[39m` : s);
  const { width, tz } = opts;
  const s = t.session;
  const lines: string[] = [bold(`Session ${s.id}`)];
  if (s.title) lines.push(cut(`"${s.title.replace(/\s+/g, ' ').trim()}"`, width));
  for (const [k, v] of headerFacts(s, tz))
    lines.push(...wrap(v, width - 10).map((l, i) => `${i ? '' : k}`.padEnd(10) + l));
  lines.push('');

  const lastDay = { day: '' };
  for (const { event: e, depth, agent } of ordered(t, opts.flat)) {
    const indent = '│   '.repeat(depth);
    const body = (text: string, max = Infinity) =>
      wrap(text, width - indent.length - 4, max).map((l) => `${indent}    ${l}`.trimEnd());
    const head = (label: string, rest = '') => {
      const at = clock(e.at, tz, lastDay);
      const who = agent ? `[${agent}] ` : '';
      lines.push(
        `${indent}${at} ${who}` +
          bold(label) +
          (rest
            ? ` ${cut(rest, Math.max(10, width - indent.length - at.length - who.length - label.length - 2))}`
            : ''),
      );
    };
    switch (e.type) {
      case 'prompt':
        head('Prompt');
        lines.push(...body(e.text));
        break;
      case 'answer':
        head('Answer');
        lines.push(...body(e.text));
        break;
      case 'tool': {
        const result = outcome(e);
        head(e.tool_name, `${toolSummary(e.input)}`);
        lines.push(`${indent}    ${e.outcome === 'failed' ? red(result) : result}`);
        if (e.error) lines.push(...body(e.error, 4).map((l) => (opts.color ? red(l) : l)));
        else if (e.output) lines.push(...body(e.output, 5));
        break;
      }
      case 'compaction':
        head(compactionLine(e));
        break;
      case 'api_error':
        head(red(apiErrorLine(e)));
        if (e.message) lines.push(...body(e.message, 3));
        break;
      case 'subagent':
        head(
          `Subagent ${e.subagent.session.agent_type ?? ''}`.trimEnd(),
          `${e.id}${e.subagent.session.title ? `: ${e.subagent.session.title}` : ''}`,
        );
        break;
    }
  }
  return `${lines.join('\n')}\n`;
}

const fence = (text: string) => {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}\n${text}\n${f}`;
};
const quoteLines = (text: string, depth: number) =>
  depth === 0
    ? text
    : text
        .split('\n')
        .map((l) => `${'> '.repeat(depth)}${l}`.trimEnd())
        .join('\n');

export function timelineMarkdown(t: Timeline, opts: Pick<TimelineRenderOptions, 'tz' | 'flat'>): string {
  const { tz } = opts;
  const s = t.session;
  const parts: string[] = [`# ${s.title ? s.title.replace(/\s+/g, ' ').slice(0, 120) : `Session ${s.id}`}`];
  parts.push([`- **Session:** \`${s.id}\``, ...headerFacts(s, tz).map(([k, v]) => `- **${k}:** ${v}`)].join('\n'));
  const lastDay = { day: '' };
  for (const { event: e, depth, agent } of ordered(t, opts.flat)) {
    const at = clock(e.at, tz, lastDay).trim();
    const who = agent ? ` [${agent}]` : '';
    let block: string;
    switch (e.type) {
      case 'prompt':
      case 'answer':
        block = `### ${at}${who} ${e.type === 'prompt' ? 'Prompt' : 'Answer'}\n\n${e.text}`;
        break;
      case 'tool': {
        const summary = toolSummary(e.input);
        block = `**${at}${who} ${e.tool_name}** ${summary ? `\`${cut(summary, 200).replace(/`/g, "'")}\` ` : ''}: ${outcome(e)}`;
        if (e.error) block += `\n\n${fence(e.error)}`;
        else if (e.output) block += `\n\n${fence(e.output)}`;
        break;
      }
      case 'compaction':
        block = `**${at}${who} ${compactionLine(e)}**`;
        break;
      case 'api_error':
        block = `**${at}${who} ${apiErrorLine(e)}**${e.message ? `: ${e.message}` : ''}`;
        break;
      case 'subagent':
        block = `### ${at} Subagent ${e.subagent.session.agent_type ?? ''} \`${e.id}\``;
        break;
    }
    parts.push(quoteLines(block, depth));
  }
  return `${parts.join('\n\n')}\n`;
}

/** JSON: the timeline as loaded, times as ISO 8601 in the zone (like the reports' JSON). */
export function timelineJson(t: Timeline, tz: string): string {
  const iso = (ms: number | null) => (ms === null ? null : isoInZone(ms, tz));
  const conv = (tl: Timeline): unknown => ({
    session: { ...tl.session, started_at: iso(tl.session.started_at), ended_at: iso(tl.session.ended_at) },
    events: tl.events.map((e) => {
      if (e.type === 'tool') return { ...e, at: iso(e.at), subagents: e.subagents.map(conv) };
      if (e.type === 'subagent') return { ...e, at: iso(e.at), subagent: conv(e.subagent) };
      return { ...e, at: iso(e.at) };
    }),
  });
  return `${JSON.stringify(conv(t), null, 2)}\n`;
}

export function renderTimeline(format: ShowFormat, t: Timeline, opts: TimelineRenderOptions): string {
  if (format === 'json') return timelineJson(t, opts.tz);
  if (format === 'markdown') return timelineMarkdown(t, opts);
  return timelineText(t, opts);
}
