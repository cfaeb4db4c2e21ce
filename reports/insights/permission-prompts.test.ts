// permission-prompts on a hand-made database of prompts (Claude Code's hook rows with the calls they were
// for, OpenCode's with their answers): the expected hits, the advice's snippets, and the one-session guard.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../../schema/open-db.js';
import type { AnyRecord, PermissionEventRecord } from '../../schema/records.js';
import { Writer } from '../../schema/writer.js';
import { call, MIN, T0 } from '../../test/insights-world.fixture.js';
import { openReportDb } from '../report-db.js';
import { defaultParams } from '../run-report.js';
import { runSql } from '../run-sql.js';
import { explainSql } from './explain.js';
import { findingNamed } from './registry.js';
import { findingHits, runInsights } from './run-insights.js';

const REJECTED =
  "The user doesn't want to proceed with this tool use. The tool use was rejected (eg. if it was a file edit, the new_string was NOT written to the file). STOP what you are doing and wait for the user to tell you how to proceed.";
const SEC = 1000;

const session = (id: string, source: 'claude-code' | 'opencode', project: string, at: number): AnyRecord => ({
  kind: 'session',
  id,
  source,
  project_name: project,
  project_path: `/work/${project}`,
  created_at: at,
  updated_at: at + 60 * MIN,
});
let n = 0;
/** A Claude Code prompt as the hook records it: the tool and subject, no answer. */
const ask = (
  session_id: string,
  tool_name: string,
  subject: string | undefined,
  at: number,
): PermissionEventRecord => ({
  kind: 'permission_event',
  id: `${session_id}-${at}-${++n}`,
  session_id,
  source: 'claude-code',
  tool_name,
  ...(subject ? { subject } : {}),
  asked_at: at,
});
/** An OpenCode prompt with its answer. */
const oc = (session_id: string, tool_name: string, subject: string, at: number, decision: 'approved' | 'denied') => ({
  ...ask(session_id, tool_name, subject, at),
  source: 'opencode' as const,
  decision,
  decided_at: at + 30 * SEC,
});
const bash = (command: string) => ({ input: { command } });

