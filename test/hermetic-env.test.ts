// The test environment itself: a temporary HOME for in-process code and for spawned agentlog processes.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport } from '../import/run.js';
import { openDb } from '../schema/open-db.js';
import { resolveDbPath } from '../schema/paths.js';
import { assertHermetic, spawnEnv } from './hermetic-env.js';

const CLI = path.resolve(__dirname, '../dist/bin/agentlog.js');
const home = process.env.HOME!;

describe('every test file', () => {
  it('runs with a temporary HOME and none of the variables that point elsewhere', () => {
    expect(home.startsWith(os.tmpdir())).toBe(true);
    expect(os.homedir()).toBe(home);
    expect(fs.statSync(home).isDirectory()).toBe(true);
    for (const name of ['AGENTLOG_DB', 'CLAUDE_CONFIG_DIR', 'CODEX_HOME', 'GEMINI_CLI_HOME', 'XDG_DATA_HOME'])
      expect(process.env[name], name).toBeUndefined();
    expect(resolveDbPath(undefined)).toBe(path.join(home, '.local/share/agentlog/agentlog.db'));
  });

  it('imports in-process from the temporary HOME only: a spool planted there is read', async () => {
    const spool = path.join(home, '.local/share/agentlog/opencode-spool.jsonl');
    fs.mkdirSync(path.dirname(spool), { recursive: true });
    fs.writeFileSync(spool, 'not json\n');
    const db = openDb(':memory:');
    try {
      const empty = fs.mkdtempSync(path.join(home, 'empty-'));
      const s = await runImport(db, { paths: [empty] });
      expect(s.problems.map((p) => p.path)).toContain(spool);
    } finally {
      db.close();
      fs.rmSync(spool);
    }
  });

  it('gives spawned agentlog processes the same HOME: the default database lands inside it', () => {
    const projects = path.join(home, '.claude/projects/-p');
    fs.mkdirSync(projects, { recursive: true });
    fs.copyFileSync(
      path.resolve(__dirname, '../fixtures/samples/claude/claude-code-log/edit_tool.jsonl'),
      path.join(projects, 'edit_tool.jsonl'),
    );
    const r = spawnSync(process.execPath, [CLI, 'import', '--json'], { encoding: 'utf8', env: spawnEnv() });
    expect(r.stderr).toBe('');
    const summary = JSON.parse(r.stdout);
    expect(summary.database).toBe(path.join(home, '.local/share/agentlog/agentlog.db'));
    expect(summary.imported).toBe(1);
  });

  it('refuses an environment whose HOME is not temporary', () => {
    expect(() => assertHermetic({ HOME: '/root' })).toThrow(/HOME is \/root/);
    expect(() => spawnEnv({ HOME: '/home/someone' })).toThrow(/not a temporary folder/);
    expect(spawnEnv({ AGENTLOG_DB: '/x/a.db' }).AGENTLOG_DB).toBe('/x/a.db');
  });
});
