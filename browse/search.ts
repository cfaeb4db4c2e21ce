// Full-text search over the stored history: the best-matching sessions, each with its best snippets.
import { inRange, rowInSessions } from '../reports/filters.js';
import type { ReportParams } from '../reports/report.js';
import type { Db } from '../schema/open-db.js';
import { ftsQuery, SearchQueryError } from './search-query.js';

/** What `--in` takes, and the document kind each one searches. */
export const SEARCH_IN = ['prompts', 'answers', 'commands', 'outputs', 'errors'] as const;
export type SearchIn = (typeof SEARCH_IN)[number];
const KIND_OF: Record<SearchIn, string> = {
  prompts: 'prompt',
  answers: 'answer',
  commands: 'command',
  outputs: 'output',
  errors: 'error',
};

/** Where a snippet's match starts and ends; the renderers turn them into bold or [brackets]. */
export const MARK_START = '\u0001';
export const MARK_END = '\u0002';

export interface SearchOptions {
  query: string;
  /** Document kinds to search; empty for all. */
  in: readonly SearchIn[];
  /** The reports' filters; `limit` is the number of sessions (-1 for all). */
  params: ReportParams;
  /** Snippets shown per session (its best matches). */
  perSession?: number;
}

export interface SearchSnippet {
  kind: string;
  at: number | null;
  /** The text around the match, the match between MARK_START and MARK_END. */
  text: string;
}

export interface SessionMatch {
  session_id: string;
  title: string | null;
  project: string | null;
  source: string;
  model: string | null;
  parent_session_id: string | null;
  started_at: number | null;
  last_active_at: number | null;
  /** The bm25 score of the session's best match (lower is better). */
  score: number;
  /** How many documents of the session matched. */
  matches: number;
  snippets: SearchSnippet[];
}

/**
 * bm25 runs once per matching text, so a word found in most texts (a million of them) would take
 * seconds to rank. Past this many matches only the most recently imported ones are ranked: FTS5
 * reads its matches newest first without scoring them, and scores only those it returns.
 */
export const MAX_RANKED = 20_000;

// The matching documents (the MAX_RANKED newest); sessions rank by their best document, the more
// recent first among equals, and the first :limit of them bring their :per best documents.
const RANKED = `
WITH hits AS MATERIALIZED (
  SELECT d.id, d.session_id, d.created_at, f.rank AS score
  FROM search_fts f JOIN search_docs d ON d.id = f.rowid
  WHERE search_fts MATCH :q
    AND (:kinds IS NULL OR d.kind IN (SELECT value FROM json_each(:kinds)))
    AND ${inRange('d.created_at')}
    AND ${rowInSessions('d.session_id')}
  ORDER BY f.rowid DESC LIMIT :cap
),
best AS (
  SELECT session_id, min(score) AS best, max(created_at) AS latest, count(*) AS matches
  FROM hits GROUP BY session_id
  ORDER BY best, latest DESC, session_id LIMIT :limit
),
top AS (
  SELECT h.id, h.session_id, row_number() OVER (PARTITION BY h.session_id ORDER BY h.score, h.created_at DESC, h.id) AS n
  FROM hits h WHERE h.session_id IN (SELECT session_id FROM best)
)
SELECT t.id, t.session_id, b.best, b.matches, (SELECT count(*) FROM hits) AS ranked
FROM top t JOIN best b USING (session_id)
WHERE t.n <= :per
ORDER BY b.best, b.latest DESC, t.session_id, t.n`;

// snippet() needs the MATCH in its own statement; the rowid lookups keep it to the chosen documents.
const SNIPPETS = `
SELECT d.id, d.kind, d.created_at AS at,
  snippet(search_fts, 0, char(1), char(2), '…', 24) AS text
FROM search_fts f JOIN search_docs d ON d.id = f.rowid
WHERE search_fts MATCH :q AND f.rowid IN (SELECT value FROM json_each(:ids))`;

const SESSIONS = `
SELECT id, title, coalesce(project_name, project_path) AS project, source, model, parent_session_id,
  created_at, coalesce(updated_at, ended_at, created_at) AS last_active_at
FROM sessions WHERE id IN (SELECT value FROM json_each(:ids))`;

interface RankedRow {
  id: number;
  session_id: string;
  best: number;
  matches: number;
  ranked: number;
}

export interface SearchResult {
  sessions: SessionMatch[];
  /** True when more texts matched than MAX_RANKED: the ranking covers the newest of them only. */
  capped: boolean;
}

/**
 * Readies a connection for searching: the index is read at random places, and reading the file
 * through a memory map instead of read() calls halves the time of a search that matches thousands
 * of texts. A connection setting; nothing in the file changes.
 */
export function prepareForSearch(db: Db): void {
  db.pragma('mmap_size = 1073741824');
}

/** Runs a search; throws SearchQueryError for a query FTS5 cannot read (a user error). */
export function search(db: Db, opts: SearchOptions): SearchResult {
  const q = ftsQuery(opts.query);
  const kinds = opts.in.length ? JSON.stringify([...new Set(opts.in.map((k) => KIND_OF[k]))]) : null;
  const { since, until, project, source, model, subagents } = opts.params;
  let ranked: RankedRow[];
  try {
    ranked = db.prepare(RANKED).all({
      q,
      kinds,
      since,
      until,
      project,
      source,
      model,
      subagents,
      per: opts.perSession ?? 3,
      cap: MAX_RANKED,
      limit: opts.params.limit,
    }) as RankedRow[];
  } catch (err) {
    if (/fts5|syntax error|no such column/i.test((err as Error).message))
      throw new SearchQueryError(
        `cannot read the query ${JSON.stringify(opts.query)} (${(err as Error).message}); put "quotes" around words with punctuation`,
      );
    throw err;
  }

  const order: string[] = [];
  const docs = new Map<string, RankedRow[]>();
  for (const r of ranked) {
    let list = docs.get(r.session_id);
    if (!list) {
      order.push(r.session_id);
      docs.set(r.session_id, (list = []));
    }
    list.push(r);
  }
  const capped = (ranked[0]?.ranked ?? 0) >= MAX_RANKED;
  if (order.length === 0) return { sessions: [], capped };

  const ids = JSON.stringify([...docs.values()].flat().map((r) => r.id));
  const snippets = new Map(
    (db.prepare(SNIPPETS).all({ q, ids }) as (SearchSnippet & { id: number })[]).map((s) => [s.id, s]),
  );
  const sessions = new Map(
    (db.prepare(SESSIONS).all({ ids: JSON.stringify(order) }) as Record<string, unknown>[]).map((s) => [s.id, s]),
  );
  const sessionsFound = order.map((id): SessionMatch => {
    const list = docs.get(id)!;
    const s = sessions.get(id) ?? {};
    return {
      session_id: id,
      title: (s.title as string | null) ?? null,
      project: (s.project as string | null) ?? null,
      source: (s.source as string) ?? '',
      model: (s.model as string | null) ?? null,
      parent_session_id: (s.parent_session_id as string | null) ?? null,
      started_at: (s.created_at as number | null) ?? null,
      last_active_at: (s.last_active_at as number | null) ?? null,
      score: list[0]!.best,
      matches: list[0]!.matches,
      snippets: list.flatMap((r) => {
        const sn = snippets.get(r.id);
        return sn ? [{ kind: sn.kind, at: sn.at, text: sn.text.replace(/\s+/g, ' ').trim() }] : [];
      }),
    };
  });
  return { sessions: sessionsFound, capped };
}
