// Where Codex keeps rollouts: $CODEX_HOME (default ~/.codex), in sessions/ and archived_sessions/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RootSearch } from '../contract.js';

export function codexHome(env: NodeJS.ProcessEnv = process.env, home = env.HOME || os.homedir()): string {
  const configured = env.CODEX_HOME?.trim();
  return path.resolve(configured ? configured : path.join(home, '.codex'));
}

export function codexRoots(env: NodeJS.ProcessEnv = process.env, home = env.HOME || os.homedir()): RootSearch {
  const base = codexHome(env, home);
  const looked = [path.join(base, 'sessions'), path.join(base, 'archived_sessions')];
  return { roots: looked.filter(isDir), looked };
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
