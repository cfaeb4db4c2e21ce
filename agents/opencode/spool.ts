// Reads the spool agentlog's OpenCode plugin appends to: one JSON line per live event.
import fs from 'node:fs/promises';
import path from 'node:path';
import { dataDir } from '../../schema/paths.js';
import type { LineImporter } from '../contract.js';
import type { Json } from '../json-values.js';
import { isOpencodeSpool, OPENCODE_SPOOL } from '../spool-names.js';

// The spool's mapper, loaded by the first `context` (which comes before any `map` of a file): an
// import with no spool, or nothing new in it, never loads it.
let mapper: typeof import('./spool-map.js') | undefined;

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
    mapper ??= await import('./spool-map.js');
    return null;
  },
  map(value) {
    if (!mapper) throw new Error("the OpenCode spool importer maps a line before its file's context was made");
    return mapper.mapSpoolLine(value as Json);
  },
};
