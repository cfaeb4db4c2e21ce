// `--explain ID`: a finding's SQL with its values written in (so it runs as is under `agentlog sql`), thresholds and examples.
import type { Db } from '../../schema/open-db.js';
import type { ReportParams } from '../report.js';
import { localDateTime } from '../zoned-time.js';
import type { Finding } from './finding.js';
import { findingHits, hitsSql, sqlParams } from './run-insights.js';

const literal = (v: unknown): string =>
  v === null || v === undefined ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`;

/**
 * The SQL with each `:name` replaced by its value. Names are replaced only outside string literals
 * and only when they are parameters, so a ':' inside a quoted text stays as it is.
 */
export function inlineParams(sql: string, params: Record<string, unknown>): string {
  return sql.replace(/'(?:[^']|'')*'|:([a-z_][a-z0-9_]*)/gi, (m, name: string | undefined) =>
    name !== undefined && Object.hasOwn(params, name) ? literal(params[name]) : m,
  );
}

export function explainSql(f: Finding, p: ReportParams): string {
  return inlineParams(hitsSql(f), sqlParams(f, p));
}

export function explainText(db: Db, f: Finding, p: ReportParams): string {
  const hits = findingHits(db, f, p);
  const thresholds = Object.entries(f.thresholds);
  const lines = [
    `${f.id} (${f.class}, ${f.basis}): ${f.title}`,
    '',
    'Thresholds:',
    ...(thresholds.length ? thresholds.map(([k, v]) => `  ${k} = ${v}`) : ['  (none)']),
    '',
    'SQL (one row per hit; runs as is with `agentlog sql`):',
    explainSql(f, p).trim(),
    '',
    `Hits in the period: ${hits.length} in ${new Set(hits.map((h) => h.session_id)).size} sessions. Latest:`,
    ...(hits.length
      ? hits
          .slice(-5)
          .reverse()
          .map(
            (h) =>
              `  ${localDateTime(h.at, p.tz)}  ${h.session_id}  ${h.subject}${h.detail ? `  ${h.detail.split('\n')[0]!.slice(0, 120)}` : ''}`,
          )
      : ['  (none)']),
  ];
  return `${lines.join('\n')}\n`;
}
