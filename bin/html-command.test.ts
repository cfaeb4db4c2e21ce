// `agentlog html`, `report --format html` and `digest --format html` as users run them: a built
// agentlog in a temporary home, on the demo transcripts.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist/bin/agentlog.js');
const DEMO = path.join(ROOT, 'fixtures/demo/claude/projects');

let h: string;
let db: string;
let env: Record<string, string>;

function run(args: string[], cwd = h) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd, env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  if (!fs.existsSync(CLI)) throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
  h = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-html-'));
  db = path.join(h, 'demo.db');
  env = { PATH: process.env.PATH ?? '', HOME: h, XDG_CONFIG_HOME: path.join(h, 'config'), TZ: 'UTC' };
  expect(run(['import', '--quiet', '--db', db, DEMO]).code).toBe(0);
});
afterAll(() => fs.rmSync(h, { recursive: true, force: true }));

const ALL = ['--since', '2020-01-01', '--until', '2026-12-31']; // a date as --until includes that day

describe('agentlog html', () => {
  it('writes agentlog-report.html in the current folder by default, privately, and says where', () => {
    const r = run(['html', '--db', db, ...ALL]);
    const file = path.join(h, 'agentlog-report.html');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^wrote ${file} \\(\\d+ KB\\)\\n$`));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const html = fs.readFileSync(file, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<p>2020-01-01 00:00 to 2027-01-01 00:00 (UTC).</p>');
    expect(html).toContain('<h2>Tool calls and failures</h2>');
    // Aggregates only: the page of the demo corpus stays small.
    expect(Buffer.byteLength(html)).toBeLessThan(300_000);
  });

  it('writes to stdout with --out -, and follows the filters', () => {
    const all = run(['html', '--db', db, ...ALL, '--out', '-']);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/^<!doctype html>/);
    const one = run(['html', '--db', db, ...ALL, '--out', '-', '--project', 'scratch']);
    expect(one.stdout).toContain('Only project scratch.');
    expect(one.stdout).not.toContain('demo-app/src/math.js');
    expect(all.stdout).toContain('demo-app/src/math.js');
  });

  it('says what to fix: --open with stdout, a folder that does not exist, no database', () => {
    const open = run(['html', '--db', db, '--out', '-', '--open']);
    expect(open.code).toBe(2);
    expect(open.stderr).toBe('agentlog: --open needs a file: give --out FILE, not -\n');
    const missing = path.join(h, 'no/such/dir/page.html');
    const bad = run(['html', '--db', db, '--out', missing]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`agentlog: cannot write ${missing}: ENOENT (choose another --out)\n`);
    const nodb = run(['html', '--db', path.join(h, 'none.db')]);
    expect(nodb.code).toBe(1);
    expect(nodb.stderr).toContain('run `agentlog import` first');
  });
});

describe('html as a format of report and digest', () => {
  it('renders one report as a page with its chart and numbers', () => {
    const r = run(['report', 'tool-errors', '--db', db, '--format', 'html']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('<title>Tool calls and failures</title>');
    expect(r.stdout.match(/<section /g)).toHaveLength(1);
    expect(r.stdout).toContain('<svg');
  });

  it('writes the digest as an e-mail body without script or SVG', () => {
    const r = run(['digest', '--db', db, ...ALL, '--format', 'html']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('<h1 style=');
    expect(r.stdout).toContain('>Failing tools</h2>');
    expect(r.stdout).not.toMatch(/<script|<svg|<style/);
    const text = run(['digest', '--db', db, ...ALL, '--format', 'table']);
    expect(text.stdout).toBe(run(['digest', '--db', db, ...ALL, '--format', 'text']).stdout);
  });
});
