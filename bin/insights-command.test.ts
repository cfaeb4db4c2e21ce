// `agentlog insights` as users run it: a built agentlog on a hand-made database in a temporary home.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../schema/open-db.js';
import { buildInsightsWorld } from '../test/insights-world.fixture.js';

const CLI = path.resolve(__dirname, '..', 'dist/bin/agentlog.js');
const h = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-insights-home-'));
const db = path.join(h, 'agentlog.db');
const env = { PATH: process.env.PATH ?? '', HOME: h, XDG_CONFIG_HOME: path.join(h, 'config'), TZ: 'UTC' };
const PERIOD = ['--since', '2026-11-01', '--until', '2026-12-01'];

beforeAll(() => {
  if (!fs.existsSync(CLI)) throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
  const w = openDb(db);
  buildInsightsWorld(w);
  w.close();
});
afterAll(() => fs.rmSync(h, { recursive: true, force: true }));

function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('agentlog insights', () => {
  it('prints the ranked findings in each format', () => {
    const json = run(['insights', '--db', db, ...PERIOD, '--min-hits', '2', '--format', 'json']);
    expect(json.code).toBe(0);
    const rows = JSON.parse(json.stdout) as { id: string; trend: string }[];
    expect(rows.map((r) => r.id)).toEqual([
      'cache-rebuild-after-pause',
      'hook-failures',
      'commit-blocked-by-checks',
      'repeated-failing-command',
      'edit-before-read',
      'command-not-found',
      'user-rejected-tool',
      'big-tool-output',
    ]);
    expect(rows.every((r) => r.trend === 'new')).toBe(true);
    const top = run(['insights', '--db', db, ...PERIOD, '--min-hits', '2', '--limit', '1', '--format', 'ndjson']);
    expect(JSON.parse(top.stdout).id).toBe('cache-rebuild-after-pause');
    const table = run(['insights', '--db', db, ...PERIOD]);
    expect(table.stdout).toContain('edit-before-read: 4 edits or writes failed');
    const md = run(['insights', '--db', db, ...PERIOD, '--only', 'edit-before-read', '--format', 'markdown']);
    expect(md.stdout).toContain('## edit-before-read:');
    expect(run(['insights', '--db', db, '--since', '2026-10-01', '--until', '2026-11-01']).stdout).toContain(
      'No findings for this period.',
    );
  });

  it('--explain prints SQL that agentlog sql runs as it is', () => {
    const r = run(['insights', '--db', db, ...PERIOD, '--explain', 'edit-before-read']);
    expect(r.code).toBe(0);
    const sql = r.stdout.split('runs as is with `agentlog sql`):\n')[1]!.split('\n\nHits in the period')[0]!;
    const q = run(['sql', '--db', db, '--format', 'json', sql]);
    expect(q.stderr).toBe('');
    expect((JSON.parse(q.stdout) as { subject: string }[]).map((x) => x.subject)).toEqual([
      '/work/alpha/a.ts',
      '/work/alpha/a.ts',
      '/work/alpha/b.ts',
      '/work/beta/c.ts',
    ]);
  });

  it('names the input and exits 2 on what the user can fix', () => {
    for (const [args, message] of [
      [['--explain', 'nope'], 'unknown finding "nope"'],
      [['--only', 'edit-before-read,nope'], '--only: unknown finding "nope"'],
      [['--min-hits', 'many'], '--min-hits "many" must be a whole number'],
      [['--since', 'last tuesday'], '--since "last tuesday"'],
      [['--machine', 'laptop-a'], '--machine filters a team database'],
    ] as const) {
      const r = run(['insights', '--db', db, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toContain('    at ');
    }
  });
});
