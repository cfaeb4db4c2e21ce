// The command in a terminal and for ccusage users: widths, short commands and flags, footers, errors and exit codes.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist/bin/agentlog.js');
const DEMO = path.join(ROOT, 'fixtures/demo/claude/projects');

let home: string;
let db: string;
const env = () => ({ PATH: process.env.PATH ?? '', HOME: home, XDG_DATA_HOME: path.join(home, 'data'), XDG_CONFIG_HOME: path.join(home, 'config') });

function run(args: string[], extra: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...env(), ...extra } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const width = (line: string) => [...line].length;

beforeAll(() => {
  if (!fs.existsSync(CLI)) throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-term-'));
  db = path.join(home, 'agentlog.db');
  const r = run(['import', '--db', db, DEMO, '--quiet']);
  expect(r.code).toBe(0);
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe('tables that fit', () => {
  const REPORTS = [['sessions'], ['compactions'], ['hot-files'], ['tool-errors'], ['projects'], ['usage', '--by', 'model'], ['usage'], ['usage', '--by', 'session']];
  for (const cols of [80, 120]) {
    it(`every report fits ${cols} columns`, () => {
      for (const r of REPORTS) {
        const res = run(['report', ...r, '--db', db, '--tz', 'UTC', '--limit', '0'], { COLUMNS: String(cols) });
        expect(res.code).toBe(0);
        for (const line of res.stdout.trimEnd().split('\n').filter((l) => /^[┌│├└]/.test(l)))
          expect(width(line), `${r.join(' ')}: ${line}`).toBeLessThanOrEqual(cols);
      }
    });
  }

  it('without a terminal and COLUMNS, and with --wide, nothing is cut', () => {
    const piped = run(['report', 'sessions', '--db', db, '--limit', '0']);
    const wide = run(['report', 'sessions', '--db', db, '--limit', '0', '--wide'], { COLUMNS: '80' });
    const titles = JSON.parse(run(['report', 'sessions', '--db', db, '--json', '--limit', '0']).stdout).map(
      (s: { title: string | null }) => s.title,
    );
    const long = titles.filter((t: string | null) => t && t.length > 30)[0] as string;
    expect(long).toBeDefined();
    for (const r of [piped, wide]) expect(r.stdout).toContain(long.replace(/\s*\n\s*/g, ' '));
    expect(wide.stdout).not.toContain('Left out');
  });

  it('names the columns left out, and says when the limit cut rows', () => {
    const r = run(['report', 'sessions', '--db', db, '--limit', '3'], { COLUMNS: '80' });
    expect(r.stdout).toMatch(/Left out to fit 80 columns: .*\(--wide shows every column\)\./);
    expect(r.stdout).toContain('3 of 11 rows; --limit 0 for all');
  });

  it('shows a Total row under usage, projects and tool-errors, and names what has no price', () => {
    for (const name of ['usage', 'projects', 'tool-errors']) {
      const r = run(['report', name, '--db', db, '--tz', 'UTC']);
      expect(r.stdout).toMatch(/│ Total\s+│/);
    }
    const usage = run(['report', 'usage', '--db', db, '--tz', 'UTC']);
    expect(usage.stdout).toMatch(/│ Total .*\$2\.75 │/);
    expect(usage.stdout).toMatch(/plus 394k tokens of claude-opus-5-5 without a price/);
    // JSON stays an array of rows.
    const json = JSON.parse(run(['report', 'usage', '--db', db, '--json']).stdout);
    expect(Array.isArray(json)).toBe(true);
    expect(json.some((r: { day: string }) => r.day === 'Total')).toBe(false);
  });
});

describe('as a ccusage user types it', () => {
  it('daily -j --since 20251101 -z UTC is report usage --by day --format json', () => {
    const a = run(['daily', '-j', '--since', '20250701', '-z', 'UTC', '--db', db]);
    const b = run(['report', 'usage', '--by', 'day', '--format', 'json', '--since', '2025-07-01', '--tz', 'UTC', '--db', db]);
    expect(a.code).toBe(0);
    expect(JSON.parse(a.stdout)).toEqual(JSON.parse(b.stdout));
    expect(JSON.parse(a.stdout).map((r: { day: string }) => r.day)).toEqual(['2025-07-20', '2026-11-21']);
  });

  it('weekly, monthly and session are the other groupings; --order desc and --limit keep the newest', () => {
    expect(JSON.parse(run(['monthly', '--json', '--db', db, '--timezone', 'UTC']).stdout).map((r: { month: string }) => r.month)).toEqual(['2025-07', '2026-11']);
    expect(JSON.parse(run(['weekly', '--json', '--db', db, '-z', 'UTC']).stdout)).toHaveLength(2);
    const sessions = JSON.parse(run(['session', '--json', '--db', db]).stdout);
    expect(sessions[0]).toHaveProperty('title');
    expect(sessions[0]).toHaveProperty('project_name');
    expect(JSON.parse(run(['daily', '--json', '--limit', '1', '--db', db, '-z', 'UTC']).stdout).map((r: { day: string }) => r.day)).toEqual(['2026-11-21']);
    expect(JSON.parse(run(['daily', '--json', '--order', 'desc', '--db', db, '-z', 'UTC']).stdout).map((r: { day: string }) => r.day)).toEqual(['2026-11-21', '2025-07-20']);
  });

  it('--breakdown: model rows under each day in the table, `models` in JSON', () => {
    const t = run(['daily', '--breakdown', '--db', db, '-z', 'UTC']);
    expect(t.stdout).toContain('└ claude-opus-5-5');
    const j = JSON.parse(run(['daily', '--breakdown', '--json', '--db', db, '-z', 'UTC']).stdout);
    expect(j[1].models.map((m: { day: string }) => m.day)).toEqual(['claude-opus-5-5']);
  });

  it('--model opus matches by family word; a filter matching nothing names the values there are', () => {
    expect(JSON.parse(run(['report', 'usage', '--by', 'model', '--model', 'opus', '--json', '--db', db]).stdout)).toHaveLength(2);
    const none = run(['report', 'usage', '--model', 'gemini', '--db', db]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--model "gemini" matches no model; the models are: claude-opus-4-20250514, claude-opus-5-5/);
    const proj = run(['report', 'projects', '--project', 'demo', '--json', '--db', db]);
    expect(JSON.parse(proj.stdout).map((p: { project_name: string }) => p.project_name)).toEqual(['demo-app']);
  });
});

describe('errors the user can fix: one or two lines, exit 2', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown option', ['report', 'usage', '--bogus'], /unknown option '--bogus'/],
    ['bad --format', ['report', 'usage', '--format', 'xml'], /argument 'xml' is invalid. Allowed choices are table, json/],
    ['bad --by', ['report', 'usage', '--by', 'year'], /argument 'year' is invalid/],
    ['bad --source', ['daily', '--source', 'cursor'], /argument 'cursor' is invalid. Allowed choices are claude-code/],
    ['unknown command', ['dialy'], /unknown command 'dialy'/],
    ['bad date', ['daily', '--since', '2026131'], /--since "2026131" is not a time/],
  ];
  for (const [what, args, message] of cases) {
    it(what, () => {
      const r = run([...args, '--db', db]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split('\n').length).toBeLessThanOrEqual(2);
      expect(r.stderr).not.toMatch(/Usage:|at .*\.js:\d+/);
    });
  }

  it('a damaged or foreign database: one paragraph naming the file, exit 2, for every command; doctor fails', () => {
    const bad = path.join(home, 'bad.db');
    fs.writeFileSync(bad, 'this is not a database\n'.repeat(100));
    for (const args of [['report', 'usage'], ['daily'], ['sql', 'SELECT 1'], ['digest'], ['import', DEMO], ['prune', '--older-than', '30d', '--dry-run']]) {
      const r = run([...args, '--db', bad]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(`${bad} is not an agentlog database, or it is damaged`);
      expect(r.stderr).toContain('agentlog import');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    const doctor = run(['doctor', '--db', bad]);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/^FAIL {2}schema: .*is not an agentlog database/m);
  });

  it('digest --out into a missing folder', () => {
    const r = run(['digest', '--db', db, '--out', path.join(home, 'nope/digest.md')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`agentlog: cannot write the digest to ${path.join(home, 'nope/digest.md')}: the folder ${path.join(home, 'nope')} does not exist (create it, or choose another --out)\n`);
  });

  it('agentlog with no command shows the help and exits 0', () => {
    const r = run([]);
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).toContain('Usage: agentlog');
  });
});

describe('the digest in a cron job', () => {
  it('prints nothing on stderr, names the unpriced model once in the body, and keeps the priced cost', () => {
    const r = run(['digest', '--db', db, '--since', '2020-01-01', '--tz', 'UTC']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Cost: **$2.75**, plus 394k tokens of claude-opus-5-5 without a price');
    expect(r.stdout).toMatch(/\*\*11 sessions\*\*, 2 of them subagents/);
    expect(r.stdout.match(/claude-opus-5-5/g)).toHaveLength(1);
    const empty = run(['digest', '--db', db, '--since', '2020-01-01', '--until', '2020-01-02', '--tz', 'UTC']);
    expect(empty.stderr).toBe('');
  });

  it('JSON gives times as ISO 8601 with the zone offset', () => {
    const r = run(['digest', '--db', db, '--since', '2020-01-01', '--tz', 'Europe/Berlin', '-j']);
    expect(r.stderr).toBe('');
    const d = JSON.parse(r.stdout);
    expect(d.since).toBe('2020-01-01T00:00:00.000+01:00');
    expect(d.until).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0[12]:00$/);
    expect(d.projects[0].last_active).toMatch(/\+0[12]:00$/);
    expect(d.totals.unpriced_models).toEqual(['claude-opus-5-5']);
  });
});

describe('import', () => {
  it('says what it found per agent, in text and JSON; finding nothing leaves no database and says where it looked', () => {
    const h = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-imp-'));
    try {
      const e = { HOME: h, XDG_DATA_HOME: path.join(h, 'data'), XDG_CONFIG_HOME: path.join(h, 'config') };
      const none = run(['import'], e);
      expect(none.code).toBe(0);
      expect(none.stdout).toContain('No transcripts found; no database was created. Looked in:');
      expect(none.stdout).toContain(path.join(h, '.claude/projects'));
      expect(fs.existsSync(path.join(h, 'data/agentlog/agentlog.db'))).toBe(false);
      const report = run(['report', 'usage'], e);
      expect(report.code).toBe(1);
      expect(report.stderr).toContain('run `agentlog import` first');
      expect(report.stderr).toContain(`agentlog import looks in: ${path.join(h, '.claude/projects')}`);

      fs.cpSync(DEMO, path.join(h, '.claude/projects'), { recursive: true });
      const text = run(['import'], e);
      expect(text.stdout).toContain('Claude Code: 11 files, 11 sessions (11 new).');
      const json = JSON.parse(run(['import', '--json'], e).stdout);
      expect(json.agents).toContainEqual({ source: 'claude-code', name: 'Claude Code', files: 11, databases: 0, sessions: 11, new_sessions: 0 });
    } finally {
      fs.rmSync(h, { recursive: true, force: true });
    }
  });

  it('--help names every agent and has no example that needs the source tree', () => {
    const help = run(['import', '--help']).stdout;
    for (const name of ['Claude Code', 'OpenCode', 'Codex', 'Gemini CLI']) expect(help).toContain(name);
    for (const cmd of ['import', 'report', 'digest', 'sql', 'prune', 'daily']) expect(run([cmd, '--help']).stdout).not.toContain('fixtures/');
  });
});

describe('a read-only database', () => {
  // A read-only bind mount: needs root, so the test is skipped where mounting is not allowed.
  it('reports, daily, digest and sql read a database in a read-only folder', (ctx) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-ro-'));
    try {
      fs.copyFileSync(db, path.join(dir, 'a.db'));
      if (spawnSync('mount', ['--bind', dir, dir]).status !== 0) return ctx.skip();
      try {
        if (spawnSync('mount', ['-o', 'remount,bind,ro', dir]).status !== 0) return ctx.skip();
        const ro = path.join(dir, 'a.db');
        expect(() => fs.writeFileSync(path.join(dir, 'x'), '')).toThrow();
        const usage = run(['report', 'usage', '--db', ro, '--json', '--tz', 'UTC']);
        expect(usage.stderr).not.toMatch(/cannot/);
        expect(JSON.parse(usage.stdout)).toEqual(JSON.parse(run(['report', 'usage', '--db', db, '--json', '--tz', 'UTC']).stdout));
        expect(run(['daily', '--db', ro]).code).toBe(0);
        expect(run(['digest', '--db', ro, '--since', '2020-01-01']).code).toBe(0);
        expect(JSON.parse(run(['sql', '-j', 'SELECT count(*) AS n FROM sessions', '--db', ro]).stdout)).toEqual([{ n: 11 }]);
      } finally {
        spawnSync('umount', [dir]);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('doctor', () => {
  it('names a hook whose node binary is gone, with the fix; no warning for ~/.config/claude when ~/.claude exists', () => {
    const claudeDir = path.join(home, '.claude');
    fs.mkdirSync(path.join(claudeDir, 'projects'), { recursive: true });
    const gone = '/opt/node-18.0.0/bin/node';
    const handler = { type: 'command', command: `${gone} ${CLI} hook` };
    fs.writeFileSync(
      path.join(claudeDir, 'settings.json'),
      JSON.stringify({ hooks: { SessionStart: [{ hooks: [handler] }], SessionEnd: [{ hooks: [handler] }] } }),
    );
    const r = run(['doctor', '--db', db]);
    expect(r.stdout).toContain(`${gone} no longer exists`);
    expect(r.stdout).toContain('run `agentlog install claude` again');
    expect(r.stdout).not.toContain('.config/claude/projects');
  });
});
