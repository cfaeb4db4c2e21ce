// Where the Gemini CLI keeps its chats: <home>/.gemini/tmp/<project>/chats/, home = $GEMINI_CLI_HOME or ~.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RootSearch } from '../contract.js';

/** The `.gemini` folder: the CLI puts it under `$GEMINI_CLI_HOME` when that is set, else under the home folder. */
export function geminiDir(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.GEMINI_CLI_HOME || env.HOME || os.homedir();
  return path.join(home, '.gemini');
}

export function geminiRoots(env: NodeJS.ProcessEnv = process.env): RootSearch {
  const tmp = path.join(geminiDir(env), 'tmp');
  let found = false;
  try {
    found = fs.statSync(tmp).isDirectory();
  } catch {
    // no Gemini CLI data here
  }
  return { roots: found ? [tmp] : [], looked: [tmp] };
}

/** A chat file: `session-*.json` / `session-*.jsonl`, or a subagent's `chats/<parent>/<id>.jsonl`. */
export function isChatFile(file: string): boolean {
  const name = path.basename(file);
  if (/^session-.*\.jsonl?$/.test(name)) return true;
  return name.endsWith('.jsonl') && path.resolve(file).split(path.sep).includes('chats');
}

/** The chats no other agent's discovery may take: `chats/session-*.jsonl` and a subagent's `chats/<parent>/<id>.jsonl`. */
export const claimsChat = (file: string): boolean =>
  /[\\/]chats[\\/](?:session-[^\\/]*|[^\\/]+[\\/][^\\/]+)\.jsonl$/.test(file);
