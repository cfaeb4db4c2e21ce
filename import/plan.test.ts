// The import plan walks each folder given once, whichever agents look in it, and gives each agent its own files.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ListFolder, listFolder } from '../agents/folder-files.js';
import { planImport } from './run.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-plan-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function write(rel: string) {
  fs.mkdirSync(path.join(work, path.dirname(rel)), { recursive: true });
  fs.writeFileSync(path.join(work, rel), '');
}

describe('planImport of folders given on the command line', () => {
  it('lists each folder once for every agent, and each agent takes the files it claims', async () => {
    for (const f of [
      'mixed/projects/-home-me-app/s1.jsonl',
      'mixed/sessions/2026/11/27/rollout-2026-11-27T10-00-00-abc.jsonl',
      'mixed/tmp/proj/chats/session-2026-11-27T10-00-abc.json',
      'other/projects/-home-me-lib/s2.jsonl',
    ])
      write(f);
    const listed: string[] = [];
    const counting: ListFolder = (dir) => {
      listed.push(dir);
      return listFolder(dir);
    };
    const mixed = path.join(work, 'mixed');
    const other = path.join(work, 'other');
    const planned = await planImport({ paths: [mixed, other], sources: ['claude-code', 'codex', 'gemini'] }, counting);

    expect(listed.sort()).toEqual([mixed, other]);
    const filesOf = (source: string) =>
      planned.plan
        .filter((p) => p.importer.source === source)
        .flatMap((p) => p.files)
        .map((f) => path.relative(work, f).split(path.sep).join('/'));
    expect(filesOf('claude-code')).toEqual([
      'mixed/projects/-home-me-app/s1.jsonl',
      'other/projects/-home-me-lib/s2.jsonl',
    ]);
    expect(filesOf('codex')).toEqual(['mixed/sessions/2026/11/27/rollout-2026-11-27T10-00-00-abc.jsonl']);
    expect(filesOf('gemini')).toEqual(['mixed/tmp/proj/chats/session-2026-11-27T10-00-abc.json']);
    expect(planned.found).toBe(4);
  });
});
