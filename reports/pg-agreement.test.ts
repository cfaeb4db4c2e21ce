// Every report, the digest and `sql` on a team PostgreSQL give what they give on the SQLite file that was pushed there.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../import/run.js';
import { type Db, openDb } from '../schema/open-db.js';
import { connectPg } from '../sync/pg-connect.js';
import { push } from '../sync/push.js';
import { type PgServer, pgSkipReason, startPgServer } from '../test/pg-server.js';
import { buildDigest } from './digest.js';
import { openPgReportDb, type PgReportDb } from './pg-report-db.js';
import { PriceBook, SHIPPED_PRICES } from './pricing.js';
import { reports } from './registry.js';
import { defaultParams, runReport, runReportOn, type Row } from './run-report.js';
import { SqlError } from './run-sql.js';
import { runSqlPg } from './run-sql-pg.js';
import { registerReportFunctions } from './sql-functions.js';
import { buildWorld, T0 } from '../test/world.fixture.js';

const skip = pgSkipReason();
const DEMO = path.resolve(__dirname, '../fixtures/demo/claude/projects');

/** Equal rows, numbers equal to 1e-9 relative (sums of float costs add up in another order). */
function expectSameRows(pgRows: Row[], liteRows: Row[], what: string): void {
  expect(pgRows.length, what).toBe(liteRows.length);
  liteRows.forEach((lite, i) => {
    const row = pgRows[i]!;
    expect(Object.keys(row), what).toEqual(Object.keys(lite));
    for (const [k, v] of Object.entries(lite)) {
      const got = row[k];
      if (typeof v === 'number' && typeof got === 'number' && !Number.isInteger(v)) {
        expect(Math.abs(got - v), `${what} row ${i} ${k}`).toBeLessThanOrEqual(Math.abs(v) * 1e-9);
      } else {
        expect(got, `${what} row ${i} ${k}`).toEqual(v);
      }
    }
  });
}

