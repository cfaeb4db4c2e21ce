// The real Claude Code CLI, with agentlog's hooks installed, through the harness's sixteen scenarios.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { waitForImports } from '../../test/wait-for-imports.js';

const ROOT = path.resolve(__dirname, '../..');
const ENTRY = path.join(ROOT, 'dist/bin/agentlog.js');
const HARNESS = path.resolve(ROOT, '../shared/harness/claude/run.sh');
const ORACLE = path.resolve(ROOT, '../shared/tools/oracle_claude.py');
const WORK = path.join(os.tmpdir(), 'agentlog-e2e-claude');
const OUT = path.join(os.tmpdir(), 'agentlog-e2e-claude-out');

let db: Database.Database;
let sessions: { scenario: string; id: string; rc: number }[];

beforeAll(async () => {
  fs.rmSync(OUT, { recursive: true, force: true });
  const run = spawnSync('bash', [HARNESS, OUT], {
    encoding: 'utf8',
    env: { ...process.env, CC_WORK: WORK, CC_AFTER_SETTINGS: `"${process.execPath}" "${ENTRY}" install claude` },
    timeout: 14 * 60_000,
  });
  if (run.status !== 0) throw new Error(`harness failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  await waitForImports(ENTRY);
  db = new Database(path.join(WORK, 'home/.local/share/agentlog/agentlog.db'), { readonly: true });
  sessions = fs
    .readFileSync(path.join(OUT, 'sessions.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1) // the header
    .map((l) => l.split('\t'))
    .map(([scenario, id, , rc]) => ({ scenario: scenario!, id: id!, rc: Number(rc) }));
});

describe('Claude Code with agentlog hooks', () => {
  it('installed the hooks beside the harness recorder', () => {
    const settings = JSON.parse(fs.readFileSync(path.join(OUT, 'settings.json'), 'utf8'));
    for (const event of ['SessionStart', 'SessionEnd']) {
      const commands = settings.hooks[event].flatMap((g: { hooks: { command: string }[] }) =>
        g.hooks.map((h) => h.command),
      );
      expect(commands.some((c: string) => c.includes('hook-recorder.sh'))).toBe(true);
      expect(commands.some((c: string) => c.endsWith('agentlog.js hook'))).toBe(true);
    }
  });

  it('has every session, ended, with its end reason, imported by the SessionEnd hook alone', () => {
    expect(sessions.length).toBe(16);
    for (const s of sessions) {
      const row = db
        .prepare('SELECT status, end_reason, ended_at, message_count FROM sessions WHERE id = ?')
        .get(s.id) as Record<string, unknown> | undefined;
      expect(row, s.scenario).toBeDefined();
      expect(row, s.scenario).toMatchObject({ status: 'ended', end_reason: 'other' });
      expect(row!.ended_at, s.scenario).toBeGreaterThan(0);
      expect(row!.message_count as number, s.scenario).toBeGreaterThan(0);
    }
    const log = path.join(WORK, 'home/.local/share/agentlog/agentlog.log');
    expect(fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '').toBe('');
  });

  it('holds the tool calls and failures of the transcripts, as the shared oracle counts them', () => {
    const oracle = JSON.parse(
      spawnSync('python3', [ORACLE, path.join(WORK, 'home/.claude/projects')], { encoding: 'utf8' }).stdout,
    );
    const calls = Object.fromEntries(
      (
        db.prepare('SELECT tool_name, count(*) AS n FROM tools GROUP BY 1').all() as { tool_name: string; n: number }[]
      ).map((r) => [r.tool_name, r.n]),
    );
    const failures = Object.fromEntries(
      (
        db.prepare('SELECT tool_name, count(*) AS n FROM tools WHERE success = 0 GROUP BY 1').all() as {
          tool_name: string;
          n: number;
        }[]
      ).map((r) => [r.tool_name, r.n]),
    );
    expect(calls).toEqual(oracle.tool_calls);
    expect(failures).toEqual(oracle.tool_failures);
    expect(
      (db.prepare("SELECT count(*) AS n FROM compaction_events WHERE kind = 'compact'").get() as { n: number }).n,
    ).toBe(oracle.compactions);
    const t = db
      .prepare(
        'SELECT sum(prompt_tokens) AS i, sum(completion_tokens) AS o, sum(cache_write_tokens) AS w, sum(cache_read_tokens) AS r FROM messages',
      )
      .get() as Record<string, number>;
    expect({ input: t.i, output: t.o, cache_creation: t.w, cache_read: t.r }).toEqual(oracle.tokens);
    expect((db.prepare('SELECT count(*) AS n FROM session_errors').get() as { n: number }).n).toBe(2);
  });
});
