// Finding transcripts: folders that cannot be read are named, not skipped in silence.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = path.resolve(__dirname, '../../dist/bin/agentlog.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-discover-'));
afterAll(() => {
  fs.chmodSync(path.join(work, 'projects', 'locked'), 0o755);
  fs.rmSync(work, { recursive: true, force: true });
});

const entry = (uuid: string) =>
  JSON.stringify({
    type: 'user',
    uuid,
    sessionId: 's1',
    timestamp: '2025-01-01T00:00:00Z',
    message: { role: 'user', content: 'hello' },
  });

// root reads any folder: the import then runs as an unprivileged user, which must be able to reach
// the built CLI (a clone inside a private folder, such as /root or a mktemp -d, is out of its reach).
const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
const cliReachable =
  spawnSync(
    process.execPath,
    ['-e', `require('fs').accessSync(${JSON.stringify(CLI)}, require('fs').constants.R_OK)`],
    {
      ...asUser,
    },
  ).status === 0;

describe('a projects tree with a folder agentlog cannot read', () => {
  it.skipIf(!cliReachable)(
    'imports the rest and names the folder in the summary (skipped when the unprivileged user cannot reach the CLI)',
    () => {
      fs.chmodSync(work, 0o755);
      for (const d of ['projects/open', 'projects/locked', 'data'])
        fs.mkdirSync(path.join(work, d), { recursive: true });
      fs.writeFileSync(path.join(work, 'projects/open/s1.jsonl'), `${entry('u1')}\n`);
      fs.writeFileSync(path.join(work, 'projects/locked/s2.jsonl'), `${entry('u2')}\n`);
      fs.chmodSync(path.join(work, 'projects/locked'), 0o000);
      fs.chmodSync(path.join(work, 'data'), 0o777);
      const r = spawnSync(
        process.execPath,
        [CLI, 'import', '--db', path.join(work, 'data/a.db'), path.join(work, 'projects')],
        {
          encoding: 'utf8',
          env: { PATH: process.env.PATH, HOME: work, XDG_DATA_HOME: path.join(work, 'data') },
          cwd: work,
          ...asUser,
        },
      );
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/Scanned 1 file .*1 imported.*1 failed/);
      expect(r.stdout).toContain(
        `Failed: projects/locked: cannot read this folder, its files were not imported: EACCES`,
      );
      expect(r.status).toBe(1);
    },
  );
});