function buildPromptsWorld(db: Db): void {
  const records: AnyRecord[] = [
    session('c1', 'claude-code', 'alpha', T0),
    session('c2', 'claude-code', 'alpha', T0 + 100 * MIN),
    session('c3', 'claude-code', 'alpha', T0 + 200 * MIN),
    session('o1', 'opencode', 'beta', T0 + 300 * MIN),
    session('o2', 'opencode', 'beta', T0 + 400 * MIN),
    session('o3', 'opencode', 'beta', T0 + 500 * MIN),

    // `npm test` asked in all three sessions, run each time (a failing run is still a yes), once
    // behind a `cd`: always approved. A fourth prompt in c3 whose call has no result yet counts neither way.
    ...call('c1', 'b1', 'Bash', T0 + MIN, bash('npm test')),
    ask('c1', 'Bash', 'npm test', T0 + MIN + 2 * SEC),
    ...call('c2', 'b2', 'Bash', T0 + 101 * MIN, bash('cd web && npm test -- --watch=false')),
    ask('c2', 'Bash', 'npm test', T0 + 101 * MIN + 2 * SEC),
    ...call('c3', 'b3', 'Bash', T0 + 201 * MIN, { ...bash('npm test'), error: 'Exit code 1\nFAIL src/a.test.ts' }),
    ask('c3', 'Bash', 'npm test', T0 + 201 * MIN + 2 * SEC),
    call('c3', 'b4', 'Bash', T0 + 250 * MIN, bash('npm test'))[0]!,
    ask('c3', 'Bash', 'npm test', T0 + 250 * MIN + 2 * SEC),

    // `rm -rf dist` rejected three times, each prompt right after a `ls` that needed none: the
    // prompt is the rm's, whose subject it names.
    ...call('c1', 'r1', 'Bash', T0 + 2 * MIN, { ...bash('rm -rf dist'), error: REJECTED }),
    ...call('c1', 'l1', 'Bash', T0 + 2 * MIN + SEC, bash('ls')),
    ask('c1', 'Bash', 'rm -rf', T0 + 2 * MIN + 2 * SEC),
    ...call('c2', 'r2', 'Bash', T0 + 102 * MIN, { ...bash('rm -rf dist'), error: REJECTED }),
    ask('c2', 'Bash', 'rm -rf', T0 + 102 * MIN + 2 * SEC),
    ...call('c3', 'r3', 'Bash', T0 + 202 * MIN, { ...bash('rm -rf dist build'), error: REJECTED }),
    ask('c3', 'Bash', 'rm -rf', T0 + 202 * MIN + 2 * SEC),

    // Writing notes.md: yes, no, yes — a real question, no hit.
    ...call('c1', 'w1', 'Write', T0 + 3 * MIN, { file: '/work/alpha/notes.md' }),
    ask('c1', 'Write', '/work/alpha/notes.md', T0 + 3 * MIN + SEC),
    ...call('c2', 'w2', 'Write', T0 + 103 * MIN, { file: '/work/alpha/notes.md', error: REJECTED }),
    ask('c2', 'Write', '/work/alpha/notes.md', T0 + 103 * MIN + SEC),
    ...call('c3', 'w3', 'Write', T0 + 203 * MIN, { file: '/work/alpha/notes.md' }),
    ask('c3', 'Write', '/work/alpha/notes.md', T0 + 203 * MIN + SEC),

    // An MCP tool approved twice: under min_asks. A prompt with no call before it: unanswered.
    ...call('c1', 'm1', 'mcp__github__create_issue', T0 + 4 * MIN),
    ask('c1', 'mcp__github__create_issue', undefined, T0 + 4 * MIN + SEC),
    ...call('c2', 'm2', 'mcp__github__create_issue', T0 + 104 * MIN),
    ask('c2', 'mcp__github__create_issue', undefined, T0 + 104 * MIN + SEC),
    ask('c3', 'mcp__github__create_issue', undefined, T0 + 204 * MIN),

    // OpenCode says its answers: `npm install *` allowed three times (30 s each to answer), a folder
    // outside the project refused twice (under min_asks).
    oc('o1', 'bash', 'npm install *', T0 + 301 * MIN, 'approved'),
    oc('o2', 'bash', 'npm install *', T0 + 401 * MIN, 'approved'),
    oc('o3', 'bash', 'npm install *', T0 + 501 * MIN, 'approved'),
    oc('o1', 'external_directory', '/etc/*', T0 + 302 * MIN, 'denied'),
    oc('o2', 'external_directory', '/etc/*', T0 + 402 * MIN, 'denied'),
  ];
  const w = new Writer(db);
  w.begin();
  for (const r of records) w.write(r);
  w.commit(null);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-prompts-'));
const open = (name: string, build: (db: Db) => void) => {
  const file = path.join(dir, name);
  const rw = openDb(file);
  build(rw);
  rw.close();
  return openReportDb(file, { readonly: true, env: { XDG_CONFIG_HOME: dir } }).db;
};
let db: Db;
beforeAll(() => {
  db = open('world.db', buildPromptsWorld);
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const finding = findingNamed('permission-prompts')!;
const opts = { minHits: 3, limit: -1, only: ['permission-prompts'], now: T0 + 24 * 60 * MIN };

describe('permission-prompts', () => {
  it('hits each answered prompt of a subject asked 3 times or more and always answered alike', () => {
    const hits = findingHits(db, finding, defaultParams()).map(({ session_id, at, subject, detail, ms }) => ({
      session_id,
      at: at - T0,
      subject,
      detail,
      ms,
    }));
    const yes = { subject: 'Bash(npm test:*)', detail: 'always approved', ms: null };
    const no = { subject: 'Bash(rm -rf:*)', detail: 'always denied', ms: null };
    const ocYes = { subject: 'permission.bash(npm install *)', detail: 'always approved', ms: 30 * SEC };
    expect(hits).toEqual([
      { ...yes, session_id: 'c1', at: MIN + 2 * SEC },
      { ...no, session_id: 'c1', at: 2 * MIN + 2 * SEC },
      { ...yes, session_id: 'c2', at: 101 * MIN + 2 * SEC },
      { ...no, session_id: 'c2', at: 102 * MIN + 2 * SEC },
      { ...yes, session_id: 'c3', at: 201 * MIN + 2 * SEC },
      { ...no, session_id: 'c3', at: 202 * MIN + 2 * SEC },
      { ...ocYes, session_id: 'o1', at: 301 * MIN },
      { ...ocYes, session_id: 'o2', at: 401 * MIN },
      { ...ocYes, session_id: 'o3', at: 501 * MIN },
    ]);
  });

  it('advises the allow and deny rules for each agent, with the minutes spent answering', () => {
    const [row] = runInsights(db, [finding], defaultParams(), opts);
    expect(row).toMatchObject({ id: 'permission-prompts', hits: 9, sessions: 6, projects: 2, minutes: 1.5 });
    expect(row!.target).toBe('.claude/settings.json permissions.allow and permissions.deny, opencode.json permission');
    expect(row!.snippet).toBe(
      [
        '{ "permissions": { "allow": ["Bash(npm test:*)"], "deny": ["Bash(rm -rf:*)"] } }',
        '{ "permission": { "bash": { "npm install *": "allow" } } }',
      ].join('\n'),
    );
    expect(row!.advice).toContain('always yes: Bash(npm test:*) ×3, permission.bash(npm install *) ×3');
    expect(row!.advice).toContain('always no: Bash(rm -rf:*) ×3');
    for (const s of row!.snippet.split('\n')) expect(() => JSON.parse(s)).not.toThrow();
  });

  it('writes an absolute path as Claude Code’s //path rule, and an OpenCode folder as its own key', () => {
    const advice = finding.advise(
      ['Write(//work/alpha/notes.md)', 'permission.external_directory(/etc/*, /var/*)'].map((subject) => ({
        session_id: 's',
        at: 0,
        subject,
        detail: 'always denied',
        cost: null,
        ms: null,
        tokens: null,
        project: 'p',
      })),
    );
    expect(advice.snippet).toBe(
      [
        '{ "permissions": { "deny": ["Write(//work/alpha/notes.md)"] } }',
        '{ "permission": { "external_directory": { "/etc/*": "deny", "/var/*": "deny" } } }',
      ].join('\n'),
    );
  });

  it('runs as shown by --explain', () => {
    const p = defaultParams();
    expect(runSql(db, explainSql(finding, p)).rows).toHaveLength(9);
  });

  it('finds nothing in a history of one session, however often it asked there', () => {
    const solo = open('solo.db', (d) => {
      const w = new Writer(d);
      w.begin();
      w.write(session('o1', 'opencode', 'beta', T0));
      for (let i = 1; i <= 4; i++) w.write(oc('o1', 'bash', 'npm install *', T0 + i * MIN, 'approved'));
      w.commit(null);
    });
    expect(findingHits(solo, finding, defaultParams())).toHaveLength(4);
    expect(runInsights(solo, [finding], defaultParams(), { ...opts, minHits: 1 })).toEqual([]);
    solo.close();
  });
});
