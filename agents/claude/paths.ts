// Where Claude Code keeps transcripts: $CLAUDE_CONFIG_DIR entries, else ~/.claude and ~/.config/claude.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RootSearch } from '../contract.js';

export function claudeRoots(env: NodeJS.ProcessEnv = process.env, home = os.homedir()): RootSearch {
  const configured = (env.CLAUDE_CONFIG_DIR ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const candidates =
    configured.length > 0
      ? configured.map((dir) => path.join(dir, 'projects'))
      : [path.join(home, '.claude', 'projects'), path.join(home, '.config', 'claude', 'projects')];
  const looked = [...new Set(candidates.map((p) => path.resolve(p)))];
  return { roots: looked.filter((p) => isDir(p)), looked };
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
