// Where OpenCode keeps its data: opencode*.db (1.2 and later) and the legacy storage/ tree (1.1 and before).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RootSearch } from '../contract.js';

/** `$XDG_DATA_HOME/opencode`, else `~/.local/share/opencode` (OpenCode uses XDG paths on every platform). */
export function opencodeDataDir(env: NodeJS.ProcessEnv = process.env, home = env.HOME || os.homedir()): string {
  const xdg =
    env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : path.join(home, '.local', 'share');
  return path.join(xdg, 'opencode');
}

export const isOpencodeDb = (file: string) => /^opencode(-[\w.-]+)?\.db$/.test(path.basename(file));
export const isStorageDir = (dir: string) =>
  path.basename(dir) === 'storage' && fs.existsSync(path.join(dir, 'session'));

/** The databases (`OPENCODE_DB`, else every opencode*.db) and the legacy storage tree, where they exist. */
export function opencodeStores(env: NodeJS.ProcessEnv = process.env): RootSearch {
  const dir = opencodeDataDir(env);
  const looked: string[] = [];
  const roots: string[] = [];
  const named = env.OPENCODE_DB;
  if (named && named !== ':memory:') {
    const file = path.isAbsolute(named) ? named : path.join(dir, named);
    looked.push(file);
    if (fs.existsSync(file)) roots.push(file);
  } else {
    looked.push(path.join(dir, 'opencode*.db'));
    try {
      for (const name of fs.readdirSync(dir).sort()) if (isOpencodeDb(name)) roots.push(path.join(dir, name));
    } catch {
      // no OpenCode data here
    }
  }
  const storage = path.join(dir, 'storage');
  looked.push(storage);
  if (isStorageDir(storage)) roots.push(storage);
  return { roots, looked };
}
