// The real OpenCode CLI, with agentlog's plugin installed, through the harness's scenarios.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { waitForImports } from './wait-for-imports.js';

const ROOT = path.resolve(__dirname, '..');
const ENTRY = path.join(ROOT, 'dist/bin/agentlog.js');
const HARNESS = path.resolve(ROOT, '../shared/harness/opencode/run.sh');
const WORK = path.join(os.tmpdir(), 'agentlog-e2e-opencode');
const OUT = path.join(os.tmpdir(), 'agentlog-e2e-opencode-out');

let db: Database.Database;
let oc: Database.Database;
let harnessSessions: string[];

beforeAll(async () => {
  fs.rmSync(OUT, { recursive: true, force: true });
  const run = spawnSync('bash', [HARNESS, OUT], {
    encoding: 'utf8',
    env: { ...process.env, OC_WORK: WORK, OC_AFTER_CONFIG: `"${process.execPath}" "${ENTRY}" install opencode` },
    timeout: 14 * 60_000,
  });
  if (run.status !== 0)
    throw new Error(`harness failed (${run.status}):\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-3000)}`);
  await waitForImports(ENTRY);
  db = new Database(path.join(WORK, 'home/.local/share/agentlog/agentlog.db'), { readonly: true });
  oc = new Database(path.join(OUT, 'opencode.db'), { readonly: true });
  harnessSessions = (oc.prepare('SELECT id FROM session').all() as { id: string }[]).map((r) => r.id);
});

const all = (d: Database.Database, sql: string) => d.prepare(sql).all();
const one = (d: Database.Database, sql: string) => d.prepare(sql).get() as Record<string, number>;

describe('OpenCode with the agentlog plugin', () => {
  it("holds every session of OpenCode's own database, imported by the plugin's trigger alone", () => {
    expect(harnessSessions.length).toBeGreaterThan(5);
    const ours = new Set(
      (all(db, "SELECT id FROM sessions WHERE source = 'opencode'") as { id: string }[]).map((r) => r.id),
    );
    for (const id of harnessSessions) expect(ours.has(id), id).toBe(true);
    const log = path.join(WORK, 'home/.local/share/agentlog/agentlog.log');
    expect(fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '').toBe('');
  });

  it('holds the tool calls with their failures, the rejected permission among them, as OpenCode stored them', () => {
    const stored = (
      all(
        oc,
        "SELECT json_extract(data, '$.tool') AS tool, json_extract(data, '$.state.status') AS status FROM part WHERE json_extract(data, '$.type') = 'tool'",
      ) as {
        tool: string;
        status: string;
      }[]
    ).filter((p) => p.status === 'completed' || p.status === 'error');
    const count = (rows: { tool: string; failed: boolean }[]) =>
      rows.reduce<Record<string, number>>(
        (m, r) => (
          (m[`${r.tool}:${r.failed ? 'failed' : 'ok'}`] = (m[`${r.tool}:${r.failed ? 'failed' : 'ok'}`] ?? 0) + 1),
          m
        ),
        {},
      );
    const ours = all(db, "SELECT tool_name AS tool, success FROM tools WHERE source = 'opencode'") as {
      tool: string;
      success: number;
    }[];
    expect(count(ours.map((r) => ({ tool: r.tool, failed: r.success === 0 })))).toEqual(
      count(stored.map((p) => ({ tool: p.tool, failed: p.status === 'error' }))),
    );
    expect(
      one(db, "SELECT count(*) AS n FROM tools WHERE success = 0 AND error_message LIKE '%rejected%'").n,
    ).toBeGreaterThan(0);
  });

  it('holds the file edits, the API error and the compaction', () => {
    expect(
      one(
        db,
        "SELECT count(*) AS n FROM file_operations WHERE source = 'opencode' AND operation_type IN ('edited', 'created')",
      ).n,
    ).toBeGreaterThan(0);
    expect(one(db, "SELECT count(*) AS n FROM session_errors WHERE source = 'opencode' AND status_code = 401").n).toBe(
      1,
    );
    expect(one(db, "SELECT count(*) AS n FROM compaction_events WHERE source = 'opencode'").n).toBeGreaterThan(0);
  });
});
