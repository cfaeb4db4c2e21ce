// Finds Gemini CLI chat files under a `.gemini` folder, its `tmp` folder, a project folder or as one file.
import fs from 'node:fs/promises';
import path from 'node:path';
import fg from 'fast-glob';
import { isChatFile } from './paths.js';

export async function discoverGeminiChats(paths: string[]): Promise<string[]> {
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
    // Only under chats/: history/ holds checkpoint git repositories, tool-outputs/ long outputs.
    const files = await fg(
      [
        '**/chats/session-*.json',
        '**/chats/session-*.jsonl',
        '**/chats/*/*.jsonl',
        ...(path.basename(abs) === 'chats' ? ['session-*.json', 'session-*.jsonl', '*/*.jsonl'] : []),
      ],
      {
        cwd: abs,
        absolute: true,
        onlyFiles: true,
        followSymbolicLinks: false,
        suppressErrors: true,
        ignore: ['**/history/**', '**/tool-outputs/**', '**/node_modules/**'],
      },
    );
    for (const f of files) found.add(path.resolve(f));
  }
  return [...found].sort();
}
