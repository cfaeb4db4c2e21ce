// The command as users run it: a built `agentlog` in a temporary home, config dir and data dir.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../schema/migrations.js';
import { openDb } from '../schema/open-db.js';

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
    // Only what the test gives: never the real HOME, CLAUDE_CONFIG_DIR or AGENTLOG_DB.
    env: { PATH: process.env.PATH ?? '', ...env },
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
    expect(r.stdout).toContain('No transcripts found. Looked in:');
    expect(r.stdout).toContain(path.join(h, '.claude/projects'));
    expect(r.stdout).toContain(path.join(h, '.config/claude/projects'));
  });

  it('reports bad lines with file:line but still succeeds; --quiet prints nothing', () => {
    const h = home();
    const edge = path.resolve(ROOT, '../shared/samples/claude/claude-code-log/edge_cases.jsonl');
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
