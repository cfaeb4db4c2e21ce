// The agents choose their files from one listing of a folder: the same files their globs chose.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverClaudeFiles } from './claude/discover.js';
import { discoverCodexFiles } from './codex/discover.js';
import { listFolder } from './folder-files.js';
import { discoverGeminiChats } from './gemini/discover.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-folder-files-'));
const tree = path.join(work, 'tree');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

// Hidden names, links, workflow journals, spools, skipped Gemini folders, chats at several depths.
const FILES = [
  'a/.hidden/x.jsonl',
  'a/y.jsonl',
  'a/.z.jsonl',
  'b/workflows/journal.jsonl',
  'b/workflows/x/journal.jsonl',
  'b/journal.jsonl',
  'c/chats/session-1.json',
  'c/chats/session-2.jsonl',
  'c/chats/session-x.txt',
  'c/chats/parent/sub.jsonl',
  'c/chats/parent/.sub.jsonl',
  'c/chats/other.jsonl',
  'd/history/chats/session-3.json',
  'e/node_modules/chats/session-4.json',
  'f/chats/session-.json',
  'g/tool-outputs/chats/session-5.jsonl',
  'h/sessions/2025/01/02/rollout-2025-a.jsonl',
  'h/rollout-.jsonl',
  '.dot/chats/session-6.json',
  'i/chats/p/q/r.jsonl',
  'opencode-spool.jsonl',
  'claude-hooks-spool-1.jsonl',
  'x.json',
];

beforeAll(() => {
  for (const f of FILES) {
    fs.mkdirSync(path.join(tree, path.dirname(f)), { recursive: true });
    fs.writeFileSync(path.join(tree, f), '');
  }
  fs.symlinkSync(path.join(tree, 'a/y.jsonl'), path.join(tree, 'a/link.jsonl'));
  fs.symlinkSync(path.join(tree, 'c'), path.join(tree, 'c/linked'));
});

const below = (root: string, files: string[]) => files.map((f) => path.relative(root, f).split(path.sep).join('/'));

describe('listFolder', () => {
  it('lists every regular file once, without hidden names or links', () => {
    const { files, unreadable } = listFolder(tree);
    expect(files.map((f) => f.rel).sort()).toEqual(FILES.filter((f) => !/(^|\/)\./.test(f)).sort());
    for (const f of files) expect(f.abs).toBe(path.join(tree, f.rel));
    expect(unreadable).toEqual([]);
  });
});

describe('each agent takes its own files from the listing, as its glob did', () => {
  it('Claude Code: every *.jsonl but workflow journals and agentlog spools', async () => {
    expect(below(tree, await discoverClaudeFiles([tree]))).toEqual([
      'a/y.jsonl',
      'b/journal.jsonl',
      'c/chats/other.jsonl',
      'c/chats/parent/sub.jsonl',
      'c/chats/session-2.jsonl',
      'g/tool-outputs/chats/session-5.jsonl',
      'h/rollout-.jsonl',
      'h/sessions/2025/01/02/rollout-2025-a.jsonl',
      'i/chats/p/q/r.jsonl',
    ]);
  });

  it('Codex: rollout-*.jsonl only', async () => {
    expect(below(tree, await discoverCodexFiles([tree]))).toEqual([
      'h/rollout-.jsonl',
      'h/sessions/2025/01/02/rollout-2025-a.jsonl',
    ]);
  });

  it('Gemini CLI: chats and subagent chats, not under history, tool-outputs or node_modules', async () => {
    expect(below(tree, await discoverGeminiChats([tree]))).toEqual([
      'c/chats/parent/sub.jsonl',
      'c/chats/session-1.json',
      'c/chats/session-2.jsonl',
      'f/chats/session-.json',
    ]);
    const chats = path.join(tree, 'c/chats');
    expect(below(chats, await discoverGeminiChats([chats]))).toEqual([
      'parent/sub.jsonl',
      'session-1.json',
      'session-2.jsonl',
    ]);
  });
});
