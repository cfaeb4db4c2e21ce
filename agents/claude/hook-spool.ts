// Reads the hook calls `agentlog hook` handed over while the database was busy, and applies them.
import fs from 'node:fs/promises';
import path from 'node:path';
import { dataDir } from '../../schema/paths.js';
import type { LineImporter } from '../contract.js';
import { lazyPart } from '../lazy-part.js';
import { CLAUDE_HOOKS_SPOOL, isClaudeHooksSpool } from '../spool-names.js';

// The hook payload's reader: an import with no spool, or nothing new in it, never loads it.
const reader = lazyPart('the Claude hook spool importer', () => import('./hook-payload.js'));

export const claudeHookSpoolImporter: LineImporter<null> = {
  kind: 'lines',
  pending: true,
  source: 'claude-code',
  parserVersion: 1,
  defaultRoots(env) {
    const file = path.join(dataDir({ env }), CLAUDE_HOOKS_SPOOL);
    return { roots: [file], looked: [] };
  },
  async discover(paths) {
    const found: string[] = [];
    for (const p of paths) {
      const st = await fs.stat(p).catch(() => undefined);
      if (st?.isFile() && isClaudeHooksSpool(p)) found.push(path.resolve(p));
    }
    return found.sort();
  },
  rejectsTo: (file) => `${file}.rejected`,
  async context() {
    await reader.load();
    return null;
  },
  map(value) {
    const payloads = reader.get();
    const line = value as { t?: unknown; payload?: unknown };
    try {
      const at = typeof line.t === 'number' ? Math.trunc(line.t) : Date.now();
      return payloads.hookRecords(payloads.payloadOf(line.payload), at);
    } catch (err) {
      if (err instanceof payloads.HookInputError) return { invalid: err.message };
      throw err;
    }
  },
};
