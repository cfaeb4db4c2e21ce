// Finds Codex rollout files under a CODEX_HOME, a sessions folder, or as single files.
import fs from 'node:fs/promises';
import path from 'node:path';
import { baseName, type Discovery, listFolder } from '../folder-files.js';

const ROLLOUT = /^rollout-.*\.jsonl$/;
const HEAD_BYTES = 4096;

/**
 * A `.jsonl` named on the command line but not like a rollout is one when its first line is a
 * session_meta (a file someone copied or renamed, hand-written fixtures). Only the first 4 KB are read.
 */
async function startsWithSessionMeta(file: string): Promise<boolean> {
  let fh: fs.FileHandle | undefined;
  try {
    fh = await fs.open(file, 'r');
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, 0);
    const head = buf.subarray(0, bytesRead).toString('utf8');
    const first = head.split('\n', 1)[0] ?? '';
    return first.startsWith('{') && /"type"\s*:\s*"session_meta"/.test(first);
  } catch {
    return false; // unreadable: not ours to report
  } finally {
    await fh?.close();
  }
}

/** Every rollout below each path (sessions/YYYY/MM/DD/ and the flat archived_sessions/), sorted. */
export async function discoverCodexFiles(paths: string[], { list = listFolder }: Discovery = {}): Promise<string[]> {
  const found = new Set<string>();
  for (const p of paths) {
    const abs = path.resolve(p);
    const st = await fs.stat(abs);
    if (st.isFile()) {
      if (ROLLOUT.test(path.basename(abs)) || (abs.endsWith('.jsonl') && (await startsWithSessionMeta(abs))))
        found.add(abs);
      continue;
    }
    // In folders only the names Codex gives: a tree of other agents' JSONL is not opened.
    for (const f of list(abs).files) if (ROLLOUT.test(baseName(f.rel))) found.add(f.abs);
  }
  return [...found].sort();
}
