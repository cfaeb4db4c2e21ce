// The HTML page of every report: each run as its `page` entry says, in page order, then drawn.
import type { Db } from '../schema/open-db.js';
import type { Finding } from './insights/finding.js';
import { findings as allFindings } from './insights/registry.js';
import { runInsights } from './insights/run-insights.js';
import { reports as allReports } from './registry.js';
import type { Report, ReportParams } from './report.js';
import { htmlPage, type PageSection } from './render/html/page.js';
import { runReport } from './run-report.js';
import { bucketOf, localDateTime } from './zoned-time.js';

export interface PageOptions {
  /** When the page was made (the end of an open period). */
  now: number;
  /** True when nothing was ever imported: the page says so. */
  emptyDb?: boolean;
  reports?: readonly Report[];
  findings?: readonly Finding[];
  /** `agentlog insights`' guard and limit: 3 hits across 2 sessions, the top 10. */
  minHits?: number;
  limit?: number;
}

const byOrder = (list: readonly Report[]) =>
  list
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (a.r.page?.order ?? Infinity) - (b.r.page?.order ?? Infinity) || a.i - b.i)
    .map(({ r }) => r);

/** Every report's rows as the page shows them: aggregates only, never raw rows. */
export function pageSections(db: Db, params: ReportParams, list: readonly Report[] = allReports): PageSection[] {
  return byOrder(list).map((r) => {
    const by = r.page?.by ?? r.option?.default ?? null;
    const { rows, columns } = runReport(db, r, { ...params, by, limit: r.page?.limit ?? r.defaultLimit });
    return {
      id: by && r.page?.by ? `${r.name}-${by}` : r.name,
      title: r.page?.by ? `${r.title} by ${r.page.by}` : r.title,
      description: r.description,
      columns,
      rows,
    };
  });
}

function filterLine(p: ReportParams): string {
  const f = [
    p.project && `project ${p.project}`,
    p.source && `agent ${p.source}`,
    p.model && `model ${p.model}`,
    p.subagents === 0 && 'without subagents',
  ].filter(Boolean);
  return f.length ? `Only ${f.join(', ')}.` : 'All projects, agents and models.';
}

export function reportPage(db: Db, params: ReportParams, opts: PageOptions): string {
  const until = params.until ?? opts.now;
  const period =
    params.since === null
      ? `Everything up to ${localDateTime(until, params.tz)} (${params.tz}).`
      : `${localDateTime(params.since, params.tz)} to ${localDateTime(until, params.tz)} (${params.tz}).`;
  return htmlPage({
    title: 'agentlog report',
    subtitle: [period, filterLine(params)],
    sections: pageSections(db, params, opts.reports),
    findings: {
      rows: runInsights(db, opts.findings ?? allFindings, params, {
        minHits: opts.minHits ?? 3,
        limit: opts.limit ?? 10,
        only: null,
        now: opts.now,
      }),
      empty: `No findings in this period: nothing happened ${opts.minHits ?? 3} times or more across 2 sessions.`,
    },
    tz: params.tz,
    days:
      params.since === null
        ? undefined
        : { first: bucketOf(params.since, 'day', params.tz), last: bucketOf(until - 1, 'day', params.tz) },
    emptyNote: opts.emptyDb ? 'Nothing imported yet: run `agentlog import` first.' : undefined,
    footer: `Made by agentlog on ${localDateTime(opts.now, params.tz)} from its database; every chart's numbers are in the table under it.`,
  });
}
