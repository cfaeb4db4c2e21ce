// Keeps usage_rollup (migration 007) equal to the sums of its sessions' message rows.
import type { Db } from './open-db.js';
import { refillToolRollups } from './tool-rollup.js';

/** The roll-up's time key: a UTC quarter hour, `created_at / QUARTER_MS`, as the reports bucket it. */
export const QUARTER_MS = 900_000;

// The same sums as the migration's fill; the messages_usage index covers every column read.
const FILL = `
INSERT INTO usage_rollup (session_id, model, quarter, input_tokens, output_tokens, cache_write_tokens,
  cache_read_tokens, tokens, stored_cost, unpriced_rows, unpriced_input, unpriced_output, unpriced_cache_write,
  unpriced_cache_write_1h, unpriced_cache_read)
SELECT session_id, model, created_at / ${QUARTER_MS}, sum(prompt_tokens), sum(completion_tokens),
  sum(cache_write_tokens), sum(cache_read_tokens), sum(tokens), sum(cost),
  count(CASE WHEN cost IS NULL THEN 1 END),
  sum(CASE WHEN cost IS NULL THEN prompt_tokens END), sum(CASE WHEN cost IS NULL THEN completion_tokens END),
  sum(CASE WHEN cost IS NULL THEN cache_write_tokens END), sum(CASE WHEN cost IS NULL THEN cache_write_1h_tokens END),
  sum(CASE WHEN cost IS NULL THEN cache_read_tokens END)
FROM messages
WHERE session_id = ? AND tokens IS NOT NULL
GROUP BY model, created_at / ${QUARTER_MS}`;

// The same sums for every session at once.
const FILL_ALL = FILL.replace('session_id = ? AND ', '').replace('GROUP BY model', 'GROUP BY session_id, model');

const statements = new WeakMap<Db, { clear: ReturnType<Db['prepare']>; fill: ReturnType<Db['prepare']> }>();

/**
 * Sums these sessions' messages again, replacing their roll-up rows. The writer calls it inside a
 * file's transaction for every session the file touched, so the roll-up commits with the rows.
 */
export function refreshRollups(db: Db, sessionIds: Iterable<string>): void {
  let s = statements.get(db);
  if (!s) {
    s = { clear: db.prepare('DELETE FROM usage_rollup WHERE session_id = ?'), fill: db.prepare(FILL) };
    statements.set(db, s);
  }
  for (const id of sessionIds) {
    s.clear.run(id);
    s.fill.run(id);
  }
}

/**
 * Sums every session's rows again, replacing the whole roll-up, and counts the tool roll-ups again:
 * for rows written past the writer (the bench's report database copies its rows with SQL).
 */
export function rebuildRollups(db: Db): void {
  db.transaction(() => {
    db.exec('DELETE FROM usage_rollup');
    db.exec(FILL_ALL);
    refillToolRollups(db);
  })();
}
