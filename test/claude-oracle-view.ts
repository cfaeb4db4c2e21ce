// The totals of an imported Claude database in the shape shared/tools/oracle_claude.py prints them.
import type { Db } from '../schema/open-db.js';

export interface OracleTotals {
  tool_calls: Record<string, number>;
  tool_failures: Record<string, number>;
  tokens: { input: number; output: number; cache_creation: number; cache_read: number };
  api_messages: number;
  compactions: number;
  sessions: number;
  bad_lines: number;
}

const perTool = (d: Db, where: string): Record<string, number> =>
  Object.fromEntries(
    (
      d.prepare(`SELECT tool_name, count(*) AS n FROM tools ${where} GROUP BY tool_name ORDER BY tool_name`).all() as {
        tool_name: string;
        n: number;
      }[]
    ).map((r) => [r.tool_name, r.n]),
  );

const one = (d: Db, sql: string) => d.prepare(sql).get() as Record<string, number | null>;

/** What the database holds, counted the way the oracle counts the files (`badLines` from the import summary). */
export function oracleView(d: Db, badLines: number): OracleTotals {
  const t = one(
    d,
    'SELECT count(tokens) AS n, sum(prompt_tokens) AS i, sum(completion_tokens) AS o, sum(cache_write_tokens) AS w, sum(cache_read_tokens) AS r FROM messages',
  );
  return {
    tool_calls: perTool(d, ''),
    tool_failures: perTool(d, 'WHERE success = 0'),
    tokens: { input: t.i ?? 0, output: t.o ?? 0, cache_creation: t.w ?? 0, cache_read: t.r ?? 0 },
    api_messages: t.n ?? 0,
    compactions: one(d, "SELECT count(*) AS n FROM compaction_events WHERE kind = 'compact'").n ?? 0,
    sessions: one(d, 'SELECT count(*) AS n FROM sessions WHERE parent_session_id IS NULL').n ?? 0,
    bad_lines: badLines,
  };
}
