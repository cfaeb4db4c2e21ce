// The command as users run it: a built `agentlog` in a temporary home, config dir and data dir.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../schema/migrations.js';
import { openDb } from '../schema/open-db.js';
import { spawnEnv } from '../test/hermetic-env.js';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist/bin/agentlog.js');
const DEMO = path.join(ROOT, 'fixtures/demo/claude/projects');

beforeAll(() => {
  if (!fs.existsSync(CLI)) throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
});

const homes: string[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) fs.rmSync(h, { recursive: true, force: true });
});

function home() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-home-'));
  homes.push(dir);
  return dir;
}

function run(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    // The test's own HOME on top of the file's temporary one: never the real HOME, CLAUDE_CONFIG_DIR or AGENTLOG_DB.
    env: spawnEnv(env),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function copyDir(from: string, to: string) {
  fs.cpSync(from, to, { recursive: true });
}

describe('agentlog import', () => {
  it('imports ~/.claude/projects into the data directory by default, privately', () => {
    const h = home();
    copyDir(DEMO, path.join(h, '.claude/projects'));
    const r = run(['import', '--json'], { HOME: h, XDG_DATA_HOME: path.join(h, 'data') });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    const dbPath = path.join(h, 'data/agentlog/agentlog.db');
    expect(summary).toMatchObject({ database: dbPath, files: 11, imported: 11, failed: [] });
    expect(summary.added.sessions).toBeGreaterThan(5);
    expect(fs.statSync(dbPath).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(dbPath)).mode & 0o777).toBe(0o700);

    const again = run(['import'], { HOME: h, XDG_DATA_HOME: path.join(h, 'data') });
    expect(again.stdout).toMatch(/0 imported, 11 unchanged/);
  });

  it('reads every entry of a comma-separated CLAUDE_CONFIG_DIR, and AGENTLOG_DB', () => {
    const h = home();
    const [a, b] = [path.join(h, 'a'), path.join(h, 'b')];
    copyDir(path.join(DEMO, '-tmp-cc-harness-work-scratch'), path.join(a, 'projects/scratch'));
    copyDir(path.join(DEMO, '-tmp-cc-harness-work-demo-app'), path.join(b, 'projects/demo-app'));
    const db = path.join(h, 'custom.db');
    const r = run(['import', '--json'], { HOME: h, CLAUDE_CONFIG_DIR: `${a},${b}`, AGENTLOG_DB: db });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ database: db, files: 10 });
  });

  it('imports one project folder or one file given as PATH, with --db', () => {
    const h = home();
    const db = path.join(h, 'x.db');
    const file = path.join(DEMO, '-tmp-cc-harness-work-scratch/5f2cdad4-d731-413d-9905-ee9e7bf3a3fe.jsonl');
    const r = run(['import', '--db', db, file], { HOME: h });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Scanned 1 file .*1 imported/);
    expect(r.stdout).toMatch(/1 API error/);
    expect(r.stdout).toContain(`Database: ${db}`);
  });

  it('says where it looked when nothing is found, and exits 0', () => {
    const h = home();
    const r = run(['import'], { HOME: h, XDG_DATA_HOME: path.join(h, 'data') });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No transcripts found; no database was created. Looked in:');
    expect(r.stdout).toContain(path.join(h, '.claude/projects'));
    expect(r.stdout).toContain(path.join(h, '.config/claude/projects'));
  });

  it('reports bad lines with file:line but still succeeds; --quiet prints nothing', () => {
    const h = home();
    const edge = path.resolve(ROOT, 'fixtures/samples/claude/claude-code-log/edge_cases.jsonl');
    const r = run(['import', '--db', path.join(h, 'a.db'), edge], { HOME: h });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Skipped 4 bad lines (3 not a JSON object, 1 without an entry type)');
    expect(r.stdout).toContain('edge_cases.jsonl:13: not a JSON object');
    const q = run(['import', '--quiet', '--db', path.join(h, 'b.db'), edge], { HOME: h });
    expect(q).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it('fails clearly on a missing path and on a database from a newer agentlog', () => {
    const h = home();
    const missing = run(['import', '--db', path.join(h, 'a.db'), path.join(h, 'nope')], { HOME: h });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`no such file or directory: ${path.join(h, 'nope')}`);

    const newer = path.join(h, 'newer.db');
    openDb(newer, { migrations: [...migrations, { name: '999_future', sql: 'SELECT 1' }] }).close();
    const r = run(['import', '--db', newer, DEMO], { HOME: h });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/newer agentlog \(schema step 999_future\)/);
  });

  it('explains itself in --help', () => {
    const r = run(['import', '--help'], { HOME: home() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--db <path>');
    expect(r.stdout).toContain('CLAUDE_CONFIG_DIR');
    expect(r.stdout).toContain('Examples:');
  });
});

