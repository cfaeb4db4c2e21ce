// `--explain ID`: a finding's SQL with its values written in (so it runs as is under `agentlog sql`, on either database), thresholds and examples.
import type { Db } from '../../schema/open-db.js';
import type { ReportParams } from '../report.js';
import { localDateTime } from '../zoned-time.js';
import { toPgQuery } from '../pg-dialect.js';
import type { QueryTarget } from '../run-report.js';
import type { Finding, Hit } from './finding.js';
import { findingHits, findingHitsOn, hitsSql, sqlParams } from './run-insights.js';

const literal = (v: unknown): string =>
  v === null || v === undefined ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`;

/**
 * The SQL with each `:name` replaced by its value. Names are replaced only outside string literals
 * and `--` comments (an apostrophe in a comment opens no literal) and only when they are parameters,
 * so a ':' inside a quoted text stays as it is.
 */
export function inlineParams(sql: string, params: Record<string, unknown>): string {
  return sql.replace(/'(?:[^']|'')*'|--[^\n]*|(?<![:\w]):([a-z_][a-z0-9_]*)/gi, (m, name: string | undefined) =>
    name !== undefined && Object.hasOwn(params, name) ? literal(params[name]) : m,
  );
}

export function explainSql(f: Finding, p: ReportParams): string {
  return inlineParams(hitsSql(f, p), sqlParams(f, p));
}

/**
 * The SQL as it runs on a team PostgreSQL: translated, the values written in as typed literals
 * (`NULL::bigint`), the functions in pg_temp, so it runs as is under `agentlog sql --db postgres://…`.
 */
export function explainPgSql(f: Finding, p: ReportParams): string {
  const q = toPgQuery(hitsSql(f, p), sqlParams(f, p));
  return q.text.replace(/\$(\d+)(?=::)/g, (_, n: string) => literal(q.values[Number(n) - 1]));
}

function explanation(f: Finding, p: ReportParams, sql: string, runs: string, hits: readonly Hit[]): string {
  const thresholds = Object.entries(f.thresholds);
  const lines = [
    `${f.id} (${f.class}, ${f.basis}): ${f.title}`,
    '',
    'Thresholds:',
    ...(thresholds.length ? thresholds.map(([k, v]) => `  ${k} = ${v}`) : ['  (none)']),
    '',
    `SQL (one row per hit; runs as is with ${runs}):`,
    sql.trim(),
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

export function explainText(db: Db, f: Finding, p: ReportParams): string {
  return explanation(f, p, explainSql(f, p), '`agentlog sql`', findingHits(db, f, p));
}

/** explainText on a team PostgreSQL: the SQL shown is the SQL that runs there. */
export async function explainTextPg(target: QueryTarget, f: Finding, p: ReportParams): Promise<string> {
  const hits = await findingHitsOn(target, f, p);
  return explanation(f, p, explainPgSql(f, p), '`agentlog sql --db postgres://…`', hits);
}
