// The real Gemini CLI 0.61.0, with `agentlog install gemini` run into its home, through the harness's scenarios.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { waitForImports } from '../../test/wait-for-imports.js';

const ROOT = path.resolve(__dirname, '../..');
const ENTRY = path.join(ROOT, 'dist/bin/agentlog.js');
const HARNESS = path.resolve(ROOT, '../shared/harness/gemini/run.sh');
const ORACLE = path.resolve(ROOT, '../shared/tools/oracle_gemini.py');
const WORK = path.join(os.tmpdir(), 'agentlog-e2e-gemini');
const OUT = path.join(os.tmpdir(), 'agentlog-e2e-gemini-out');

interface Oracle {
  sessions: number;
  tool_calls: Record<string, number>;
  tool_failures: Record<string, number>;
  per_session: Record<string, { responses: number; tokens: Record<string, number> }>;
}
let db: Database.Database;
let oracle: Oracle;
let sessions: { scenario: string; id: string; rc: number }[];

beforeAll(async () => {
  fs.rmSync(OUT, { recursive: true, force: true });
  const run = spawnSync('bash', [HARNESS, OUT], {
    encoding: 'utf8',
    env: {
      ...process.env,
      GEMINI_WORK: WORK,
      GEMINI_PREFIX: path.join(os.tmpdir(), 'agentlog-e2e-gemini-cli'),
      GEMINI_AFTER_CONFIG: `"${process.execPath}" "${ENTRY}" install gemini`,
    },
    timeout: 14 * 60_000,
  });
  if (run.status !== 0) throw new Error(`harness failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  await waitForImports(ENTRY);
  db = new Database(path.join(WORK, 'home/.local/share/agentlog/agentlog.db'), { readonly: true });
  oracle = JSON.parse(execFileSync('python3', [ORACLE, path.join(OUT, 'gemini-home')], { encoding: 'utf8' })) as Oracle;
  sessions = fs
    .readFileSync(path.join(OUT, 'sessions.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'))
    .map(([scenario, id, , rc]) => ({ scenario: scenario!, id: id!, rc: Number(rc) }));
});

describe('Gemini CLI with agentlog hooks', () => {
  it('installed the AfterAgent and SessionEnd hooks', () => {
    const settings = JSON.parse(fs.readFileSync(path.join(OUT, 'gemini-home/settings.json'), 'utf8'));
    for (const event of ['AfterAgent', 'SessionEnd']) {
      const commands = settings.hooks[event].flatMap((g: { hooks: { command: string }[] }) =>
        g.hooks.map((h) => h.command),
      );
      expect(commands.some((c: string) => c.endsWith('agentlog.js hook gemini'))).toBe(true);
    }
  });

  it('holds every session that answered, with no manual import', () => {
    const ids = new Set(
      (db.prepare("SELECT id FROM sessions WHERE source = 'gemini'").all() as { id: string }[]).map((r) => r.id),
    );
    // api-fatal fails before any answer: the CLI keeps no chat for it (see the harness notes).
    for (const s of sessions.filter((s) => s.rc === 0 && s.id !== '')) expect(ids, s.scenario).toContain(s.id);
    // The database may hold more than the files left on disk (a chat the CLI deleted), never less.
    expect(ids.size).toBeGreaterThanOrEqual(oracle.sessions);
  });

  it('equals oracle_gemini.py on every session whose chat file is still there', () => {
    for (const [id, o] of Object.entries(oracle.per_session)) {
      const r = db
        .prepare(
          `SELECT count(prompt_tokens) AS responses, coalesce(sum(prompt_tokens + cache_read_tokens), 0) AS input_plus_tool,
             coalesce(sum(cache_read_tokens), 0) AS cached, coalesce(sum(completion_tokens - reasoning_tokens), 0) AS output,
             coalesce(sum(reasoning_tokens), 0) AS thoughts, coalesce(sum(tokens), 0) AS total
           FROM messages WHERE session_id = ?`,
        )
        .get(id);
      expect(r, id).toEqual({
        responses: o.responses,
        input_plus_tool: (o.tokens.input ?? 0) + (o.tokens.tool ?? 0),
        cached: o.tokens.cached,
        output: o.tokens.output,
        thoughts: o.tokens.thoughts,
        total: o.tokens.total,
      });
    }
    const onDisk = Object.keys(oracle.per_session);
    const calls: Record<string, number> = {};
    const fails: Record<string, number> = {};
    for (const r of db
      .prepare(
        `SELECT tool_name, count(*) AS n, sum(success = 0) AS f FROM tools
         WHERE session_id IN (SELECT value FROM json_each(?)) GROUP BY 1 ORDER BY 1`,
      )
      .all(JSON.stringify(onDisk)) as { tool_name: string; n: number; f: number }[]) {
      calls[r.tool_name] = r.n;
      if (r.f > 0) fails[r.tool_name] = r.f;
    }
    expect(calls).toEqual(oracle.tool_calls);
    expect(fails).toEqual(oracle.tool_failures);
  });
});
