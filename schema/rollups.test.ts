// usage_rollup always holds the sums of its sessions' messages, usage_hourly the same sums without the
// session, and usage_hour_model without the project and subagent flag either: filled by their
// migrations, kept by the writer and prune.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWorld, TB } from '../test/world.fixture.js';
import { migrations } from './migrations.js';
import { type Db, openDb } from './open-db.js';
import { prune } from './prune.js';
import { FILL_HOURS, QUARTER_MS, rebuildRollups, refreshRollups } from './rollups.js';
import { Writer } from './writer.js';

const ORDER = 'ORDER BY session_id, model, quarter';
const rolled = (db: Db) => db.prepare(`SELECT * FROM usage_rollup ${ORDER}`).all();
/** The roll-up's rows as summed from the messages now. */
const summed = (db: Db) =>
  db
    .prepare(
      `SELECT session_id, model, created_at / ${QUARTER_MS} AS quarter, sum(prompt_tokens) AS input_tokens,
        sum(completion_tokens) AS output_tokens, sum(cache_write_tokens) AS cache_write_tokens,
        sum(cache_read_tokens) AS cache_read_tokens, sum(tokens) AS tokens, sum(cost) AS stored_cost,
        count(CASE WHEN cost IS NULL THEN 1 END) AS unpriced_rows,
        sum(CASE WHEN cost IS NULL THEN prompt_tokens END) AS unpriced_input,
        sum(CASE WHEN cost IS NULL THEN completion_tokens END) AS unpriced_output,
        sum(CASE WHEN cost IS NULL THEN cache_write_tokens END) AS unpriced_cache_write,
        sum(CASE WHEN cost IS NULL THEN cache_write_1h_tokens END) AS unpriced_cache_write_1h,
        sum(CASE WHEN cost IS NULL THEN cache_read_tokens END) AS unpriced_cache_read
      FROM messages WHERE tokens IS NOT NULL GROUP BY session_id, model, created_at / ${QUARTER_MS} ${ORDER}`,
    )
    .all();

const HOURLY_ORDER = 'ORDER BY hour, model, source, project, subagent';
const hourly = (db: Db) => db.prepare(`SELECT * FROM usage_hourly ${HOURLY_ORDER}`).all();
/** The token and cost sums of usage_hourly and usage_hour_model, over messages m. */
const SUMS = `sum(m.prompt_tokens) AS input_tokens, sum(m.completion_tokens) AS output_tokens,
  sum(m.cache_write_tokens) AS cache_write_tokens, sum(m.cache_read_tokens) AS cache_read_tokens,
  sum(m.tokens) AS tokens, sum(m.cost) AS stored_cost, count(CASE WHEN m.cost IS NULL THEN 1 END) AS unpriced_rows,
  sum(CASE WHEN m.cost IS NULL THEN m.prompt_tokens END) AS unpriced_input,
  sum(CASE WHEN m.cost IS NULL THEN m.completion_tokens END) AS unpriced_output,
  sum(CASE WHEN m.cost IS NULL THEN m.cache_write_tokens END) AS unpriced_cache_write,
  sum(CASE WHEN m.cost IS NULL THEN m.cache_write_1h_tokens END) AS unpriced_cache_write_1h,
  sum(CASE WHEN m.cost IS NULL THEN m.cache_read_tokens END) AS unpriced_cache_read`;
/** usage_hourly's rows as summed from the messages and their sessions now (a subagent counts under its parent's project). */
const hourlySummed = (db: Db) =>
  db
    .prepare(
      `SELECT m.created_at / ${QUARTER_MS} / 4 AS hour, m.model, s.source,
        coalesce((SELECT p.project_name FROM sessions p WHERE p.id = s.parent_session_id), s.project_name, '(unknown)') AS project,
        s.parent_session_id IS NOT NULL AS subagent,
        ${SUMS}
      FROM messages m JOIN sessions s ON s.id = m.session_id WHERE m.tokens IS NOT NULL
      GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
    )
    .all();
const HOUR_MODEL_ORDER = 'ORDER BY hour, model, source';
const hourModels = (db: Db) => db.prepare(`SELECT * FROM usage_hour_model ${HOUR_MODEL_ORDER}`).all();
/** usage_hour_model's rows as summed from the messages and their sessions now. */
const hourModelsSummed = (db: Db) =>
  db
    .prepare(
      `SELECT m.created_at / ${QUARTER_MS} / 4 AS hour, m.model, s.source,
        ${SUMS}
      FROM messages m JOIN sessions s ON s.id = m.session_id WHERE m.tokens IS NOT NULL
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    )
    .all();