describe('agentlog report, digest and sql', () => {
  function demoDb() {
    const h = home();
    const db = path.join(h, 'demo.db');
    expect(run(['import', '--quiet', '--db', db, DEMO], { HOME: h }).code).toBe(0);
    return { h, db, env: { HOME: h, XDG_CONFIG_HOME: path.join(h, 'config'), TZ: 'UTC' } };
  }

  it('lists the reports without a name, and on an unknown one', () => {
    const { db, env } = demoDb();
    const list = run(['report', '--db', db], env);
    expect(list.code).toBe(0);
    for (const name of [
      'tool-errors',
      'hot-files',
      'sessions',
      'compactions',
      'errors',
      'usage',
      'slow-tools',
      'projects',
    ]) {
      expect(list.stdout).toContain(name);
    }
    const unknown = run(['report', 'nope', '--db', db], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown report "nope". Known reports:');
    expect(unknown.stderr).toContain('tool-errors');
  });

  it('prints a report as JSON rows, and warns once about a model without a price', () => {
    const { db, env } = demoDb();
    const r = run(['report', 'tool-errors', '--db', db, '--format', 'json'], env);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout);
    expect(rows[0]).toEqual({
      tool_name: 'Write',
      total: 2,
      failures: 1,
      error_rate: 50,
      top_error: 'permission denied',
    });
    const u = run(['report', 'usage', '--db', db, '--format', 'csv', '--since', '2026-11-21'], env);
    expect(u.stdout.split('\r\n')[0]).toBe(
      'day,input_tokens,output_tokens,cache_write_tokens,cache_read_tokens,total_tokens,cost',
    );
    expect(u.stderr.match(/no price for model claude-opus-5-5/g)).toHaveLength(1);
  });

  it('takes prices from pricing.json in the config directory', () => {
    const { h, db, env } = demoDb();
    fs.mkdirSync(path.join(h, 'config/agentlog'), { recursive: true });
    fs.writeFileSync(
      path.join(h, 'config/agentlog/pricing.json'),
      JSON.stringify({ models: { 'claude-opus-5-5': { input: 5, output: 25, cache_write: 6.25, cache_read: 0.5 } } }),
    );
    const r = run(['report', 'usage', '--db', db, '--format', 'json', '--since', '2026-11-21'], env);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)[0].cost).toBeCloseTo((173 * 5 + 1668 * 25 + 120958 * 6.25 + 271584 * 0.5) / 1e6, 6);
  });

  it('names the line and column of a pricing.json or settings.json that does not parse, exit 2, no stack', () => {
    const { h, db, env } = demoDb();
    const pricing = path.join(h, 'config/agentlog/pricing.json');
    fs.mkdirSync(path.dirname(pricing), { recursive: true });
    fs.writeFileSync(pricing, '{\n  "models": {\n    "x": { "input": 1 }\n  \n');
    const r = run(['report', 'usage', '--db', db], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^agentlog: ${pricing} is not valid JSON at line 3, column 24: `));
    expect(r.stderr).not.toMatch(/\n\s+at /);

    for (const agent of ['claude', 'gemini']) {
      const settings = path.join(h, `${agent}-settings.json`);
      fs.writeFileSync(settings, '{\n  "model": "opus"\n  "hooks": {}\n}\n');
      const i = run(['install', agent, '--settings', settings], env);
      expect(i.code).toBe(2);
      expect(i.stderr).toMatch(new RegExp(`^agentlog: ${settings} is not valid JSON at line 3, column 3: `));
      expect(i.stderr).toContain('nothing was changed');
      expect(i.stderr).not.toMatch(/\n\s+at /);
      expect(fs.readFileSync(settings, 'utf8')).toBe('{\n  "model": "opus"\n  "hooks": {}\n}\n');
    }
  });

  it('says which forms --since accepts, and that a missing database needs an import', () => {
    const { db, env } = demoDb();
    const bad = run(['report', 'usage', '--db', db, '--since', 'last tuesday'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--since "last tuesday" is not a time agentlog understands; use .*24h, 7d, 4w/);
    const badTz = run(['report', 'usage', '--db', db, '--tz', 'Mars/Base'], env);
    expect(badTz.stderr).toContain('unknown time zone "Mars/Base"');
    const missing = run(['report', 'usage', '--db', path.join(env.HOME, 'none.db')], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('run `agentlog import` first');
    expect(fs.existsSync(path.join(env.HOME, 'none.db'))).toBe(false);
  });

  it('warns on an empty database', () => {
    const h = home();
    const db = path.join(h, 'empty.db');
    openDb(db).close();
    const r = run(['report', 'sessions', '--db', db], { HOME: h });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('the database is empty: run `agentlog import` first');
    expect(r.stdout).toContain('(no rows)');
  });

  it('ends quietly when the reader closes the pipe', () => {
    const { db, env } = demoDb();
    const r = spawnSync(
      'bash',
      [
        '-o',
        'pipefail',
        '-c',
        `"${process.execPath}" "${CLI}" sql --db "${db}" "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n LIMIT 200000) SELECT x FROM n" | head -2`,
      ],
      {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', ...env },
      },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('writes a digest to a file, and says so in one line when the period was empty', () => {
    const { h, db, env } = demoDb();
    const file = path.join(h, 'digest.md');
    const r = run(['digest', '--db', db, '--since', '2026-11-21', '--until', '2026-11-21', '--out', file], env);
    expect(r).toMatchObject({ code: 0, stdout: '' });
    const md = fs.readFileSync(file, 'utf8');
    expect(md).toMatch(/^# agentlog digest: 2026-11-21 00:00 to 2026-11-22 00:00 \(UTC\)/);
    expect(md).toContain('## Failing tools');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const empty = run(['digest', '--db', db, '--since', '2020-01-01', '--until', '2020-01-01'], env);
    expect(empty.stdout).toBe('No agent activity from 2020-01-01 00:00 to 2020-01-02 00:00 (UTC).\n');
    const json = JSON.parse(run(['digest', '--db', db, '--since', '2026-11-21', '--format', 'json'], env).stdout);
    expect(json.totals.sessions).toBe(8);
  });

  it('runs read-only SQL, refuses writes, and prints the schema', () => {
    const { db, env } = demoDb();
    const q = run(
      ['sql', '--db', db, '--format', 'json', 'SELECT count(*) AS n FROM sessions WHERE parent_session_id IS NULL'],
      env,
    );
    expect(JSON.parse(q.stdout)).toEqual([{ n: 9 }]);
    const w = run(['sql', '--db', db, 'DELETE FROM sessions'], env);
    expect(w.code).toBe(2);
    expect(w.stderr).toContain('agentlog sql is read-only');
    const schema = run(['sql', '--schema'], env);
    expect(schema.stdout).toContain('### `tools`');
  });
});

describe('agentlog prune and doctor', () => {
  it('prunes old sessions (a dry run first), and the doctor reports the state of things', () => {
    const h = home();
    const env = { HOME: h, XDG_DATA_HOME: path.join(h, 'data'), XDG_CONFIG_HOME: path.join(h, 'config') };
    expect(run(['import', '--quiet', DEMO], env).code).toBe(0);
    const dry = run(['prune', '--older-than', '2026-01-01', '--dry-run'], env);
    expect(dry.stdout).toMatch(/^Would remove 1 sessions, 42 messages, 35 tool calls/);
    const done = run(['prune', '--older-than', '2026-01-01'], env);
    expect(done.stdout).toMatch(/^Removed 1 sessions, 42 messages, 35 tool calls.*; the database went from/);
    expect(run(['prune', '--older-than', 'soon'], env).stderr).toContain('--older-than "soon" is not a time');

    run(['install', 'claude'], env);
    const doctor = run(['doctor', '--json'], env);
    const checks = JSON.parse(doctor.stdout) as { ok: boolean; what: string; detail: string }[];
    const by = (what: string) => checks.find((c) => c.what === what)!;
    expect(by('database file mode')).toMatchObject({ ok: true, detail: '0600' });
    expect(by('schema')).toMatchObject({ ok: true, detail: expect.stringContaining('10 sessions') });
    expect(by('Claude Code hooks')).toMatchObject({ ok: true });
    expect(by('OpenCode plugin')).toMatchObject({
      ok: false,
      detail: expect.stringContaining('agentlog install opencode'),
    });

    // A plugin installed from the path it was shipped at before the layout move: a dangling link.
    const pluginDir = path.join(h, 'config', 'opencode', 'plugin');
    fs.mkdirSync(pluginDir, { recursive: true });
    fs.symlinkSync(path.join(h, 'old', 'hooks', 'opencode', 'agentlog-plugin.ts'), path.join(pluginDir, 'agentlog.ts'));
    const plugin = () =>
      (JSON.parse(run(['doctor', '--json'], env).stdout) as { what: string }[]).find(
        (c) => c.what === 'OpenCode plugin',
      );
    expect(plugin()).toMatchObject({
      ok: false,
      detail: expect.stringContaining('from before agentlog moved its plugin'),
    });
    expect(run(['install', 'opencode'], env).stdout).toContain('replaced the older');
    // Into plugins/, the folder OpenCode documents; nothing of agentlog's left in the older plugin/.
    expect(fs.existsSync(path.join(h, 'config', 'opencode', 'plugins', 'agentlog.ts'))).toBe(true);
    expect(fs.readdirSync(pluginDir)).toEqual([]);
    expect(plugin()).toMatchObject({ ok: true, detail: expect.stringContaining('installed and current') });
  });
});
