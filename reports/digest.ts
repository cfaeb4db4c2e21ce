// The digest's data: one period's activity, compared with the period before; no formatting here.
import type { Db } from '../schema/open-db.js';
import { activeInRange, inRange, messageCost, modelFilter, sessionFilter, summedCost } from './filters.js';
import { hotFiles } from './defs/hot-files.js';
import { projects } from './defs/projects.js';
import type { ReportParams } from './report.js';
import { asTarget, type QueryTarget, type Row, runReportOn } from './run-report.js';
import { toolErrors } from './defs/tool-errors.js';
import { findings } from './insights/registry.js';
import { type InsightRow, runInsightsOn } from './insights/run-insights.js';

export interface PeriodTotals {
  sessions: number;
  subagent_sessions: number;
  projects: number;
  messages: number;
  tool_calls: number;
  failures: number;
  input_tokens: number;
  output_tokens: number;
  cache_write_tokens: number;
  cache_read_tokens: number;
  total_tokens: number;
  /** The cost of what is priced (null when nothing is). */
  cost: number | null;
  /** Tokens of models without a price, which `cost` leaves out, and those models. */
  unpriced_tokens: number;
  unpriced_models: string[];
  compactions: number;
  api_errors: number;
}

export interface SessionBrief {
  id: string;
  title: string | null;
  project_name: string | null;
  value: number;
}

export interface Digest {
  since: number;
  until: number;
  tz: string;
  totals: PeriodTotals;
  previous: PeriodTotals;
  projects: Row[];
  failingTools: Row[];
  hotFiles: Row[];
  compactions: { count: number; sessions: number; avg_tokens_before: number | null };
  apiErrors: Row[];
  notable: { mostExpensive?: SessionBrief; longest?: SessionBrief; mostFailures?: SessionBrief };
  /** "What to change": up to three fix or habit findings that are new or growing since the period before. */
  changes: Pick<InsightRow, 'id' | 'class' | 'title' | 'hits' | 'trend' | 'cost' | 'minutes' | 'advice'>[];
}

/** The ranked findings of the period, keeping the fixes and habits that are new or growing. */
async function whatToChange(
  q: QueryTarget,
  p: ReportParams & { since: number; until: number },
): Promise<Digest['changes']> {
  return (await runInsightsOn(q, findings, p, { minHits: 3, limit: -1, only: null, now: p.until }))
    .filter((r) => r.class !== 'fyi' && (r.trend === 'new' || r.trend === 'growing'))
    .slice(0, 3)
    .map(({ id, class: cls, title, hits, trend, cost, minutes, advice }) => ({
      id,
      class: cls,
      title,
      hits,
      trend,
      cost,
      minutes,
      advice,
    }));
}

const TOTALS = `
SELECT
  (SELECT count(*) FROM sessions s WHERE ${activeInRange('s')} AND ${sessionFilter('s')} AND ${modelFilter('s.model')}
     AND s.parent_session_id IS NULL) AS sessions,
  (SELECT count(*) FROM sessions s WHERE ${activeInRange('s')} AND ${sessionFilter('s')} AND ${modelFilter('s.model')}
     AND s.parent_session_id IS NOT NULL) AS subagent_sessions,
  (SELECT count(DISTINCT s.project_name) FROM sessions s WHERE ${activeInRange('s')} AND ${sessionFilter('s')}
     AND ${modelFilter('s.model')} AND s.parent_session_id IS NULL) AS projects,
  (SELECT count(*) FROM tools t JOIN sessions s ON s.id = t.session_id
     WHERE ${inRange('t.created_at')} AND ${sessionFilter('s')} AND ${modelFilter('s.model')}) AS tool_calls,
  (SELECT count(*) FROM tools t JOIN sessions s ON s.id = t.session_id
     WHERE t.success = 0 AND ${inRange('t.created_at')} AND ${sessionFilter('s')} AND ${modelFilter('s.model')}) AS failures,
  (SELECT count(*) FROM compaction_events c JOIN sessions s ON s.id = c.session_id
     WHERE c.kind = 'compact' AND ${inRange('c.created_at')} AND ${sessionFilter('s')} AND ${modelFilter('s.model')}) AS compactions,
  (SELECT count(*) FROM session_errors e JOIN sessions s ON s.id = e.session_id
     WHERE ${inRange('e.created_at')} AND ${sessionFilter('s')} AND ${modelFilter('s.model')}) AS api_errors`;

const SPEND = `
SELECT count(*) AS messages,
  coalesce(sum(m.prompt_tokens), 0) AS input_tokens,
  coalesce(sum(m.completion_tokens), 0) AS output_tokens,
  coalesce(sum(m.cache_write_tokens), 0) AS cache_write_tokens,
  coalesce(sum(m.cache_read_tokens), 0) AS cache_read_tokens,
  coalesce(sum(m.tokens), 0) AS total_tokens,
  sum(${messageCost('m')}) AS cost,
  coalesce(sum(CASE WHEN ${messageCost('m')} IS NULL THEN m.tokens END), 0) AS unpriced_tokens
FROM messages m JOIN sessions s ON s.id = m.session_id
WHERE ${inRange('m.created_at')} AND ${sessionFilter('s')} AND ${modelFilter('m.model')}`;

