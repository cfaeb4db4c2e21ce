// `agentlog search` and `agentlog show` as users run them: the built CLI, piped, on the imported samples.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../schema/open-db.js';
import { Writer } from '../schema/writer.js';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist/bin/agentlog.js');
const CLAUDE = path.join(ROOT, 'fixtures/samples/claude');
const REWRITES = '9e953218-585f-4692-89df-9e0747a31c68';

let home: string;
let db: string;
function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args, '--db', db], {
    encoding: 'utf8',
    // Only what the test gives: never the real HOME or AGENTLOG_DB; a pager that would fail if used.
    env: { PATH: process.env.PATH ?? '', HOME: home, TZ: 'UTC', PAGER: 'false' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  if (!fs.existsSync(CLI)) throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-browse-'));
  db = path.join(home, 'agentlog.db');
  const r = spawnSync(process.execPath, [CLI, 'import', '--quiet', '--db', db, CLAUDE], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: home },
  });
  expect(r.status).toBe(0);
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe('agentlog search', () => {
  it('lists the session of a known prompt first, matches in [brackets] when piped', () => {
    const r = run(['search', 'set', 'up', 'rewrites', 'for', 'the', 'JS', 'and', 'CSS']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(new RegExp(`^${REWRITES}  danieldemmel\\.me-next · claude-code · 2025-`));
    expect(r.stdout).toContain('[rewrites]');
    expect(r.stdout).not.toContain('\x1b[');
  });

  it('--format json reads back; --in and --project narrow it', () => {
    const r = run(['search', 'rewrites', '--format', 'json', '--in', 'prompts', '--project', 'danieldemmel.me-next']);
    expect(r.code).toBe(0);
    const results = JSON.parse(r.stdout);
    expect(results.map((m: { session_id: string }) => m.session_id)).toEqual([REWRITES]);
    for (const sn of results[0].snippets) expect(sn.kind).toBe('prompt');
  });

  it('--show prints the best match as a timeline', () => {
    const r = run(['search', '"set up rewrites for the JS"', '--show']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(`Session ${REWRITES}`);
    expect(r.stdout).toMatch(/\n\d{4}-\d\d-\d\d \d\d:\d\d:\d\d Prompt\n/);
  });

  it('while another process writes the database, answers from what is indexed and says what is left out', () => {
    run(['search', 'rewrites']); // indexes what the import queued
    const conn = openDb(db);
    const importing = openDb(db);
    try {
      const w = new Writer(conn);
      w.begin();
      w.write({ kind: 'session', id: 'late', source: 'claude-code', created_at: 1, updated_at: 2 });
      w.write({
        kind: 'message',
        id: 'late-1',
        session_id: 'late',
        source: 'claude-code',
        role: 'user',
        is_sidechain: false,
        text: 'set up rewrites again',
        created_at: 1,
      });
      w.commit(null);
      importing.exec('BEGIN IMMEDIATE');
      const busy = run(['search', 'rewrites', '--format', 'json', '--limit', '0']);
      expect(busy.stderr).toBe(
        'agentlog: 1 text is not indexed yet and left out of these results (another agentlog process is writing the database; search again when it is done)\n',
      );
      expect(busy.code).toBe(0);
      const ids = (r: { stdout: string }) => JSON.parse(r.stdout).map((m: { session_id: string }) => m.session_id);
      expect(ids(busy)).toContain(REWRITES);
      expect(ids(busy)).not.toContain('late');
      importing.exec('ROLLBACK');
      const after = run(['search', 'rewrites', '--format', 'json', '--limit', '0']);
      expect(after.stderr).toBe('');
      expect(ids(after)).toEqual(expect.arrayContaining([REWRITES, 'late']));
    } finally {
      importing.close();
      conn.close();
    }
  });

  it('import --search-index leaves nothing for the search to index', () => {
    const file = path.join(home, 'indexed.db');
    const r = spawnSync(process.execPath, [CLI, 'import', '--quiet', '--search-index', '--db', file, CLAUDE], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: home },
    });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const conn = openDb(file, { readonly: true });
    try {
      const count = (sql: string) => (conn.prepare(sql).get() as { n: number }).n;
      expect(count('SELECT count(*) AS n FROM search_pending')).toBe(0);
      expect(count('SELECT count(*) AS n FROM search_fts_docsize')).toBe(
        count('SELECT count(*) AS n FROM search_docs'),
      );
      expect(count('SELECT count(*) AS n FROM search_docs')).toBeGreaterThan(1000);
    } finally {
      conn.close();
    }
  });

  it('a query it cannot read, or a wrong --in, exits 2 with one line and no stack', () => {
    for (const args of [
      ['search', '"unclosed'],
      ['search', 'x', '--in', 'prompt'],
    ]) {
      const r = run(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^agentlog: .+\n$/);
      expect(r.stdout).toBe('');
    }
  });
});

describe('agentlog show', () => {
  it('prints a session named by the start of its id, plain when piped', () => {
    const r = run(['show', '9e953218']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Session ${REWRITES}`);
    expect(r.stdout).toMatch(/^Project {3}danieldemmel\.me-next/m);
    expect(r.stdout).not.toContain('\x1b[');
  });

  it('a prefix that matches two sessions lists both and exits 2', () => {
    const r = run(['show', 'cb']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('"cb" is the start of 2 session ids');
    expect(r.stderr).toContain('cb2e607c-c758-415a-8b45-c49e4631906a');
    expect(r.stderr).toContain('cbc0f75b-b36d-4efd-a7da-ac800ea30eb6');
  });

  it('--last --format markdown is a document; no session or an unknown one exits 2', () => {
    const r = run(['show', '--last', '--project', 'danieldemmel.me-next', '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# /);
    expect(r.stdout).toContain('- **Project:** danieldemmel.me-next');
    expect(run(['show']).code).toBe(2);
    const unknown = run(['show', 'zzzz']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^agentlog: no session has an id starting with "zzzz"/);
  });
});
