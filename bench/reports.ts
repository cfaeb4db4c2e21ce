// Report latency on a database with a million tool rows, built directly through the writer.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { errorKind } from '../schema/error-kind.js';
import { reports } from '../reports/registry.js';
import { migrations } from '../schema/migrations.js';
import { PriceBook, SHIPPED_PRICES } from '../reports/pricing.js';
import { reportPage } from '../reports/report-page.js';
import { findings } from '../reports/insights/registry.js';
import { runInsights } from '../reports/insights/run-insights.js';
import { defaultParams, runReport } from '../reports/run-report.js';
import { registerReportFunctions } from '../reports/sql-functions.js';
import { openDb } from '../schema/open-db.js';
import { rebuildRollups } from '../schema/rollups.js';
import { Writer } from '../schema/writer.js';
import { prng } from './corpus.js';
import { type Measure, percentile } from './measure.js';

// The shape of real transcripts (issue 15 measured a 20× replica of the samples multiplied to a
// million tool rows): many short sessions and a few long ones, a fifth of them subagents, four
// sources with their own tool names and models, a few dozen projects of unequal size, working
// hours over a year, ids as long as real ones, and a failure rate of 6% with the kinds real
// failures have.
const SOURCES = [
  { source: 'claude-code', weight: 0.8, models: ['claude-sonnet-4-5-20250929', 'claude-opus-4-1-20250805', 'claude-haiku-4-5-20251001'],
    tools: { shell: 'Bash', read: 'Read', edit: 'Edit', write: 'Write', grep: 'Grep', glob: 'Glob', todo: 'TodoWrite', task: 'Task', web: 'WebFetch', mcp: 'mcp__github__get_issue' } },
  { source: 'codex', weight: 0.1, models: ['gpt-5-codex', 'gpt-5'],
    tools: { shell: 'shell', read: 'shell', edit: 'apply_patch', write: 'apply_patch', grep: 'shell', glob: 'shell', todo: 'update_plan', task: 'shell', web: 'shell', mcp: 'shell' } },
  { source: 'opencode', weight: 0.06, models: ['claude-sonnet-4-5', 'gpt-5'],
    tools: { shell: 'bash', read: 'read', edit: 'edit', write: 'write', grep: 'grep', glob: 'glob', todo: 'todowrite', task: 'task', web: 'webfetch', mcp: 'list' } },
  { source: 'gemini', weight: 0.04, models: ['gemini-2.5-pro', 'gemini-2.5-flash'],
    tools: { shell: 'run_shell_command', read: 'read_file', edit: 'replace', write: 'write_file', grep: 'search_file_content', glob: 'glob', todo: 'write_todos', task: 'run_shell_command', web: 'web_fetch', mcp: 'read_many_files' } },
] as const;
type Source = (typeof SOURCES)[number];
type Kind = keyof Source['tools'];
/** How often an agent calls each kind of tool; read, edit and write touch a file (38% of calls). */
const KINDS: [Kind, number][] = [
  ['shell', 0.28], ['read', 0.24], ['edit', 0.12], ['grep', 0.09], ['todo', 0.07], ['glob', 0.06],
  ['write', 0.04], ['task', 0.04], ['web', 0.03], ['mcp', 0.03],
];
const FAILURES = [
  'Exit code 1\nnpm ERR! Test failed.',
  'Exit code 2\nerror TS2322: Type string is not assignable to type number.',
  'Exit code 127\nbash: rg: command not found',
  '<tool_use_error>String to replace not found in file.</tool_use_error>',
  '<tool_use_error>File has not been read yet. Read it first before writing to it.</tool_use_error>',
  'File does not exist.',
  'The user doesn\'t want to proceed with this tool use. The tool use was rejected.',
  'Command timed out after 2m 0.0s',
  'Permission denied',
];
const API_ERRORS = [
  ['overloaded_error', 529, 'Overloaded'],
  ['rate_limit_error', 429, 'Number of request tokens has exceeded your per-minute rate limit'],
  ['api_error', 500, 'Internal server error'],
  ['invalid_request_error', 400, 'prompt is too long: 204312 tokens > 200000 maximum'],
] as const;

