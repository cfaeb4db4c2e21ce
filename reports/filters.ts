// SQL fragments for the filters every report shares (--since/--until, --project, --source, --model, --no-subagents).

/** Rows whose time column falls in [:since, :until). */
export const inRange = (col: string) => `(:since IS NULL OR ${col} >= :since) AND (:until IS NULL OR ${col} < :until)`;

/** Sessions active at some point in [:since, :until). */
export const activeInRange = (s: string) =>
  `(:since IS NULL OR ${s}.updated_at >= :since) AND (:until IS NULL OR ${s}.created_at < :until)`;

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

/** --model, matching a model id exactly or by family (claude-sonnet-4 matches claude-sonnet-4-20250514). */
export const modelFilter = (col: string) =>
  `(:model IS NULL OR ${col} = :model OR model_family(${col}) = model_family(:model))`;

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
