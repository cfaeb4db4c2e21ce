// Keeps usage_rollup (migration 007) equal to the sums of its sessions' message rows, usage_hourly
// (015) equal to the sums of usage_rollup's rows per hour, model, agent, project and subagent flag, and
// usage_hour_model (017) equal to usage_hourly's sums per hour, model and agent.
import type Database from 'better-sqlite3';
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

// usage_hourly's sums of the usage_rollup rows in `where` (an hour is quarter / 4); the project is the
// reports' projectOf (a subagent's is its parent's).
const hourlyFill = (where: string) => `
INSERT INTO usage_hourly (hour, model, source, project, subagent, input_tokens, output_tokens, cache_write_tokens,
  cache_read_tokens, tokens, stored_cost, unpriced_rows, unpriced_input, unpriced_output, unpriced_cache_write,
  unpriced_cache_write_1h, unpriced_cache_read)
SELECT u.quarter / 4, u.model, s.source,
  coalesce((SELECT p.project_name FROM sessions p WHERE p.id = s.parent_session_id), s.project_name, '(unknown)'),
  s.parent_session_id IS NOT NULL, sum(u.input_tokens), sum(u.output_tokens), sum(u.cache_write_tokens),
  sum(u.cache_read_tokens), sum(u.tokens), sum(u.stored_cost), sum(u.unpriced_rows), sum(u.unpriced_input),
  sum(u.unpriced_output), sum(u.unpriced_cache_write), sum(u.unpriced_cache_write_1h), sum(u.unpriced_cache_read)
FROM usage_rollup u JOIN sessions s ON s.id = u.session_id
WHERE ${where}
GROUP BY 1, 2, 3, 4, 5`;

// The hours to sum again are gathered in a temporary table: those of the touched sessions' rows before
// and after their refresh, and of their subagents' rows, whose project is the parent's and may have
// changed with it. NO_TIME stands for the rows without a time, so that the key is never NULL (no
// quarter / 4 can be that low).
const NO_TIME = '-9223372036854775807';
const HOURS = 'CREATE TEMP TABLE IF NOT EXISTS usage_hours (hour INTEGER PRIMARY KEY)';
const HOURS_OF = `INSERT OR IGNORE INTO temp.usage_hours
  SELECT DISTINCT coalesce(quarter / 4, ${NO_TIME}) FROM usage_rollup WHERE session_id = ?`;
const HOURS_OF_SUBAGENTS = `INSERT OR IGNORE INTO temp.usage_hours
  SELECT DISTINCT coalesce(u.quarter / 4, ${NO_TIME}) FROM sessions c JOIN usage_rollup u ON u.session_id = c.id
  WHERE c.parent_session_id = ?`;
const CLEAR_HOURS = `DELETE FROM usage_hourly
  WHERE hour IN (SELECT hour FROM temp.usage_hours) OR (hour IS NULL AND EXISTS (SELECT 1 FROM temp.usage_hours WHERE hour = ${NO_TIME}))`;
// quarter / 4 rounds toward zero, so the range is widened by one hour below zero and the division settles it.
// CROSS JOIN keeps the noted hours outside: left to itself the planner scanned all of usage_rollup at
// every file's commit (10-20 ms of CPU on the bench's 71 k rows, 1 ms read by the hours).
export const FILL_HOURS = hourlyFill(
  'u.quarter > h.hour * 4 - 4 AND u.quarter < h.hour * 4 + 4 AND u.quarter / 4 = h.hour',
).replace('FROM usage_rollup u', 'FROM temp.usage_hours h CROSS JOIN usage_rollup u');
const FILL_TIMELESS = hourlyFill(
  `u.quarter IS NULL AND EXISTS (SELECT 1 FROM temp.usage_hours WHERE hour = ${NO_TIME})`,
);

