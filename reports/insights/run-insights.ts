// Runs the findings: each one's hits for the period and the period before, counted, summed, ranked and advised.
import type { Db } from '../../schema/open-db.js';
import { inRange, projectOf, rowInSessions, withBounds } from '../filters.js';
import type { ReportParams } from '../report.js';
import type { QueryTarget } from '../run-report.js';
import type { Finding, FindingBasis, FindingClass, Hit } from './finding.js';

export interface InsightOptions {
  /** A finding needs this many hits, across at least two sessions. */
  minHits: number;
  /** -1 for all. */
  limit: number;
  /** Only these finding ids (null: all). */
  only: readonly string[] | null;
  /** "now", for the end of an open period. */
  now: number;
}

export interface Example {
  session_id: string;
  at: number;
  subject: string;
  detail: string | null;
}

export interface InsightRow {
  id: string;
  class: FindingClass;
  basis: FindingBasis;
  title: string;
  hits: number;
  sessions: number;
  projects: number;
  cost: number | null;
  minutes: number | null;
  tokens: number | null;
  first_seen: number;
  last_seen: number;
  /** Hits in the period before, of the same length; null when the period has no start. */
  previous_hits: number | null;
  /** 'new', 'growing', 'shrinking', 'steady', or null without a previous period. */
  trend: 'new' | 'growing' | 'shrinking' | 'steady' | null;
  advice: string;
  target: string;
  snippet: string;
  examples: Example[];
}

/**
 * The finding's SQL with the period and session filters applied, and each hit's project; the
 * period's bounds settled for these parameters as a report's are (filters.ts's withBounds).
 */
export function hitsSql(f: Finding, p: ReportParams): string {
  return withBounds(`WITH hits AS (${f.sql}
)
SELECT h.session_id AS session_id, h.at AS at, h.subject AS subject, h.detail AS detail,
  h.cost AS cost, h.ms AS ms, h.tokens AS tokens, ${projectOf('s')} AS project
FROM hits h JOIN sessions s ON s.id = h.session_id
WHERE h.at IS NOT NULL AND ${inRange('h.at')} AND ${rowInSessions('h.session_id')}
ORDER BY h.at, h.session_id, h.subject`, p);
}

/** The named values the finding's SQL takes: the report filters and its thresholds. */
export function sqlParams(f: Finding, p: ReportParams): Record<string, unknown> {
  return {
    since: p.since,
    until: p.until,
    project: p.project,
    source: p.source,
    model: p.model,
    subagents: p.subagents,
    ...f.thresholds,
  };
}

export function findingHits(db: Db, f: Finding, p: ReportParams): Hit[] {
  return db.prepare(hitsSql(f, p)).all(sqlParams(f, p)) as Hit[];
}

/** findingHits on either backend (the team PostgreSQL through its dialect layer). */
export async function findingHitsOn(target: QueryTarget, f: Finding, p: ReportParams): Promise<Hit[]> {
  return (await target.all(hitsSql(f, p), sqlParams(f, p))) as unknown as Hit[];
}

const sumOrNull = (hits: readonly Hit[], key: 'cost' | 'ms' | 'tokens') =>
  hits.some((h) => h[key] !== null) ? hits.reduce((n, h) => n + (h[key] ?? 0), 0) : null;

function trendOf(now: number, before: number | null): InsightRow['trend'] {
  if (before === null) return null;
  if (before === 0) return 'new';
  if (now > before * 1.1) return 'growing';
  if (now < before * 0.9) return 'shrinking';
  return 'steady';
}

/** The period before [since, until) of the same length, or null when the period has no start. */
const previousPeriod = (p: ReportParams, now: number): ReportParams | null =>
  p.since === null ? null : { ...p, since: p.since - ((p.until ?? now) - p.since), until: p.since };

/** Whether the hits pass the guard: enough of them, across at least two sessions. */
const passes = (hits: readonly Hit[], opts: InsightOptions) =>
  hits.length >= opts.minHits && new Set(hits.map((h) => h.session_id)).size >= 2;

/** One finding's row from its hits of the period and the count of the period before. */
function rowOf(f: Finding, hits: Hit[], previous: number | null): InsightRow {
  const advice = f.advise(hits);
  const ms = sumOrNull(hits, 'ms');
  return {
    id: f.id,
    class: f.class,
    basis: f.basis,
    title: f.title,
    hits: hits.length,
    sessions: new Set(hits.map((h) => h.session_id)).size,
    projects: new Set(hits.map((h) => h.project)).size,
    cost: sumOrNull(hits, 'cost'),
    minutes: ms === null ? null : Math.round((ms / 60_000) * 10) / 10,
    tokens: sumOrNull(hits, 'tokens'),
    first_seen: hits[0]!.at,
    last_seen: hits[hits.length - 1]!.at,
    previous_hits: previous,
    trend: trendOf(hits.length, previous),
    advice: advice.text,
    target: advice.target,
    snippet: advice.snippet,
    examples: hits
      .slice(-5)
      .reverse()
      .map((h) => ({ session_id: h.session_id, at: h.at, subject: h.subject, detail: h.detail })),
  };
}

/** One finding's row for the period, or null when it does not pass the guard. */
export function insightRow(db: Db, f: Finding, p: ReportParams, opts: InsightOptions): InsightRow | null {
  const hits = findingHits(db, f, p);
  if (!passes(hits, opts)) return null;
  const before = previousPeriod(p, opts.now);
  return rowOf(f, hits, before && findingHits(db, f, before).length);
}

/** insightRow on either backend. */
export async function insightRowOn(
  target: QueryTarget,
  f: Finding,
  p: ReportParams,
  opts: InsightOptions,
): Promise<InsightRow | null> {
  const hits = await findingHitsOn(target, f, p);
  if (!passes(hits, opts)) return null;
  const before = previousPeriod(p, opts.now);
  return rowOf(f, hits, before && (await findingHitsOn(target, f, before)).length);
}

/** Measured cost first, then minutes, then hits; ids break ties so the order is stable. */
export function rank(rows: InsightRow[]): InsightRow[] {
  return [...rows].sort(
    (a, b) =>
      (b.cost ?? -1) - (a.cost ?? -1) ||
      (b.minutes ?? -1) - (a.minutes ?? -1) ||
      b.hits - a.hits ||
      a.id.localeCompare(b.id),
  );
}

const chosen = (all: readonly Finding[], opts: InsightOptions) =>
  opts.only ? all.filter((f) => opts.only!.includes(f.id)) : all;

function ranked(rows: (InsightRow | null)[], opts: InsightOptions): InsightRow[] {
  const sorted = rank(rows.filter((r): r is InsightRow => r !== null));
  return opts.limit < 0 ? sorted : sorted.slice(0, opts.limit);
}

export function runInsights(db: Db, all: readonly Finding[], p: ReportParams, opts: InsightOptions): InsightRow[] {
  return ranked(
    chosen(all, opts).map((f) => insightRow(db, f, p, opts)),
    opts,
  );
}

/** runInsights on either backend: the local SQLite file or a team PostgreSQL. */
export async function runInsightsOn(
  target: QueryTarget,
  all: readonly Finding[],
  p: ReportParams,
  opts: InsightOptions,
): Promise<InsightRow[]> {
  const rows: (InsightRow | null)[] = [];
  for (const f of chosen(all, opts)) rows.push(await insightRowOn(target, f, p, opts));
  return ranked(rows, opts);
}