// A query of its own, not a string aggregate: SQLite's group_concat and PostgreSQL's string_agg differ.
const UNPRICED_MODELS = `
SELECT DISTINCT coalesce(m.model, '(unknown)') AS model
FROM messages m JOIN sessions s ON s.id = m.session_id
WHERE ${messageCost('m')} IS NULL AND m.tokens > 0
  AND ${inRange('m.created_at')} AND ${sessionFilter('s')} AND ${modelFilter('m.model')}`;

const EXAMPLE_ERROR = `
SELECT t.error_message FROM tools t JOIN sessions s ON s.id = t.session_id
WHERE tool_display_name(t.tool_name) = :tool AND t.success = 0 AND ${inRange('t.created_at')} AND ${sessionFilter('s')} AND ${modelFilter('s.model')}
ORDER BY t.created_at DESC LIMIT 1`;

const COMPACTIONS = `
SELECT count(*) AS count, count(DISTINCT c.session_id) AS sessions, round(avg(c.tokens_before)) AS avg_tokens_before
FROM compaction_events c JOIN sessions s ON s.id = c.session_id
WHERE c.kind = 'compact' AND ${inRange('c.created_at')} AND ${sessionFilter('s')} AND ${modelFilter('s.model')}`;

const API_ERRORS = `
SELECT e.error_type AS error_type, count(*) AS count, max(e.status_code) AS status_code,
  (SELECT e2.error_message FROM session_errors e2 WHERE e2.error_type = e.error_type AND ${inRange('e2.created_at')}
    ORDER BY e2.created_at DESC LIMIT 1) AS example
FROM session_errors e JOIN sessions s ON s.id = e.session_id
WHERE ${inRange('e.created_at')} AND ${sessionFilter('s')} AND ${modelFilter('s.model')}
GROUP BY e.error_type ORDER BY count DESC, error_type LIMIT 5`;

// The main sessions of the period, each with its whole cost, duration and failures.
const NOTABLE = `
WITH picked AS (
  SELECT s.* FROM sessions s
  WHERE ${activeInRange('s')} AND ${sessionFilter('s')} AND ${modelFilter('s.model')} AND s.parent_session_id IS NULL
)
SELECT p.id, p.title, p.project_name,
  p.updated_at - p.created_at AS duration_ms,
  (SELECT count(*) FROM tools t WHERE t.session_id = p.id AND t.success = 0) AS failures,
  (SELECT ${summedCost('m')} FROM messages m WHERE m.session_id = p.id
     OR m.session_id IN (SELECT c.id FROM sessions c WHERE c.parent_session_id = p.id)) AS cost
FROM picked p`;

const first = async (q: QueryTarget, sql: string, p: object) => (await q.all(sql, p))[0];

async function totals(q: QueryTarget, p: ReportParams): Promise<PeriodTotals> {
  const spend = (await first(q, SPEND, p)) as unknown as PeriodTotals;
  const models = (await q.all(UNPRICED_MODELS, p)).map((r) => String(r.model)).sort();
  return { ...(await first(q, TOTALS, p)), ...spend, unpriced_models: models } as unknown as PeriodTotals;
}

function top(rows: Row[], key: string): SessionBrief | undefined {
  let best: Row | undefined;
  for (const r of rows)
    if (typeof r[key] === 'number' && (r[key] as number) > 0 && (!best || (r[key] as number) > (best[key] as number)))
      best = r;
  if (!best) return undefined;
  return {
    id: best.id as string,
    title: (best.title as string) ?? null,
    project_name: (best.project_name as string) ?? null,
    value: best[key] as number,
  };
}

/** Everything the digest shows for [since, until) and the equally long period before it. */
export async function buildDigest(
  source: Db | QueryTarget,
  p: ReportParams & { since: number; until: number },
): Promise<Digest> {
  const q = asTarget(source);
  const length = p.until - p.since;
  const before = { ...p, since: p.since - length, until: p.since };
  const failing: Row[] = [];
  const top5 = (await runReportOn(q, toolErrors, { ...p, limit: -1 })).rows
    .filter((r) => (r.failures as number) > 0)
    .sort((a, b) => (b.failures as number) - (a.failures as number))
    .slice(0, 5);
  for (const r of top5)
    failing.push({ ...r, example: (await first(q, EXAMPLE_ERROR, { ...p, tool: r.tool_name }))?.error_message ?? null });
  const sessions = await q.all(NOTABLE, p);
  return {
    since: p.since,
    until: p.until,
    tz: p.tz,
    totals: await totals(q, p),
    previous: await totals(q, before),
    projects: (await runReportOn(q, projects, { ...p, limit: 5 })).rows,
    failingTools: failing,
    hotFiles: (await runReportOn(q, hotFiles, { ...p, limit: 5 })).rows,
    compactions: (await first(q, COMPACTIONS, p)) as Digest['compactions'],
    apiErrors: await q.all(API_ERRORS, p),
    notable: {
      mostExpensive: top(sessions, 'cost'),
      longest: top(sessions, 'duration_ms'),
      mostFailures: top(sessions, 'failures'),
    },
    changes: await whatToChange(q, p),
  };
}

export const isEmptyDigest = (d: Digest) => d.totals.sessions + d.totals.subagent_sessions + d.totals.messages === 0;
