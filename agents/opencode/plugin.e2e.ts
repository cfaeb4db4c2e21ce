// The real OpenCode CLI, with agentlog's plugin installed, through the harness's scenarios.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { waitForImports } from '../../test/wait-for-imports.js';

const ROOT = path.resolve(__dirname, '../..');
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

  it('holds the file edits, the API error, the compaction and the child session', () => {
    const edits =
      "SELECT count(*) AS n FROM file_operations WHERE source = 'opencode' AND operation_type IN ('edited', 'created')";
    expect(one(db, edits).n).toBeGreaterThan(0);
    expect(one(db, "SELECT count(*) AS n FROM session_errors WHERE source = 'opencode' AND status_code = 401").n).toBe(
      1,
    );
    expect(one(db, "SELECT count(*) AS n FROM compaction_events WHERE source = 'opencode'").n).toBe(1);
    const children = all(oc, 'SELECT id, parent_id FROM session WHERE parent_id IS NOT NULL') as {
      id: string;
      parent_id: string;
    }[];
    expect(children.length).toBe(1);
    expect(db.prepare('SELECT parent_session_id FROM sessions WHERE id = ?').get(children[0]!.id)).toEqual({
      parent_session_id: children[0]!.parent_id,
    });
  });
});

describe('OpenCode 1.1.65 (legacy JSON storage, Bun 1.3.9) with the agentlog plugin', () => {
  const WORK_165 = path.join(os.tmpdir(), 'agentlog-e2e-opencode-1.1');
  const OUT_165 = path.join(os.tmpdir(), 'agentlog-e2e-opencode-1.1-out');
  let db165: Database.Database;

  beforeAll(async () => {
    fs.rmSync(OUT_165, { recursive: true, force: true });
    const run = spawnSync('bash', [HARNESS, OUT_165], {
      encoding: 'utf8',
      env: {
        ...process.env,
        OC_VERSION: '1.1.65',
        OC_PREFIX: path.join(os.tmpdir(), 'oc-1.1.65'),
        OC_SCENARIOS: path.resolve(HARNESS, '../scenarios-1.1.mjs'),
        OC_WORK: WORK_165,
        OC_AFTER_CONFIG: `"${process.execPath}" "${ENTRY}" install opencode`,
      },
      timeout: 14 * 60_000,
    });
    if (run.status !== 0)
      throw new Error(`harness failed (${run.status}):\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-3000)}`);
    await waitForImports(ENTRY);
    db165 = new Database(path.join(WORK_165, 'home/.local/share/agentlog/agentlog.db'), { readonly: true });
  });

  it('holds every session of the storage tree, with tool failures, the 401 and the child', () => {
    const tree = path.join(WORK_165, 'home/.local/share/opencode/storage/session');
    const ids = fs
      .readdirSync(tree)
      .flatMap((p) => fs.readdirSync(path.join(tree, p)).map((f) => f.replace(/\.json$/, '')));
    expect(ids.length).toBeGreaterThan(5);
    const ours = new Set((all(db165, 'SELECT id FROM sessions') as { id: string }[]).map((r) => r.id));
    for (const id of ids) expect(ours.has(id), id).toBe(true);
    expect(one(db165, 'SELECT count(*) AS n FROM tools WHERE success = 0').n).toBeGreaterThan(0);
    expect(one(db165, 'SELECT count(*) AS n FROM session_errors WHERE status_code = 401').n).toBe(1);
    expect(one(db165, 'SELECT count(*) AS n FROM sessions WHERE parent_session_id IS NOT NULL').n).toBe(1);
  });
});