const DAY = 86_400_000;

/** Columns that name a row (suffixed in a copy) and times (shifted in a copy). */
const ID_COLUMNS = new Set(['id', 'session_id', 'parent_session_id', 'call_id', 'message_id', 'tool_id']);
const TIME_COLUMNS = new Set(['created_at', 'updated_at', 'ended_at', 'completed_at']);
const WEEKS = 7;

/**
 * A database shaped like real data (about 48 k sessions, 1 M messages, 1 M tool calls, 370 k file
 * operations over 56 weeks), made once and kept in the temp folder. Writing it all through the
 * writer takes most of an hour on a loaded machine, so the writer writes an eighth, seven weeks of
 * it, and SQL copies those rows seven times, ids suffixed and times shifted by whole weeks, as the
 * issue's replica was made. The search index holds the first eighth only (no report reads it).
 */
export function bigDb(sessions = 48_000, copies = 8): string {
  // The schema version is in the name, so a changed schema builds a new one.
  const file = path.join(
    os.tmpdir(),
    `agentlog-bench-reports-real-${sessions}x${copies}-${migrations.length}-${migrations.at(-1)!.sql.length}.db`,
  );
  if (fs.existsSync(file)) return file;
  fs.rmSync(`${file}.tmp`, { force: true });
  // A database of an older schema upgrades in seconds where building one takes most of an hour.
  const prefix = `agentlog-bench-reports-real-${sessions}x${copies}-`;
  const older = fs
    .readdirSync(os.tmpdir())
    .filter((f) => f.startsWith(prefix) && f.endsWith('.db'))
    .map((f) => path.join(os.tmpdir(), f))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
  if (older) {
    fs.copyFileSync(older, `${file}.tmp`);
    openDb(`${file}.tmp`).close();
    fs.renameSync(`${file}.tmp`, file);
    return file;
  }
  const r = prng(7);
  const pick = <T>(items: readonly T[]) => items[Math.floor(r() * items.length)]!;
  const weighted = <T>(items: readonly (readonly [T, number])[]): T => {
    let x = r();
    for (const [item, w] of items) if ((x -= w) < 0) return item;
    return items.at(-1)![0];
  };
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
  const uuid = () => `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
  const sources = SOURCES.map((s) => [s, s.weight] as const);
  // 60 projects, the first few far busier than the rest.
  const projects = Array.from({ length: 60 }, (_, i) => [i, 1 / (i + 2)] as const);
  const projectWeight = projects.reduce((a, [, w]) => a + w, 0);
  const project = () => weighted(projects.map(([i, w]) => [i, w / projectWeight] as const));
  // Mostly working hours and weekdays.
  const hours = Array.from({ length: 24 }, (_, h) => [h, h >= 9 && h < 19 ? 0.08 : h >= 7 && h < 23 ? 0.02 : 0.0025] as const);
  const hourWeight = hours.reduce((a, [, w]) => a + w, 0);
  const start = Date.UTC(2025, 10, 1);

  const db = openDb(`${file}.tmp`);
  const w = new Writer(db);
  let main: { id: string; t0: number; project: number; src: Source } | null = null;
  const written = Math.round(sessions / copies);
  for (let s = 0; s < written; s++) {
    // A file per 100 sessions, as an import commits a file at a time.
    if (s % 100 === 0) w.begin();
    const sub: boolean = main !== null && r() < 0.2;
    const src: Source = sub ? main!.src : weighted(sources);
    const p: number = sub ? main!.project : project();
    let t0: number;
    if (sub) t0 = main!.t0 + Math.floor(r() * 1_800_000);
    else {
      let day = Math.floor(r() * WEEKS * 7);
      if (new Date(start + day * DAY).getUTCDay() % 6 === 0 && r() < 0.7) day = (day + 2) % (WEEKS * 7);
      t0 = start + day * DAY + weighted(hours.map(([h, wt]) => [h, wt / hourWeight] as const)) * 3_600_000 + Math.floor(r() * 3_600_000);
    }
    const sid = uuid();
    const model: string = pick<string>(src.models);
    // Exponential turn counts: many short sessions, a few long ones; about 20.5 on average.
    const turns = 1 + Math.floor(-Math.log(1 - r()) * (sub ? 12 : 22.5));
    const gap = 3000 + Math.floor(r() * 40_000);
    w.write({
      kind: 'session',
      id: sid,
      source: src.source,
      ...(sub ? { parent_session_id: main!.id, agent_type: 'general-purpose' } : {}),
      title: `work on p${p} #${s}`,
      project_name: `p${p}`,
      project_path: `/home/dev/src/p${p}`,
      model,
      created_at: t0,
      updated_at: t0 + turns * gap,
    });
    for (let i = 0; i < turns; i++) {
      const at = t0 + i * gap + Math.floor(r() * 1000);
      const assistant = r() < 0.8;
      w.write({
        kind: 'message',
        id: src.source === 'claude-code' ? `msg_01${hex(22)}` : uuid(),
        session_id: sid,
        source: src.source,
        role: assistant ? 'assistant' : 'user',
        ...(assistant
          ? {
              model,
              prompt_tokens: 1 + Math.floor(r() * 50),
              completion_tokens: 20 + Math.floor(r() * 1500),
              cache_write_tokens: Math.floor(r() * 4000),
              cache_read_tokens: 10_000 + Math.floor(r() * 150_000),
              ...(src.source === 'opencode' ? { cost: r() * 0.05 } : {}),
            }
          : {}),
        is_sidechain: sub,
        created_at: at,
      });
      if (r() >= 0.97) continue;
      const kind = weighted(KINDS);
      const name = src.tools[kind];
      const callId = src.source === 'claude-code' ? `toolu_01${hex(22)}` : `call_${hex(24)}`;
      const file = kind === 'read' || kind === 'edit' || kind === 'write' ? `/home/dev/src/p${p}/src/f${Math.floor(r() * r() * 600)}.ts` : undefined;
      w.write({
        kind: 'tool_call',
        id: callId,
        call_id: callId,
        session_id: sid,
        source: src.source,
        tool_name: name,
        category: 'other',
        tool_input: file ? `{"file_path":"${file}"}` : `{"command":"npm test -- ${hex(6)}"}`,
        created_at: at + 500,
        ...(file ? { file_path: file, file_operation: kind === 'read' ? 'read' : kind === 'edit' ? 'edited' : 'created' } : {}),
      });
      const fail = r() < 0.06;
      const error = fail ? pick(FAILURES) : undefined;
      // Durations: most calls take well under a second, shell commands and subagents far longer.
      const slow = kind === 'shell' || kind === 'task' || kind === 'web';
      w.write({
        kind: 'tool_result',
        call_id: callId,
        source: src.source,
        success: !fail,
        completed_at: at + 500 + Math.floor(Math.exp(r() * (slow ? 12 : 7))),
        ...(error ? { error_message: error, error_kind: errorKind(error) ?? undefined } : {}),
      });
    }
    if (r() < 0.12)
      w.write({
        kind: 'compaction',
        id: uuid(),
        session_id: sid,
        source: src.source,
        compaction_kind: r() < 0.8 ? 'compact' : 'microcompact',
        tokens_before: 150_000 + Math.floor(r() * 50_000),
        created_at: t0 + Math.floor(turns * gap * r()),
      });
    if (r() < 0.06) {
      const [type, status, message] = pick(API_ERRORS);
      w.write({
        kind: 'session_error',
        id: uuid(),
        session_id: sid,
        source: src.source,
        error_type: type,
        status_code: status,
        error_message: `${message} (request req_${hex(12)})`,
        created_at: t0 + Math.floor(turns * gap * r()),
      });
    }
    if (!sub) main = { id: sid, t0, project: p, src };
    if (s % 100 === 99 || s === written - 1) w.commit(null);
  }
  // The copies touch every page of every index many times: with the default cache each touch
  // appends the page to the WAL again (gigabytes, most of an hour); a large cache writes it once.
  db.pragma('cache_size = -2000000');
  db.transaction(() => {
    for (const t of ['sessions', 'messages', 'tools', 'file_operations', 'session_errors', 'compaction_events']) {
      const cols = (db.prepare(`PRAGMA table_info(${t})`).all() as { name: string }[]).map((c) => c.name);
      const copy = db.prepare(
        `INSERT INTO ${t} (${cols.join(', ')}) SELECT ${cols
          .map((c) => (ID_COLUMNS.has(c) ? `${c} || :suffix` : TIME_COLUMNS.has(c) ? `${c} + :shift` : c))
          .join(', ')} FROM ${t} WHERE rowid <= :rows`,
      );
      const rows = (db.prepare(`SELECT max(rowid) AS n FROM ${t}`).get() as { n: number }).n;
      for (let k = 1; k < copies; k++) copy.run({ suffix: `-${k}`, shift: k * WEEKS * 7 * DAY, rows });
    }
  })();
  // The copies went past the writer, so the roll-ups it keeps are summed again over every row.
  rebuildRollups(db);
  db.close();
  fs.renameSync(`${file}.tmp`, file);
  return file;
}

