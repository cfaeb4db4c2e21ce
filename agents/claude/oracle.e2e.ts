// The Claude importer against shared/tools/oracle_claude.py run live (a contributor's extra: needs ../shared and python3).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../schema/open-db.js';
import { oracleView } from '../../test/claude-oracle-view.js';
import { DEMO_ORACLE, SAMPLES_ORACLE } from '../../test/claude-oracle-totals.js';
import { runImport } from '../../import/run.js';

const ROOT = path.resolve(__dirname, '../..');
const ORACLE = path.resolve(ROOT, '../shared/tools/oracle_claude.py');
const SAMPLES = path.join(ROOT, 'fixtures/samples/claude');
const DEMO = path.join(ROOT, 'fixtures/demo/claude/projects');

function oracle(root: string) {
  const r = spawnSync('python3', [ORACLE, root], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('the shared oracle (shared/tools/oracle_claude.py), run now', () => {
  for (const [name, root, recorded] of [
    ['the samples', SAMPLES, SAMPLES_ORACLE],
    ['the demo corpus', DEMO, DEMO_ORACLE],
  ] as const) {
    it(`agrees with the database on ${name}, and with the totals npm test keeps`, async () => {
      const now = oracle(root);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-oracle-'));
      try {
        const d = openDb(path.join(dir, 'agentlog.db'));
        const summary = await runImport(d, { paths: [root] });
        const got = oracleView(d, summary.badLines);
        d.close();
        const { tool_calls, tool_failures, tokens, api_messages, compactions, sessions, bad_lines } = now;
        const fromOracle = { tool_calls, tool_failures, tokens, api_messages, compactions, sessions, bad_lines };
        expect(got).toEqual(fromOracle);
        expect(recorded).toEqual(fromOracle); // when this fails, the fixtures changed: record the totals again
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
