// Reads the spool agentlog's OpenCode plugin appends to: one JSON line per live event.
import fs from 'node:fs/promises';
import path from 'node:path';
import { dataDir } from '../../schema/paths.js';
import type { LineImporter } from '../contract.js';
import { lazyPart } from '../lazy-part.js';
import type { Json } from '../json-values.js';
import { isOpencodeSpool, OPENCODE_SPOOL } from '../spool-names.js';

// The spool's mapper: an import with no spool, or nothing new in it, never loads it.
const mapper = lazyPart('the OpenCode spool importer', () => import('./spool-map.js'));

export const opencodeSpoolImporter: LineImporter<null> = {
  kind: 'lines',
  pending: true,
  source: 'opencode',
  // 2: permission prompts and answers are read (they were kept in the spool, unread, before).
  parserVersion: 2,
  defaultRoots(env) {
    const file = path.join(dataDir({ env }), OPENCODE_SPOOL);
    return { roots: [file], looked: [file] };
  },
  async discover(paths) {
    const found: string[] = [];
    for (const p of paths) {
      const st = await fs.stat(p).catch(() => undefined);
      if (st?.isFile() && isOpencodeSpool(p)) found.push(path.resolve(p));
      if (st?.isDirectory()) {
        for (const name of await fs.readdir(p)) if (isOpencodeSpool(name)) found.push(path.resolve(p, name));
      }
    }
    return found.sort();
  },
  rejectsTo: (file) => `${file}.rejected`,
  async context() {
    await mapper.load();
    return null;
  },
  map: (value) => mapper.get().mapSpoolLine(value as Json),
};
