// Reads the hook calls `agentlog hook` handed over while the database was busy, and applies them.
import fs from 'node:fs/promises';
import path from 'node:path';
import { HookInputError, hookRecords, payloadOf } from './hook-payload.js';
import { dataDir } from '../../schema/paths.js';
import type { LineImporter } from '../contract.js';
import { CLAUDE_HOOKS_SPOOL, isClaudeHooksSpool } from '../spool-names.js';

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
  context: async () => null,
  map(value) {
    const line = value as { t?: unknown; payload?: unknown };
    try {
      const at = typeof line.t === 'number' ? Math.trunc(line.t) : Date.now();
      return hookRecords(payloadOf(line.payload), at);
    } catch (err) {
      if (err instanceof HookInputError) return { invalid: err.message };
      throw err;
    }
  },
};