export function benchReports(runs = 7): Measure[] {
  const file = bigDb();
  const db = openDb(file);
  registerReportFunctions(db, new PriceBook({ ...SHIPPED_PRICES }));
  const rows = (db.prepare('SELECT count(*) AS n FROM tools').get() as { n: number }).n;
  const out: Measure[] = [];
  // --since 7d is taken from the end of the data, as a user's last week would be.
  const last = (db.prepare('SELECT max(created_at) AS t FROM tools').get() as { t: number }).t + 1;
  try {
    for (const report of reports) {
      for (const since of [null, last - 7 * 86_400_000]) {
        const times: number[] = [];
        const params = defaultParams({ limit: report.defaultLimit, tz: 'Europe/Berlin', since });
        for (let i = 0; i < runs; i++) {
          const t0 = performance.now();
          runReport(db, report, params);
          times.push(performance.now() - t0);
        }
        out.push({
          name: `report ${report.name}${since === null ? '' : ', --since 7d'}, median`,
          value: percentile(times, 50),
          unit: 'ms',
          target: 100,
          detail: `${rows.toLocaleString('en-US')} tool rows, ${runs} runs`,
        });
      }
    }
    // The page of `agentlog html`: every report as the page runs it, drawn; for its default 30 days
    // (the end of the data) and for the whole year.
    const end = (db.prepare('SELECT max(created_at) AS t FROM tools').get() as { t: number }).t + 1;
    for (const [label, days] of [
      ['30 days', 30],
      ['a year', 366],
    ] as const) {
      const times: number[] = [];
      let bytes = 0;
      const params = defaultParams({ since: end - days * 86_400_000, until: end, tz: 'Europe/Berlin' });
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        bytes = Buffer.byteLength(reportPage(db, params, { now: end }));
        times.push(performance.now() - t0);
      }
      out.push({
        name: `html page, ${label}, median`,
        value: percentile(times, 50),
        unit: 'ms',
        target: 1000,
        detail: `${Math.round(bytes / 1024)} KB page, ${rows.toLocaleString('en-US')} tool rows, ${runs} runs`,
      });
    }
    // `agentlog insights` as run by default: the last 30 days of the data and the 30 before, for trends.
        const params = defaultParams({ since: end - 30 * 86_400_000, until: end, tz: 'Europe/Berlin' });
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      runInsights(db, findings, params, { minHits: 3, limit: 10, only: null, now: end });
      times.push(performance.now() - t0);
    }
    out.push({
      name: `insights (${findings.length} findings, 30 days and the 30 before), median`,
      value: percentile(times, 50),
      unit: 'ms',
      target: 1000,
      detail: `${rows.toLocaleString('en-US')} tool rows, 3 runs`,
    });
  } finally {
    db.close();
  }
  return out;
}
