// Reads OpenCode's legacy JSON storage tree (1.1 and before): session, message and part files.
import fs from 'node:fs';
import path from 'node:path';
import type { AnyRecord } from '../../schema/records.js';
import type { LineProblem, StoreFingerprint } from '../contract.js';
import { mapRow } from './db-reader.js';
import { messageRecords, partRecords, sessionFromInfo } from './map.js';

import type { Json } from '../json-values.js';

const jsonFiles = (dir: string): string[] => {
  try {
    return fs
      .readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .sort()
      .map((n) => path.join(dir, n));
  } catch {
    return [];
  }
};
const subdirs = (dir: string): string[] => {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => path.join(dir, e.name))
      .sort();
  } catch {
    return [];
  }
};

/** How many files the tree holds and when the newest changed: either moves when anything is written. */
export function storageFingerprint(root: string): StoreFingerprint {
  let size = 0;
  let mtime = 0;
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.json')) {
        size += 1;
        mtime = Math.max(mtime, Math.trunc(fs.statSync(p).mtimeMs));
      }
    }
  };
  walk(root);
  return { size, mtime_ms: mtime };
}

/**
 * Every session of the tree with its messages and parts, to records. Files OpenCode half wrote or
 * that are not JSON are reported with their path and skipped; the rest is imported.
 */
export function readOpencodeStorage(
  root: string,
  write: (r: AnyRecord) => void,
  report: (p: LineProblem) => void,
): { cursor: number | null; items: number; problems: number } {
  let problems = 0;
  const load = (file: string): Json | undefined => {
    try {
      const v: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Json;
      throw new Error('not a JSON object');
    } catch (err) {
      problems += 1;
      report({ path: file, line: 0, reason: `unreadable JSON: ${(err as Error).message}` });
      return undefined;
    }
  };
  const emit = (file: string, map: () => AnyRecord[]) => {
    const records = mapRow(map);
    if (!('invalid' in records)) for (const r of records) write(r);
    else {
      problems += 1;
      report({ path: file, line: 0, reason: records.invalid });
    }
  };
  let items = 0;
  for (const project of subdirs(path.join(root, 'session'))) {
    for (const sessionFile of jsonFiles(project)) {
      const info = load(sessionFile);
      const session = info && sessionFromInfo(info);
      if (!session) continue;
      items += 1;
      write(session);
      for (const messageFile of jsonFiles(path.join(root, 'message', session.id))) {
        const message = load(messageFile);
        if (!message) continue;
        const id = typeof message.id === 'string' ? message.id : path.basename(messageFile, '.json');
        const info: Json = { ...message, id, sessionID: session.id };
        emit(messageFile, () => messageRecords(info));
        const role = info.role === 'user' ? 'user' : 'assistant';
        for (const partFile of jsonFiles(path.join(root, 'part', id))) {
          const part = load(partFile);
          if (part) emit(partFile, () => partRecords({ ...part, messageID: id, sessionID: session.id }, role));
        }
      }
    }
  }
  return { cursor: null, items, problems };
}
