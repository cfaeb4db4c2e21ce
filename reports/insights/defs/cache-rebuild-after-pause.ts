// Resuming a session after a pause longer than the cache lives re-writes the whole context at the write price.
import type { Finding } from '../finding.js';

export const cacheRebuildAfterPause: Finding = {
  id: 'cache-rebuild-after-pause',
  class: 'habit',
  basis: 'estimated',
  title: 'Sessions resumed after a pause re-wrote their context to the cache',
  thresholds: { pause_ms: 5 * 60_000, pause_1h_ms: 60 * 60_000, min_context_tokens: 20_000 },
  // Consecutive API responses of one session (the previous one may be before the period). The prompt cache lives 5 minutes (1 hour when the
  // earlier response wrote to the 1-hour cache); after a longer pause the next response writes
  // the context again. The extra is what that write cost minus what reading it would have cost.
  sql: `
WITH candidate AS (
  -- responses of the period that wrote more to the cache than they read: the few worth a look, which
  -- 013_findings_indexes keeps in an index of their own (its WHERE is the first two terms, as written)
  SELECT m.id, m.session_id, m.created_at, m.model,
    coalesce(m.cache_write_tokens, 0) AS w, coalesce(m.cache_write_1h_tokens, 0) AS w1h
  FROM messages m
  WHERE m.role = 'assistant' AND coalesce(m.cache_write_tokens, 0) > coalesce(m.cache_read_tokens, 0)
    AND m.tokens IS NOT NULL AND m.created_at IS NOT NULL
    AND (:since IS NULL OR m.created_at >= :since) AND (:until IS NULL OR m.created_at < :until)
),
r AS (
  SELECT c.*, p.created_at AS prev_at,
    coalesce(p.prompt_tokens, 0) + coalesce(p.cache_read_tokens, 0) + coalesce(p.cache_write_tokens, 0) AS prev_context,
    coalesce(p.cache_write_1h_tokens, 0) AS prev_w1h
  FROM candidate c JOIN messages p ON p.id = (
    SELECT p2.id FROM messages p2
    WHERE p2.session_id = c.session_id AND p2.role = 'assistant' AND p2.tokens IS NOT NULL
      AND p2.created_at < c.created_at
    ORDER BY p2.created_at DESC LIMIT 1)
)
SELECT session_id, created_at AS at,
  'after ' || CAST((created_at - prev_at) / 60000 AS INTEGER) || ' min' AS subject,
  w || ' tokens written again' AS detail,
  cost_usd(model, 0, 0, w, w1h, 0) - cost_usd(model, 0, 0, 0, 0, w) AS cost,
  NULL AS ms, w AS tokens
FROM r
WHERE created_at - prev_at > CASE WHEN prev_w1h > 0 THEN :pause_1h_ms ELSE :pause_ms END
  AND prev_context > :min_context_tokens`,
  advise(hits) {
    const tokens = hits.reduce((n, h) => n + (h.tokens ?? 0), 0);
    return {
      text:
        `${hits.length} times a session went on after a pause and wrote ${Math.round(tokens / 1000)} k tokens of context to the cache again. ` +
        'Before a break, finish the step or /compact; after it, a fresh session with a short summary costs less than resuming a large one.',
      target: 'your habit (no setting)',
      snippet: '/compact   (before a break of more than 5 minutes in a long session)',
    };
  },
};