// usage_hour_model's sums of the usage_hourly rows in `where` (`u`).
const hourModelFill = (where: string) => `
INSERT INTO usage_hour_model (hour, model, source, input_tokens, output_tokens, cache_write_tokens,
  cache_read_tokens, tokens, stored_cost, unpriced_rows, unpriced_input, unpriced_output, unpriced_cache_write,
  unpriced_cache_write_1h, unpriced_cache_read)
SELECT u.hour, u.model, u.source, sum(u.input_tokens), sum(u.output_tokens), sum(u.cache_write_tokens),
  sum(u.cache_read_tokens), sum(u.tokens), sum(u.stored_cost), sum(u.unpriced_rows), sum(u.unpriced_input),
  sum(u.unpriced_output), sum(u.unpriced_cache_write), sum(u.unpriced_cache_write_1h), sum(u.unpriced_cache_read)
FROM usage_hourly u
WHERE ${where}
GROUP BY 1, 2, 3`;
// The noted hours of usage_hour_model, cleared and summed again from usage_hourly's (refilled first).
const CLEAR_HOUR_MODELS = CLEAR_HOURS.replace('usage_hourly', 'usage_hour_model');
const FILL_HOUR_MODELS = hourModelFill('u.hour IN (SELECT hour FROM temp.usage_hours)');
const FILL_TIMELESS_MODELS = hourModelFill(
  `u.hour IS NULL AND EXISTS (SELECT 1 FROM temp.usage_hours WHERE hour = ${NO_TIME})`,
);

type Statement = Database.Statement<unknown[]>;
interface Statements {
  clear: Statement;
  fill: Statement;
  hoursOf: Statement;
  hoursOfSubagents: Statement;
  clearHours: Statement;
  fillHours: Statement;
  fillTimeless: Statement;
  clearHourModels: Statement;
  fillHourModels: Statement;
  fillTimelessModels: Statement;
  forgetHours: Statement;
}
const statements = new WeakMap<Db, Statements>();

// The temporary table is made on each call: made inside a transaction that then rolled back, it
// would be gone (the statements prepared on it are prepared again when it is back).
function statementsOf(db: Db): Statements {
  db.exec(HOURS);
  let s = statements.get(db);
  if (!s) {
    s = {
      clear: db.prepare('DELETE FROM usage_rollup WHERE session_id = ?'),
      fill: db.prepare(FILL),
      hoursOf: db.prepare(HOURS_OF),
      hoursOfSubagents: db.prepare(HOURS_OF_SUBAGENTS),
      clearHours: db.prepare(CLEAR_HOURS),
      fillHours: db.prepare(FILL_HOURS),
      fillTimeless: db.prepare(FILL_TIMELESS),
      clearHourModels: db.prepare(CLEAR_HOUR_MODELS),
      fillHourModels: db.prepare(FILL_HOUR_MODELS),
      fillTimelessModels: db.prepare(FILL_TIMELESS_MODELS),
      forgetHours: db.prepare('DELETE FROM temp.usage_hours'),
    };
    statements.set(db, s);
  }
  return s;
}

/** Sums usage_hourly's noted hours again from usage_rollup, then usage_hour_model's from usage_hourly, and forgets them. */
function refillHours(s: Statements): void {
  s.clearHours.run();
  s.fillHours.run();
  s.fillTimeless.run();
  s.clearHourModels.run();
  s.fillHourModels.run();
  s.fillTimelessModels.run();
  s.forgetHours.run();
}

/**
 * Sums these sessions' messages again, replacing their roll-up rows. The writer calls it inside a
 * file's transaction for every session the file touched, so the roll-up commits with the rows.
 */
export function refreshRollups(db: Db, sessionIds: Iterable<string>): void {
  const s = statementsOf(db);
  const ids = [...sessionIds];
  if (ids.length === 0) return;
  for (const id of ids) s.hoursOf.run(id);
  for (const id of ids) {
    s.clear.run(id);
    s.fill.run(id);
    s.hoursOf.run(id);
    s.hoursOfSubagents.run(id);
  }
  refillHours(s);
}

/**
 * Deletes these sessions' usage_rollup rows and sums usage_hourly's hours of them again: for prune,
 * which deletes whole sessions with their subagents.
 */
export function dropRollups(db: Db, sessionIds: Iterable<string>): void {
  const s = statementsOf(db);
  for (const id of sessionIds) {
    s.hoursOf.run(id);
    s.clear.run(id);
  }
  refillHours(s);
}

/**
 * Sums every session's rows again, replacing the whole roll-up, and counts the tool roll-ups again:
 * for rows written past the writer (the bench's report database copies its rows with SQL).
 */
export function rebuildRollups(db: Db): void {
  db.transaction(() => {
    db.exec('DELETE FROM usage_rollup');
    db.exec(FILL_ALL);
    db.exec('DELETE FROM usage_hourly');
    db.exec(hourlyFill('TRUE'));
    db.exec('DELETE FROM usage_hour_model');
    db.exec(hourModelFill('TRUE'));
    refillToolRollups(db);
  })();
}
