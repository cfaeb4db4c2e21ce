// SQL fragments for the filters every report shares (--since/--until, --project, --source, --model, --no-subagents).

/**
 * Rows whose time column falls in [:since, :until). Reports write this form; withBounds() turns it
 * into plain comparisons before the SQL runs, so that a bound can use an index.
 */
export const inRange = (col: string) => `(:since IS NULL OR ${col} >= :since) AND (:until IS NULL OR ${col} < :until)`;

/** Sessions active at some point in [:since, :until). */
export const activeInRange = (s: string) =>
  `(:since IS NULL OR ${s}.updated_at >= :since) AND (:until IS NULL OR ${s}.created_at < :until)`;

const SINCE = /\(:since IS NULL OR ([\w.]+) >= :since\)/g;
const UNTIL = /\(:until IS NULL OR ([\w.]+) < :until\)/g;

/** Later than any time stored, and its negative earlier (milliseconds; Number.MAX_SAFE_INTEGER). */
export const END_OF_TIME = 9007199254740991;

/**
 * A report's SQL with the bounds of inRange and activeInRange settled for these parameters: a bound
 * given becomes `col >= :since` (or `col < :until`), one not given becomes TRUE. Neither SQLite nor
 * PostgreSQL can answer `(:since IS NULL OR col >= :since)` with an index range (the plan must serve
 * a NULL bound too), so as written a week's report would scan the whole table.
 *
 * A bound given alone is paired with one no time passes: SQLite, which keeps no statistics here,
 * rates a range open at one end at a quarter of the table, and then prefers to scan a whole index
 * that is in its GROUP BY order; a range closed at both ends it rates at 1/64, and reads it.
 */
export const withBounds = (sql: string, p: { since: number | null; until: number | null }) =>
  sql
    .replace(SINCE, p.since === null ? 'TRUE' : p.until === null ? `$1 >= :since AND $1 < ${END_OF_TIME}` : '$1 >= :since')
    .replace(UNTIL, p.until === null ? 'TRUE' : p.since === null ? `$1 > -${END_OF_TIME} AND $1 < :until` : '$1 < :until');

/**
 * The project a session counts under: a subagent's is its parent's (a subagent may run in a
 * worktree of its own, but the work belongs to the project that started it).
 */
export const projectOf = (s: string) =>
  `coalesce((SELECT p.project_name FROM sessions p WHERE p.id = ${s}.parent_session_id), ${s}.project_name, '(unknown)')`;

/** --project (a name or a path), --source and --no-subagents, on a sessions alias. */
export const sessionFilter = (
  s: string,
) => `(:project IS NULL OR ${s}.project_name = :project OR ${s}.project_path = :project
    OR EXISTS (SELECT 1 FROM sessions p WHERE p.id = ${s}.parent_session_id
      AND (p.project_name = :project OR p.project_path = :project)))
  AND (:source IS NULL OR ${s}.source = :source)
  AND (:subagents = 1 OR ${s}.parent_session_id IS NULL)`;

/**
 * --model, matching a model id exactly, by family (claude-sonnet-4 matches claude-sonnet-4-20250514)
 * or by a word of it (opus, sonnet, gpt-5), as resolve-filters.ts's modelMatches does.
 */
export const modelFilter = (col: string) =>
  `(:model IS NULL OR ${col} = :model OR model_family(${col}) = model_family(:model)
    OR instr('-' || lower(${col}) || '-', '-' || lower(:model) || '-') > 0)`;

/** The cost of one message row: what the source stored (OpenCode), else its tokens at list price. */
export const messageCost = (m: string) =>
  `coalesce(${m}.cost, cost_usd(${m}.model, ${m}.prompt_tokens, ${m}.completion_tokens, ${m}.cache_write_tokens, ${m}.cache_write_1h_tokens, ${m}.cache_read_tokens))`;

/** The summed cost of message rows; NULL when any response in the group has no price, never a silent zero. */
export const summedCost = (m: string) =>
  `CASE WHEN count(${m}.tokens) = count(${messageCost(m)}) THEN sum(${messageCost(m)}) END`;

/**
 * The session filters (--project, --source, --no-subagents, --model on the session's model) for a
 * row that names its session in `col`. With no such filter the first branch is true and SQLite never
 * runs the subquery, so an unfiltered report scans one table (and its covering index) alone.
 */
export const rowInSessions = (col: string) =>
  `((:project IS NULL AND :source IS NULL AND :subagents = 1 AND :model IS NULL)
    OR ${col} IN (SELECT s.id FROM sessions s WHERE ${sessionFilter('s')} AND ${modelFilter('s.model')}))`;

/**
 * rowInSessions without --model, for rows that carry a model of their own (messages), which the
 * report filters apart with modelFilter.
 */
export const rowInSessionsOfAnyModel = (col: string) =>
  `((:project IS NULL AND :source IS NULL AND :subagents = 1)
    OR ${col} IN (SELECT s.id FROM sessions s WHERE ${sessionFilter('s')}))`;

/**
 * Message rows summed per group and model: tokens, what the source stored as cost, and the tokens
 * of rows without a stored cost. Pricing then runs once per group and model, not once per row
 * (cost is linear in tokens). `key` is the grouping expression over `m` (and `s`, the session).
 */
export const tokensByModel = (key: string, where: string) => `
  SELECT ${key} AS k, m.model AS model,
    sum(m.prompt_tokens) AS i, sum(m.completion_tokens) AS o, sum(m.cache_write_tokens) AS w,
    sum(m.cache_read_tokens) AS r, sum(m.tokens) AS t,
    sum(m.cost) AS stored,
    count(CASE WHEN m.cost IS NULL THEN 1 END) AS unpriced_rows,
    sum(CASE WHEN m.cost IS NULL THEN m.prompt_tokens END) AS ui,
    sum(CASE WHEN m.cost IS NULL THEN m.completion_tokens END) AS uo,
    sum(CASE WHEN m.cost IS NULL THEN m.cache_write_tokens END) AS uw,
    sum(CASE WHEN m.cost IS NULL THEN m.cache_write_1h_tokens END) AS uw1h,
    sum(CASE WHEN m.cost IS NULL THEN m.cache_read_tokens END) AS ur
  FROM messages m JOIN sessions s ON s.id = m.session_id
  WHERE m.tokens IS NOT NULL AND ${where}
  GROUP BY 1, 2`;

/** The cost of one row of tokensByModel: NULL when its model has no price, never a silent zero. */
export const groupCost = `CASE WHEN unpriced_rows = 0 THEN stored
  ELSE coalesce(stored, 0) + cost_usd(model, ui, uo, uw, uw1h, ur) END`;

/** Sums groupCost over groups: NULL as soon as one of them is NULL. */
export const summedGroupCost = (c: string) => `CASE WHEN count(*) = count(${c}) THEN sum(${c}) END`;
