// Finds Gemini CLI chat files under a `.gemini` folder, its `tmp` folder, a project folder or as one file.
import fs from 'node:fs/promises';
import path from 'node:path';
import { type Discovery, listFolder } from '../folder-files.js';
import { isChatFile } from './paths.js';

const SESSION = /^session-[^/]*\.jsonl?$/;
/** Chats are never below these: history/ holds checkpoint git repositories, tool-outputs/ long outputs. */
const SKIPPED = new Set(['history', 'tool-outputs', 'node_modules']);

/** `chats/session-*.json(l)` or a subagent's `chats/<parent>/<id>.jsonl`, the folder itself possibly `chats`. */
function isChatBelow(rel: string, inChats: boolean): boolean {
  const folders = (inChats ? `chats/${rel}` : rel).split('/');
  const name = folders.pop() ?? '';
  if (folders.some((f) => SKIPPED.has(f))) return false;
  if (folders.at(-1) === 'chats' && SESSION.test(name)) return true;
  return folders.at(-2) === 'chats' && name.endsWith('.jsonl');
}

export async function discoverGeminiChats(paths: string[], { list = listFolder }: Discovery = {}): Promise<string[]> {
  const found = new Set<string>();
  for (const p of paths) {
    const abs = path.resolve(p);
    const st = await fs.stat(abs).catch(() => undefined);
    if (!st) continue;
    if (st.isFile()) {
      if (isChatFile(abs)) found.add(abs);
      continue;
    }
    if (!st.isDirectory()) continue;
    const inChats = path.basename(abs) === 'chats';
    for (const f of list(abs).files) if (isChatBelow(f.rel, inChats)) found.add(f.abs);
  }
  return [...found].sort();
}
