// Sessions on an expensive model (Opus-class) that did little: a cheaper model would have done the same for less.
import { QUARTER_MS } from '../../../schema/rollups.js';
import { type Finding, topSubjects } from '../finding.js';

// The quarter hours of the roll-up that hold [:since, :until): created_at / QUARTER_MS rounds toward
// zero on both databases, as this does. SQLite binds JavaScript numbers as REAL, hence the casts.
const FIRST_QUARTER = `CAST(coalesce(:since, -9223372036854775807) / ${QUARTER_MS} AS BIGINT)`;
const LAST_QUARTER = `CAST(coalesce(:until, 9223372036854775807) / ${QUARTER_MS} AS BIGINT)`;

/**
 * The next model down for a model family prefix (the last, '', for the rest). The SQL prices tokens
 * at these models, so a price table built from the models in the data (PostgreSQL's) needs them too.
 */
export const CHEAPER_MODELS: readonly (readonly [string, string])[] = [
  ['claude-', 'claude-sonnet-4-5'],
  ['gemini-', 'gemini-2.5-flash'],
  ['', 'gpt-5'],
];

const cheaperThan = (model: string) =>
  `CASE ${CHEAPER_MODELS.map(([prefix, cheaper]) =>
    prefix ? `WHEN model_family(${model}) LIKE '${prefix}%' THEN '${cheaper}'` : `ELSE '${cheaper}'`,
  ).join(' ')} END`;

export const expensiveModelTrivialSession: Finding = {
  id: 'expensive-model-trivial-session',
  class: 'habit',
  basis: 'estimated',
  title: 'Sessions on an expensive model that did little',
  thresholds: { min_input_usd_per_mtok: 5, max_tool_calls: 5 },
  // Main sessions (a subagent's model is subagent-cost's matter) with at most :max_tool_calls tool
  // calls and no edit, by them or their subagents. Expensive: a list price of :min_input_usd_per_mtok
  // USD or more per million input tokens (Opus, gpt-5-pro). The cost is the difference between its
  // responses at their model's list price and the same tokens at the list price of the next model
  // down in the family (Sonnet 4.5, gpt-5, Gemini 2.5 Flash).
  sql: `
-- A hit is timed by the first response of its session on an expensive model, so only sessions with
-- one in the period can be hits: the roll-up rows of its quarter hours name them (and a few more).
WITH quarters AS MATERIALIZED (
  SELECT u.session_id, u.model FROM usage_rollup u
  WHERE u.quarter >= ${FIRST_QUARTER} AND u.quarter <= ${LAST_QUARTER} AND u.model IS NOT NULL
),
expensive AS (
  -- each model priced once, not once per row
  SELECT model FROM (SELECT DISTINCT model FROM quarters) AS d
  WHERE cost_usd(model, 1000000, 0, 0, 0, 0) >= :min_input_usd_per_mtok
),
period AS MATERIALIZED (
  SELECT DISTINCT session_id FROM quarters WHERE model IN (SELECT model FROM expensive)
),
-- the main sessions among them with their tool calls
counted AS MATERIALIZED (
  SELECT s.id AS session_id, (SELECT count(*) FROM tools t WHERE t.session_id = s.id) AS calls
  -- CROSS JOIN: the few sessions of the period first (SQLite would read every main session)
  FROM period p CROSS JOIN sessions s
  WHERE s.id = p.session_id AND s.parent_session_id IS NULL
),
-- those that did little; only their responses are priced
trivial AS MATERIALIZED (
  SELECT c.session_id, c.calls FROM counted c
  WHERE c.calls <= :max_tool_calls
    -- the rows of the session and those of its subagents apart: an OR of the two would scan every row
    AND NOT EXISTS (SELECT 1 FROM tools t WHERE t.session_id = c.session_id AND t.category = 'edit')
    AND NOT EXISTS (SELECT 1 FROM sessions k JOIN tools t ON t.session_id = k.id
      WHERE k.parent_session_id = c.session_id AND t.category = 'edit')
    AND NOT EXISTS (SELECT 1 FROM file_operations f
      WHERE f.session_id = c.session_id AND f.operation_type IN ('edited', 'created', 'deleted'))
    AND NOT EXISTS (SELECT 1 FROM sessions k JOIN file_operations f ON f.session_id = k.id
      WHERE k.parent_session_id = c.session_id AND f.operation_type IN ('edited', 'created', 'deleted'))
),
used AS (
  SELECT m.session_id, m.created_at, m.model, m.tokens, m.prompt_tokens AS i, m.completion_tokens AS o,
    m.cache_write_tokens AS w, m.cache_write_1h_tokens AS w1h, m.cache_read_tokens AS r,
    ${cheaperThan('m.model')} AS cheaper, c.calls
  FROM trivial c JOIN messages m ON m.session_id = c.session_id
  WHERE m.role = 'assistant' AND m.tokens IS NOT NULL
    AND m.model IS NOT NULL AND cost_usd(m.model, 1000000, 0, 0, 0, 0) >= :min_input_usd_per_mtok
)
SELECT session_id, min(created_at) AS at, max(model) AS subject,
  max(calls) || ' tool calls, no edits; priced again as ' || max(cheaper) AS detail,
  sum(cost_usd(model, i, o, w, w1h, r)) - sum(cost_usd(cheaper, i, o, w, w1h, r)) AS cost,
  NULL AS ms, sum(tokens) AS tokens
FROM used
GROUP BY session_id`,
  advise(hits) {
    const saved = hits.reduce((n, h) => n + (h.cost ?? 0), 0);
    const models = topSubjects(hits, 3).map((s) => s.subject);
    const claude = models.some((m) => /claude|opus/i.test(m));
    return {
      text:
        `${hits.length} sessions on ${models.join(', ')} made no edits and at most ${this.thresholds.max_tool_calls} tool calls; ` +
        `at the next model down they would have cost about $${saved.toFixed(2)} less. ` +
        'Start questions, reviews and small lookups on the cheaper model, and switch up (/model) when a task needs it.',
      target: claude ? '.claude/settings.json (or /model at the start of a session)' : "the agent's model setting",
      snippet: claude ? '{ "model": "sonnet" }' : 'model = "gpt-5"   # ~/.codex/config.toml',
    };
  },
};