/** The three roll-ups equal what the messages sum to now. */
const exact = (db: Db) => {
  expect(rolled(db)).toEqual(summed(db));
  expect(hourly(db)).toEqual(hourlySummed(db));
  expect(hourModels(db)).toEqual(hourModelsSummed(db));
};

const T = Date.UTC(2026, 10, 20, 9, 0);
const message = (id: string, session_id: string, at: number | undefined, tokens: number, more: object = {}) => ({
  kind: 'message' as const,
  id,
  session_id,
  source: 'opencode',
  role: 'assistant' as const,
  is_sidechain: false,
  model: 'gpt-5',
  prompt_tokens: tokens,
  completion_tokens: 2 * tokens,
  cache_read_tokens: 0,
  cache_write_tokens: 0,
  ...(at === undefined ? {} : { created_at: at }),
  ...more,
});

describe('usage_rollup', () => {
  it('follows every file the writer commits: new rows, a larger usage, a model and a cost filled in later', () => {
    const db = openDb(':memory:');
    const w = new Writer(db);
    const file = (records: object[]) => {
      w.begin();
      for (const r of records) w.write(r as never);
      w.commit(null);
    };
    const session = (id: string) => ({ kind: 'session', id, source: 'opencode', created_at: T, updated_at: T });
    file([
      session('a'),
      session('b'),
      message('a1', 'a', T, 10),
      message('a2', 'a', T + QUARTER_MS - 1, 20),
      message('b1', 'b', T + QUARTER_MS, 30, { model: undefined }),
      message('b2', 'b', undefined, 5),
    ]);
    expect(rolled(db)).toHaveLength(3);
    expect(hourly(db)).toHaveLength(3);
    exact(db);
    // The next file: a response seen again with its final usage, a model and a cost now known, a new quarter.
    file([
      message('a2', 'a', T + QUARTER_MS - 1, 25),
      message('b1', 'b', T + QUARTER_MS, 30, { cost: 0.5 }),
      message('a3', 'a', T + 2 * QUARTER_MS, 1),
    ]);
    exact(db);
    const first = db.prepare(
      "SELECT input_tokens, unpriced_rows FROM usage_rollup WHERE session_id = 'a' AND quarter = ?",
    );
    expect(first.get(T / QUARTER_MS)).toEqual({ input_tokens: 35, unpriced_rows: 2 });
    // A file that fails leaves the roll-up as it was.
    w.begin();
    w.write(message('a4', 'a', T, 1000) as never);
    w.rollback();
    exact(db);
    db.close();
  });

  it("moves a subagent's hours to its parent's project when the parent or its project comes in a later file, and a file written again changes nothing", () => {
    const db = openDb(':memory:');
    const w = new Writer(db);
    const file = (records: object[]) => {
      w.begin();
      for (const r of records) w.write(r as never);
      w.commit(null);
    };
    const session = (id: string, more: object = {}) => ({
      kind: 'session',
      id,
      source: 'opencode',
      created_at: T,
      ...more,
    });
    const sub = [
      session('p:sub', { parent_session_id: 'p', project_name: 'worktree' }),
      message('s1', 'p:sub', T + 5 * 60_000, 10),
      message('s2', 'p:sub', T + 3 * 3600_000, 20),
    ];
    file(sub);
    exact(db);
    expect(db.prepare('SELECT DISTINCT project FROM usage_hourly').pluck().all()).toEqual(['worktree']);
    file([session('p'), message('p1', 'p', T + 10 * 60_000, 5)]);
    exact(db);
    file([session('p', { project_name: 'main', project_path: '/w/main' })]);
    exact(db);
    expect(db.prepare('SELECT DISTINCT project FROM usage_hourly ORDER BY 1').pluck().all()).toEqual(['main']);
    const before = hourly(db);
    file(sub);
    expect(hourly(db)).toEqual(before);
    db.close();
  });

  it("refills the noted hours by reading usage_rollup's rows of those hours, not all of them", () => {
    const db = openDb(':memory:');
    refreshRollups(db, []); // makes the temporary table of noted hours
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN ${FILL_HOURS}`)
      .all()
      .map((r) => (r as { detail: string }).detail);
    expect(plan).toContain('SEARCH u USING COVERING INDEX usage_rollup_time (quarter>? AND quarter<?)');
    expect(plan.filter((d) => d.startsWith('SCAN u'))).toEqual([]);
    db.close();
  });

  it('keeps working after the transaction that first made its temporary table rolled back', () => {
    const db = openDb(':memory:');
    expect(() =>
      db.transaction(() => {
        refreshRollups(db, ['none']);
        throw new Error('rolled back');
      })(),
    ).toThrow('rolled back');
    const w = new Writer(db);
    w.begin();
    w.write({ kind: 'session', id: 'a', source: 'opencode', created_at: T } as never);
    w.write(message('a1', 'a', T, 10) as never);
    w.commit(null);
    expect(hourly(db)).toHaveLength(1);
    exact(db);
    db.close();
  });

  it('loses the rows of pruned sessions and keeps the others', () => {
    const db = openDb(':memory:');
    buildWorld(db);
    const before = rolled(db);
    expect(before.length).toBeGreaterThan(0);
    expect(before).toEqual(summed(db));
    const hourlyBefore = hourly(db);
    expect(hourlyBefore).toEqual(hourlySummed(db));
    const hourModelsBefore = hourModels(db);
    prune(db, TB, false);
    exact(db);
    expect(rolled(db).length).toBeLessThan(before.length);
    expect(hourly(db).length).toBeLessThan(hourlyBefore.length);
    expect(hourModels(db).length).toBeLessThan(hourModelsBefore.length);
    db.close();
  });

  it('is summed again whole over rows written past the writer', () => {
    const db = openDb(':memory:');
    buildWorld(db);
    const kept = rolled(db);
    db.exec('DELETE FROM usage_rollup');
    db.exec('DELETE FROM usage_hourly');
    db.exec('DELETE FROM usage_hour_model');
    db.exec('UPDATE messages SET prompt_tokens = prompt_tokens + 1 WHERE tokens IS NOT NULL');
    rebuildRollups(db);
    exact(db);
    expect(rolled(db)).toHaveLength(kept.length);
    expect(rolled(db)).not.toEqual(kept);
    db.close();
  });

  describe('from a database written before it (schema 001)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-rollup-'));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('is filled by its migration with the sums of the messages already there', () => {
      const file = path.join(dir, 'old.db');
      fs.copyFileSync(path.resolve(__dirname, '../fixtures/schema-001/agentlog.db'), file);
      const old = openDb(file, { migrations: migrations.filter((m) => m.name !== '007_usage_rollup') });
      expect(
        (old.prepare('SELECT count(*) AS n FROM messages WHERE tokens IS NOT NULL').get() as { n: number }).n,
      ).toBeGreaterThan(0);
      old.close();
      const db = openDb(file);
      expect(rolled(db).length).toBeGreaterThan(0);
      expect(hourly(db).length).toBeGreaterThan(0);
      exact(db);
      db.close();
    });

    it('gets usage_hour_model from step 017, summed from usage_hourly', () => {
      const file = path.join(dir, 'before-017.db');
      fs.copyFileSync(path.resolve(__dirname, '../fixtures/schema-001/agentlog.db'), file);
      openDb(file, { migrations: migrations.filter((m) => m.name !== '017_usage_order') }).close();
      const db = openDb(file);
      expect(hourModels(db).length).toBeGreaterThan(0);
      exact(db);
      db.close();
    });
  });
});
