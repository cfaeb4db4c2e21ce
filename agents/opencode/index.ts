// The OpenCode importer: its SQLite database (1.2 and later) and its legacy JSON storage tree.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { StoreImporter } from '../contract.js';
import { isOpencodeDb, isStorageDir, opencodeStores } from './paths.js';

// The readers (and the mapper they load) are loaded when a store is found, not with the registry.
const dbReader = () => import('./db-reader.js');
const storageReader = () => import('./storage-reader.js');

export const opencodeImporter: StoreImporter = {
  kind: 'store',
  source: 'opencode',
  parserVersion: 2,
  defaultRoots: (env) => opencodeStores(env),
  /** A PATH may name a database, a storage folder, or OpenCode's data folder holding either. */
  async discover(paths) {
    const found = new Set<string>();
    for (const p of paths) {
      const abs = path.resolve(p);
      const st = await fs.stat(abs).catch(() => undefined);
      if (!st) continue;
      if (st.isFile() && isOpencodeDb(abs)) found.add(abs);
      if (!st.isDirectory()) continue;
      if (isStorageDir(abs)) found.add(abs);
      for (const name of await fs.readdir(abs)) {
        if (isOpencodeDb(name)) found.add(path.join(abs, name));
        if (name === 'storage' && isStorageDir(path.join(abs, name))) found.add(path.join(abs, name));
      }
    }
    return [...found].sort();
  },
  fingerprint: async (store) =>
    isOpencodeDb(store) ? (await dbReader()).dbFingerprint(store) : (await storageReader()).storageFingerprint(store),
  async read(store, saved, write, report) {
    if (isOpencodeDb(store)) {
      const since = saved && saved.parser_version === this.parserVersion ? (saved.cursor ?? null) : null;
      return (await dbReader()).readOpencodeDb(store, since, write, report);
    }
    return (await storageReader()).readOpencodeStorage(store, write, report);
  },
};
