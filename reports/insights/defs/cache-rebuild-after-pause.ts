// Resuming a session after a pause longer than the cache lives re-writes the whole context at the write price.
import type { Finding } from '../finding.js';

export const cacheRebuildAfterPause: Finding = {
  id: 'cache-rebuild-after-pause',
  class: 'habit',
  basis: 'estimated',
  title: 'Sessions resumed after a pause re-wrote their context to the cache',
  thresholds: { pause_ms: 5 * 60_000, pause_1h_ms: 60 * 60_000, min_context_tokens: 20_000, min_write_share: 0.5 },
  // Consecutive API responses of one session. The prompt cache lives 5 minutes (1 hour when the
  // earlier response wrote to the 1-hour cache); after a longer pause the next response writes
  // the context again. The extra is what that write cost minus what reading it would have cost.
  sql: `
WITH r AS (
  SELECT m.session_id, m.created_at, m.model,
    coalesce(m.cache_write_tokens, 0) AS w, coalesce(m.cache_write_1h_tokens, 0) AS w1h,
    coalesce(m.cache_read_tokens, 0) AS cr,
    lag(m.created_at) OVER win AS prev_at,
    lag(coalesce(m.prompt_tokens, 0) + coalesce(m.cache_read_tokens, 0) + coalesce(m.cache_write_tokens, 0)) OVER win AS prev_context,
    lag(coalesce(m.cache_write_1h_tokens, 0)) OVER win AS prev_w1h
  FROM messages m
  WHERE m.role = 'assistant' AND m.tokens IS NOT NULL AND m.created_at IS NOT NULL
  WINDOW win AS (PARTITION BY m.session_id ORDER BY m.created_at)
)
SELECT session_id, created_at AS at,
  'after ' || CAST((created_at - prev_at) / 60000 AS INTEGER) || ' min' AS subject,
  w || ' tokens written again' AS detail,
  cost_usd(model, 0, 0, w, w1h, 0) - cost_usd(model, 0, 0, 0, 0, w) AS cost,
  NULL AS ms, w AS tokens
FROM r
WHERE prev_at IS NOT NULL
  AND created_at - prev_at > CASE WHEN prev_w1h > 0 THEN :pause_1h_ms ELSE :pause_ms END
  AND prev_context > :min_context_tokens
  AND w > :min_write_share * (w + cr)`,
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
