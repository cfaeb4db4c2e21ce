// Every finding, `insights`, `--explain` and the digest's "What to change" on a team PostgreSQL give what they give on the SQLite file pushed there.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../import/run.js';
import { type Db, openDb } from '../../schema/open-db.js';
import { connectPg } from '../../sync/pg-connect.js';
import { push } from '../../sync/push.js';
import { addLaterFindings, addPermissionPrompts, buildInsightsWorld, MIN, T0 } from '../../test/insights-world.fixture.js';
import { type PgServer, pgSkipReason, startPgServer } from '../../test/pg-server.js';
import { buildWorld } from '../../test/world.fixture.js';
import { buildDigest } from '../digest.js';
import { projectOf } from '../filters.js';
import { toPgQuery } from '../pg-dialect.js';
import { openPgReportDb, type PgReportDb } from '../pg-report-db.js';
import { PriceBook, SHIPPED_PRICES } from '../pricing.js';
import type { ReportParams } from '../report.js';
import { defaultParams } from '../run-report.js';
import { runSqlPg } from '../run-sql-pg.js';
import { registerReportFunctions } from '../sql-functions.js';
import { explainPgSql, explainTextPg } from './explain.js';
import { findings } from './registry.js';
import { findingHits, findingHitsOn, type InsightOptions, runInsights, runInsightsOn } from './run-insights.js';

const skip = pgSkipReason();
const SAMPLES = path.resolve(__dirname, '../../fixtures/samples');
const OPENCODE_DB = path.join(SAMPLES, 'opencode/opencode-1.18.33-sqlite/opencode.db');
const CLI = path.resolve(__dirname, '../../dist/bin/agentlog.js');

/** Equal values, costs equal to 1e-9 relative (PostgreSQL may add float costs up in another order). */
function expectSame(remote: unknown, lite: unknown, what: string): void {
  if (typeof lite === 'number' && typeof remote === 'number' && !Number.isInteger(lite)) {
    expect(Math.abs(remote - lite), what).toBeLessThanOrEqual(Math.abs(lite) * 1e-9);
  } else if (Array.isArray(lite) && Array.isArray(remote)) {
    expect(remote.length, what).toBe(lite.length);
    lite.forEach((v, i) => expectSame(remote[i], v, `${what}[${i}]`));
  } else if (lite !== null && typeof lite === 'object' && remote !== null && typeof remote === 'object') {
    expect(Object.keys(remote), what).toEqual(Object.keys(lite));
    for (const [k, v] of Object.entries(lite)) expectSame((remote as Record<string, unknown>)[k], v, `${what}.${k}`);
  } else {
    expect(remote, what).toEqual(lite);
  }
}