describe.skipIf(!!skip)(`reports on PostgreSQL${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let server: PgServer;
  let dir: string;
  let db: Db;
  let team: PgReportDb;
  let teamA: PgReportDb;

  beforeAll(async () => {
    server = await startPgServer();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-pg-agree-'));
    db = openDb(path.join(dir, 'local.db'));
    buildWorld(db);
    await runImport(db, { paths: [DEMO] });
    registerReportFunctions(db, new PriceBook({ ...SHIPPED_PRICES }));
    const url = await server.createDatabase('agree');
    const client = await connectPg(url);
    await push(db, client, { url, machine: 'laptop-a' });
    await client.end();
    // The config dir holds no pricing.json: both sides price with the shipped table.
    const env = { ...process.env, XDG_CONFIG_HOME: path.join(dir, 'config'), HOME: dir };
    team = await openPgReportDb(url, { env });
    teamA = await openPgReportDb(url, { env, machine: 'laptop-a' });
  });

  afterAll(async () => {
    await team?.close();
    await teamA?.close();
    db?.close();
    server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const variants = [
    {},
    { tz: 'Asia/Tokyo' },
    { tz: 'America/New_York', since: T0 - 86_400_000, until: T0 + 2 * 86_400_000 },
    { project: 'alpha' },
    { source: 'claude-code', subagents: 0 as const },
    { model: 'claude-sonnet-4' },
    { limit: 2 },
  ];

  it('gives every report the same rows for every --by and filter', async () => {
    let compared = 0;
    for (const report of reports) {
      for (const by of report.option?.choices ?? [null]) {
        for (const v of variants) {
          const p = defaultParams({ by, ...v });
          const lite = runReport(db, report, p).rows;
          const remote = (await runReportOn(team, report, p)).rows;
          const filtered = (await runReportOn(teamA, report, p)).rows;
          if (by === 'machine') {
            // The one machine under its pushed name on the server, this host's name locally.
            expectSameRows(
              remote.map((r) => ({ ...r, machine: 'x' })),
              lite.map((r) => ({ ...r, machine: 'x' })),
              `${report.name} --by machine ${JSON.stringify(v)}`,
            );
            if (remote.length > 0) expect(remote[0]!.machine).toBe('laptop-a');
          } else {
            expectSameRows(remote, lite, `${report.name} --by ${by} ${JSON.stringify(v)}`);
            expectSameRows(filtered, lite, `${report.name} --machine laptop-a --by ${by} ${JSON.stringify(v)}`);
          }
          if (lite.length > 0) compared++;
        }
      }
    }
    // Most combinations have rows: an empty comparison proves little.
    expect(compared).toBeGreaterThan(60);
  });

  it('gives the same digest', async () => {
    for (const tz of ['UTC', 'Asia/Tokyo']) {
      const p = { ...defaultParams({ tz }), since: T0 - 86_400_000, until: T0 + 3 * 86_400_000 };
      const lite = JSON.parse(JSON.stringify(await buildDigest(db, p)));
      const remote = JSON.parse(JSON.stringify(await buildDigest(team, p)));
      expect(remote.totals.tool_calls).toBeGreaterThan(0);
      expect(Math.abs((remote.totals.cost ?? 0) - (lite.totals.cost ?? 0))).toBeLessThan(1e-9);
      const round = (d: { totals: { cost: number | null }; previous: { cost: number | null } }) => ({
        ...d,
        totals: { ...d.totals, cost: d.totals.cost === null ? null : Number(d.totals.cost.toFixed(9)) },
        previous: { ...d.previous, cost: d.previous.cost === null ? null : Number(d.previous.cost.toFixed(9)) },
      });
      const roundNotable = (d: any) => {
        for (const k of Object.keys(d.notable)) d.notable[k].value = Number(d.notable[k].value.toFixed(9));
        for (const r of d.projects) if (typeof r.cost === 'number') r.cost = Number(r.cost.toFixed(9));
        return d;
      };
      expect(roundNotable(round(remote))).toEqual(roundNotable(round(lite)));
    }
  });

  it('a machine that pushed nothing has no rows', async () => {
    const other = await openPgReportDb(team.url, { machine: 'nobody-here', env: { HOME: dir } });
    try {
      for (const report of reports) expect((await runReportOn(other, report, defaultParams())).rows).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('runs sql read-only: reads work, writes and a second statement are refused', async () => {
    const n = (db.prepare('SELECT count(*) AS n FROM tools').get() as { n: number }).n;
    expect((await runSqlPg(team.client, 'SELECT count(*) AS n FROM tools')).rows).toEqual([{ n }]);
    for (const sql of [
      'DELETE FROM tools',
      "UPDATE sessions SET title = 'x'",
      'CREATE TABLE evil (x int)',
      'DROP TABLE tools',
      'SELECT 1; COMMIT; DELETE FROM tools',
      "SELECT set_config('transaction_read_only', 'off', false)",
    ]) {
      await expect(runSqlPg(team.client, sql), sql).rejects.toThrow(SqlError);
    }
    expect((await runSqlPg(team.client, 'SELECT count(*) AS n FROM tools')).rows).toEqual([{ n }]);
    expect((await runSqlPg(team.client, "SELECT pg_temp.model_family('claude-sonnet-4-20250514') AS f")).rows).toEqual([
      { f: 'claude-sonnet-4' },
    ]);
  });
});

describe.skipIf(!!skip)(`the PostgreSQL copies of the report functions${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let server: PgServer;
  let team: PgReportDb;
  beforeAll(async () => {
    server = await startPgServer();
    const url = await server.createDatabase('functions');
    const client = await connectPg(url);
    const empty = openDb(':memory:');
    await push(empty, client, { url, machine: 'm' });
    empty.close();
    await client.end();
    team = await openPgReportDb(url, { env: { HOME: os.tmpdir(), XDG_CONFIG_HOME: path.join(os.tmpdir(), 'none') } });
  });
  afterAll(async () => {
    await team?.close();
    server?.stop();
  });

  it('classify errors as the importer does', async () => {
    const { errorKind } = await import('../schema/error-kind.js');
    const messages = [
      'Exit code 1\nnpm ERR! missing script',
      'Error: Exit code 127',
      '<tool_use_error>String to replace not found in file.</tool_use_error>',
      'Found 3 matches of the string to replace, but replace_all is false.',
      'File has not been read yet. Read it first before writing to it.',
      'File has been modified since read, either by the user or by a linter.',
      "The user doesn't want to proceed with this tool use.",
      '[Request interrupted by user for tool use]',
      "Claude requested permissions to use Bash, but you haven't granted it yet.",
      'EACCES: permission denied, open /etc/shadow',
      'Sibling tool call errored',
      'No such tool available: Foo',
      'File does not exist.',
      'EISDIR: illegal operation on a directory',
      'File content (300KB) exceeds maximum allowed size (256KB).',
      'Command timed out after 2m',
      'Request failed with status code 503',
      'InputValidationError: path is required',
      'connect ECONNREFUSED 127.0.0.1:80',
      '\n\n  something odd happened here  \nsecond line',
      'a literal backslash-n\\nsecond',
      `${'x'.repeat(80)}`,
      '<error></error>',
      '',
    ];
    for (const m of messages) {
      const res = await team.all('SELECT error_kind(:tool) AS k', { tool: m });
      expect(res[0]!.k, m).toBe(errorKind(m));
    }
  });

  it('take model families and local buckets as the JavaScript does', async () => {
    const { modelFamily } = await import('./pricing.js');
    const { bucketOf } = await import('./zoned-time.js');
    for (const m of ['claude-sonnet-4-20250514', 'us.anthropic.claude-3-5-haiku-20241022-v1:0', 'anthropic/claude-opus-4-1', 'claude-3-7-sonnet@20250219', 'claude-opus-4-5-latest', 'GPT-5']) {
      expect((await team.all('SELECT model_family(:tool) AS f', { tool: m }))[0]!.f, m).toBe(modelFamily(m));
    }
    for (const tz of ['UTC', 'Asia/Kolkata', 'America/New_York', 'Australia/Lord_Howe'])
      for (const unit of ['hour', 'day', 'week', 'month'] as const)
        for (const ms of [T0, Date.UTC(2026, 2, 8, 6, 59, 59), Date.UTC(2026, 10, 1, 5, 30), Date.UTC(2027, 0, 3, 23, 59)]) {
          const got = (await team.all(`SELECT local_bucket(:since, '${unit}', :tool) AS b`, { since: ms, tool: tz }))[0]!.b;
          expect(got, `${unit} ${tz} ${ms}`).toBe(bucketOf(ms, unit, tz));
        }
  });
});
