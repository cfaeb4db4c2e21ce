// The real Codex CLI through the harness's scenarios, with `agentlog install codex`: no manual import.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { waitForImports } from '../../test/wait-for-imports.js';

const ROOT = path.resolve(__dirname, '../..');
const ENTRY = path.join(ROOT, 'dist/bin/agentlog.js');
const HARNESS = path.resolve(ROOT, '../shared/harness/codex/run.sh');
const ORACLE = path.resolve(ROOT, '../shared/tools/oracle_codex.py');
const WORK = path.join(os.tmpdir(), 'agentlog-e2e-codex');
const OUT = path.join(os.tmpdir(), 'agentlog-e2e-codex-out');

let db: Database.Database;

beforeAll(async () => {
  fs.rmSync(OUT, { recursive: true, force: true });
  const run = spawnSync('bash', [HARNESS, OUT], {
    encoding: 'utf8',
    env: { ...process.env, CODEX_WORK: WORK, CODEX_AFTER_CONFIG: `"${process.execPath}" "${ENTRY}" install codex` },
    timeout: 14 * 60_000,
  });
  if (run.status !== 0) throw new Error(`harness failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  await waitForImports(ENTRY);
  db = new Database(path.join(WORK, 'home/.local/share/agentlog/agentlog.db'), { readonly: true });
});

const one = (sql: string) => db.prepare(sql).get() as Record<string, number>;

describe('Codex CLI with agentlog notify', () => {
  it('installed the notify program in the harness config', () => {
    expect(fs.readFileSync(path.join(OUT, 'config.toml'), 'utf8')).toMatch(
      /^notify = \[.*agentlog\.js", "hook", "codex"\]$/m,
    );
  });

  it('the database, filled by the notify hook alone, equals the oracle on the rollouts Codex wrote', () => {
    const run = spawnSync('python3', [ORACLE, path.join(OUT, 'sessions'), path.join(OUT, 'archived_sessions')], {
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    const oracle = JSON.parse(run.stdout);
    // Each notify imports every rollout that changed, so a turn that failed without a notify
    // (api-retry, api-fatal) is taken by the next turn's, and the archived file's new path too.
    const t = one(
      `SELECT sum(prompt_tokens + cache_read_tokens) AS input, sum(cache_read_tokens) AS cached_input,
         sum(completion_tokens) AS output, sum(reasoning_tokens) AS reasoning, count(*) AS responses
       FROM messages WHERE source = 'codex' AND tokens IS NOT NULL`,
    );
    const { total: _, ...tokens } = oracle.tokens_total;
    expect(t).toEqual(tokens);
    expect(one("SELECT count(*) AS n FROM sessions WHERE source = 'codex'").n).toBe(oracle.sessions);
    expect(one("SELECT count(*) AS n FROM messages WHERE source = 'codex' AND role = 'user'").n).toBe(oracle.turns);
    const tools: Record<string, number> = {};
    const failures: Record<string, number> = {};
    for (const r of db
      .prepare("SELECT tool_name, count(*) AS n, sum(success = 0) AS f FROM tools WHERE source = 'codex' GROUP BY 1")
      .all() as { tool_name: string; n: number; f: number }[]) {
      tools[r.tool_name] = r.n;
      if (r.f > 0) failures[r.tool_name] = r.f;
    }
    expect(tools).toEqual(oracle.tool_calls);
    expect(failures).toEqual(oracle.tool_failures);
    expect(one("SELECT count(*) AS n FROM compaction_events WHERE source = 'codex'").n).toBe(oracle.compactions);
    expect(
      one("SELECT count(*) AS n FROM session_errors WHERE source = 'codex' AND error_type <> 'stream_error'").n,
    ).toBe(oracle.api_errors);
    const forks = Object.fromEntries(
      (
        db
          .prepare(
            "SELECT id, parent_session_id FROM sessions WHERE source = 'codex' AND parent_session_id IS NOT NULL",
          )
          .all() as { id: string; parent_session_id: string }[]
      ).map((r) => [r.id, r.parent_session_id]),
    );
    expect(forks).toEqual(oracle.forks);
  });
});