describe.skipIf(!!skip)(`insights on PostgreSQL${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let server: PgServer;
  let dir: string;
  let url: string;
  let db: Db;
  let team: PgReportDb;
  let teamA: PgReportDb;

  beforeAll(async () => {
    server = await startPgServer();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-insights-pg-'));
    db = openDb(path.join(dir, 'local.db'));
    // The hand-made world (a hit of every finding) and the real samples of Claude Code and OpenCode.
    buildInsightsWorld(db);
    addLaterFindings(db);
    addPermissionPrompts(db);
    const oc = path.join(dir, 'opencode', 'opencode.db');
    fs.mkdirSync(path.dirname(oc));
    fs.copyFileSync(OPENCODE_DB, oc);
    await runImport(db, { paths: [path.join(SAMPLES, 'claude'), oc], env: {} });
    registerReportFunctions(db, new PriceBook({ ...SHIPPED_PRICES }));
    url = await server.createDatabase('insights');
    const client = await connectPg(url);
    await push(db, client, { url, machine: 'laptop-a' });
    await client.end();
    // The config dir holds no pricing.json: both sides price with the shipped table.
    const env = { ...process.env, XDG_CONFIG_HOME: path.join(dir, 'config'), HOME: dir };
    team = await openPgReportDb(url, { env });
    teamA = await openPgReportDb(url, { env, machine: 'laptop-a' });
  }, 120_000);

  afterAll(async () => {
    await team?.close();
    await teamA?.close();
    db?.close();
    server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const variants: Partial<ReportParams>[] = [
    {},
    { since: T0, until: T0 + 180 * MIN },
    { since: T0 + 180 * MIN },
    { project: 'alpha' },
    { source: 'opencode' },
    { source: 'claude-code', subagents: 0 },
    { model: 'claude-sonnet-4' },
  ];

  it('gives every finding the same hits for every filter, with and without --machine', async () => {
    let compared = 0;
    for (const f of findings) {
      for (const v of variants) {
        const p = defaultParams(v);
        const lite = findingHits(db, f, p);
        const what = `${f.id} ${JSON.stringify(v)}`;
        expectSame(await findingHitsOn(team, f, p), lite, what);
        expectSame(await findingHitsOn(teamA, f, p), lite, `${what} --machine laptop-a`);
        if (lite.length > 0) compared++;
      }
      // Each finding has hits on this data: a comparison of nothing proves little.
      expect((await findingHitsOn(team, f, defaultParams())).length, f.id).toBeGreaterThan(0);
    }
    expect(compared).toBeGreaterThan(findings.length * 3);
  });

  it('ranks, counts and trends the findings the same', async () => {
    const cases: [Partial<ReportParams>, Partial<InsightOptions>][] = [
      [{}, {}],
      [{}, { minHits: 1, limit: 3 }],
      [{ since: T0 + 120 * MIN, until: T0 + 300 * MIN }, { minHits: 2 }],
      [{ project: 'alpha' }, { only: ['edit-before-read', 'subagent-cost', 'cache-rebuild-after-pause'], minHits: 1 }],
    ];
    for (const [v, o] of cases) {
      const p = defaultParams(v);
      const opts: InsightOptions = { minHits: 3, limit: -1, only: null, now: T0 + 24 * 60 * MIN, ...o };
      const lite = runInsights(db, findings, p, opts);
      expect(lite.length).toBeGreaterThan(0);
      expectSame(await runInsightsOn(team, findings, p, opts), lite, JSON.stringify([v, o]));
    }
  });

  it('gives the digest the same What to change', async () => {
    const p = { ...defaultParams(), since: T0 - 60 * MIN, until: T0 + 24 * 60 * MIN };
    const lite = await buildDigest(db, p);
    expect(lite.changes.length).toBeGreaterThan(0);
    expectSame((await buildDigest(team, p)).changes, lite.changes, 'digest changes');
    expectSame((await buildDigest(teamA, p)).changes, lite.changes, 'digest changes --machine laptop-a');
  });

  it('--explain shows SQL that runs as is under `agentlog sql` there, with the same hits', async () => {
    const p = defaultParams({ since: T0, project: 'alpha' });
    for (const f of findings) {
      const sql = explainPgSql(f, p);
      expect(sql, f.id).not.toMatch(/\$\d/);
      const viaSql = (await runSqlPg(team.client, sql)).rows;
      expectSame(viaSql, await findingHitsOn(team, f, p), f.id);
      const text = await explainTextPg(team, f, p);
      expect(text).toContain('agentlog sql --db postgres://');
      expect(text).toContain('pg_temp.');
    }
  });

  it('--machine leaves out what another machine pushed', async () => {
    // laptop-a pushes the hand-made world, laptop-b the reports' world (other session ids).
    const both = await server.createDatabase('two-machines');
    const mine = openDb(':memory:');
    buildInsightsWorld(mine);
    addLaterFindings(mine);
    addPermissionPrompts(mine);
    registerReportFunctions(mine, new PriceBook({ ...SHIPPED_PRICES }));
    const theirs = openDb(':memory:');
    buildWorld(theirs);
    const client = await connectPg(both);
    await push(mine, client, { url: both, machine: 'laptop-a' });
    await push(theirs, client, { url: both, machine: 'laptop-b' });
    await client.end();
    theirs.close();
    const env = { ...process.env, XDG_CONFIG_HOME: path.join(dir, 'config'), HOME: dir };
    const a = await openPgReportDb(both, { env, machine: 'laptop-a' });
    const all = await openPgReportDb(both, { env });
    try {
      const sessions = async (t: PgReportDb) => Number((await t.all('SELECT count(*) AS n FROM sessions', {}))[0]!.n);
      expect(await sessions(all)).toBeGreaterThan(await sessions(a));
      for (const f of findings) {
        const p = defaultParams();
        expectSame(await findingHitsOn(a, f, p), findingHits(mine, f, p), `${f.id} --machine laptop-a`);
      }
      const opts: InsightOptions = { minHits: 2, limit: -1, only: null, now: T0 + 24 * 60 * MIN };
      expectSame(
        await runInsightsOn(a, findings, defaultParams(), opts),
        runInsights(mine, findings, defaultParams(), opts),
        'insights --machine laptop-a',
      );
    } finally {
      mine.close();
      await a.close();
      await all.close();
    }
  });

  it("looks a subagent's parent up on its own machine when two machines pushed the same session ids", async () => {
    const twice = await server.createDatabase('same-ids');
    const mine = openDb(':memory:');
    buildInsightsWorld(mine);
    addLaterFindings(mine);
    addPermissionPrompts(mine);
    registerReportFunctions(mine, new PriceBook({ ...SHIPPED_PRICES }));
    const client = await connectPg(twice);
    try {
      for (const machine of ['laptop-a', 'laptop-b']) await push(mine, client, { url: twice, machine });
      // laptop-b's parents name other projects: each subagent must get its own machine's.
      await client.query("UPDATE sessions SET project_name = 'b-' || project_name WHERE machine = 'laptop-b'");
    } finally {
      await client.end();
    }
    const env = { ...process.env, XDG_CONFIG_HOME: path.join(dir, 'config'), HOME: dir };
    const all = await openPgReportDb(twice, { env });
    try {
      const subagents = `SELECT s.id AS id, ${projectOf('s')} AS project FROM sessions s WHERE s.parent_session_id IS NOT NULL`;
      const local = mine.prepare(subagents).all() as { id: string; project: string }[];
      expect(local.length).toBeGreaterThan(0);
      const byKey = (r: { machine?: string; id: string }) => `${r.machine}/${r.id}`;
      const remote = (await all.all(subagents.replace('s.id AS id', 's.machine AS machine, s.id AS id'), {})).sort(
        (x, y) => byKey(x as { id: string }).localeCompare(byKey(y as { id: string })),
      );
      const expected = [
        ...local.map((r) => ({ machine: 'laptop-a', ...r })),
        ...local.map((r) => ({ machine: 'laptop-b', id: r.id, project: `b-${r.project}` })),
      ].sort((x, y) => byKey(x).localeCompare(byKey(y)));
      expect(remote).toEqual(expected);
      const opts: InsightOptions = { minHits: 2, limit: -1, only: null, now: T0 + 24 * 60 * MIN };
      expect((await runInsightsOn(all, findings, defaultParams(), opts)).length).toBeGreaterThan(0);
    } finally {
      mine.close();
      await all.close();
    }
  });

  it('a machine that pushed nothing has no hits', async () => {
    const other = await openPgReportDb(url, { machine: 'nobody-here', env: { HOME: dir } });
    try {
      for (const f of findings) expect(await findingHitsOn(other, f, defaultParams()), f.id).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('translates what SQLite reads differently: quoted parameters, LIKE, typed thresholds, JSON', async () => {
    const q = toPgQuery("SELECT ':x' AS a, :x AS b -- not :y\n, :n / :d AS c", { x: "it's", n: 7, d: 2 });
    expect(q.values).toEqual(["it's", 7, 2]);
    const row = (sql: string, params: object = {}) => team.all(sql, params).then((r) => r[0]);
    expect(
      await row("SELECT ':x' AS a, :x AS b -- not :y\n, :n / :d AS c, :h * 2 AS e", { x: 'v', n: 7, d: 2, h: 0.5 }),
    ).toEqual({ a: ':x', b: 'v', c: 3, e: 1 });
    expect(await row("SELECT 'NPM Warn x' LIKE 'npm warn%' AS a, 'ab' NOT LIKE 'A%' AS b")).toEqual({
      a: true,
      b: false,
    });
    const json = `SELECT json_valid(:x) AS v, json_extract(:x, '$.command') AS c, json_extract(:x, '$.a.b') AS ab`;
    expect(await row(json, { x: '{"command":"ls -l","a":{"b":2}}' })).toEqual({ v: true, c: 'ls -l', ab: '2' });
    expect(await row(json, { x: 'not json {' })).toEqual({ v: false, c: null, ab: null });
    expect(await row(json, { x: null })).toEqual({ v: null, c: null, ab: null });
    // Array paths, as shell-command.ts reads Codex's argument lists: the same values as SQLite's.
    const arrays = `SELECT json_extract(:x, '$.command[1]') AS c1, json_extract(:x, '$.command[2]') AS c2,
      json_extract(:x, '$.a.b[1].c') AS abc, json_extract(:x, '$.command[5]') AS none, json_extract(:x, '$.a.b[0]') AS b0`;
    const doc = { x: '{"command":["bash","-lc","npm test"],"a":{"b":[1,{"c":"d"}]}}' };
    expect(await row(arrays, doc)).toEqual({ c1: '-lc', c2: 'npm test', abc: 'd', none: null, b0: '1' });
    expect(db.prepare(arrays).get(doc)).toEqual({ c1: '-lc', c2: 'npm test', abc: 'd', none: null, b0: 1 });
  });

  it('`agentlog insights --db postgres://…` prints the same findings as on the local file', () => {
    if (!fs.existsSync(CLI)) throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
    const env = { PATH: process.env.PATH ?? '', HOME: dir, XDG_CONFIG_HOME: path.join(dir, 'config'), TZ: 'UTC' };
    const period = ['--since', '2026-11-01', '--until', '2026-12-01', '--min-hits', '2', '--format', 'json'];
    const run = (args: string[]) => spawnSync(process.execPath, [CLI, 'insights', ...args], { encoding: 'utf8', env });
    const local = run(['--db', path.join(dir, 'local.db'), ...period]);
    const remote = run(['--db', url, '--machine', 'laptop-a', ...period]);
    // OpenCode's mock-model has no list price: both warn about it once, the same way.
    expect(local.stderr).toContain('no price for model mock-model');
    expect(remote.stderr).toBe(local.stderr);
    expect(remote.status).toBe(0);
    expectSame(JSON.parse(remote.stdout), JSON.parse(local.stdout), 'insights --format json');
    const digest = (db: string) =>
      spawnSync(process.execPath, [CLI, 'digest', '--db', db, ...period.slice(0, 4), '--format', 'json'], {
        encoding: 'utf8',
        env,
      });
    const localDigest = JSON.parse(digest(path.join(dir, 'local.db')).stdout) as { changes: { id: string }[] };
    const remoteDigest = JSON.parse(digest(url).stdout) as { changes: { id: string }[] };
    expect(localDigest.changes.length).toBeGreaterThan(0);
    expectSame(remoteDigest.changes, localDigest.changes, 'digest --format json changes');
    // The SQL --explain prints there runs under `agentlog sql` there, giving the hits it counts.
    const explained = run(['--db', url, ...period.slice(0, 4), '--explain', 'edit-before-read']);
    expect(explained.status).toBe(0);
    const sql = explained.stdout
      .split('runs as is with `agentlog sql --db postgres://…`):\n')[1]!
      .split('\n\nHits in')[0]!;
    const q = spawnSync(process.execPath, [CLI, 'sql', '--db', url, '--format', 'json', sql], {
      encoding: 'utf8',
      env,
    });
    expect(q.stderr).toBe('');
    const hits = Number(/Hits in the period: (\d+)/.exec(explained.stdout)![1]);
    expect(hits).toBeGreaterThan(0);
    expect((JSON.parse(q.stdout) as unknown[]).length).toBe(hits);
  });
});
