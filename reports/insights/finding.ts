// What a finding is: a rule over the database that turns repeated waste into advice, as data.

export type FindingClass = 'fix' | 'habit' | 'fyi';
export type FindingBasis = 'measured' | 'estimated';

/**
 * One occurrence a finding's SQL returns. Every finding's SQL gives these columns, so the engine
 * can filter, count, sum and compare periods the same way for all of them.
 */
export interface Hit {
  session_id: string;
  /** When it happened (ms since the epoch). */
  at: number;
  /** What it was about: the command, the path, the tool (grouped on for the advice). */
  subject: string;
  /** The error, or what makes it a hit. */
  detail: string | null;
  /** Money it cost or wasted (USD), when the finding measures it. */
  cost: number | null;
  /** Time it took (ms), when the finding measures it. */
  ms: number | null;
  tokens: number | null;
  /** Added by the engine: the project the session counts under. */
  project: string;
}

export interface Advice {
  /** One or two sentences for this user's hits. */
  text: string;
  /** Where it belongs: CLAUDE.md, AGENTS.md, .claude/settings.json permissions.deny, ... */
  target: string;
  /** What to paste there. */
  snippet: string;
}

export interface Finding {
  id: string;
  class: FindingClass;
  basis: FindingBasis;
  title: string;
  /**
   * SQL returning one row per hit with the columns of Hit (not project). It sees the thresholds as
   * `:named` parameters; the engine applies the time range and session filters to `at` and
   * `session_id`.
   */
  sql: string;
  /** Named numbers the SQL uses (`:gap_ms`); `--explain` shows them. */
  thresholds: Readonly<Record<string, number>>;
  /** The advice for the hits of the period (a template filled from them). */
  advise(hits: readonly Hit[]): Advice;
}

/** The `n` subjects seen most often, most frequent first (ties by name). */
export function topSubjects(hits: readonly Hit[], n: number): { subject: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const h of hits) counts.set(h.subject, (counts.get(h.subject) ?? 0) + 1);
  return [...counts]
    .map(([subject, count]) => ({ subject, count }))
    .sort((a, b) => b.count - a.count || a.subject.localeCompare(b.subject))
    .slice(0, n);
}
