// The Claude Code importer: JSONL transcripts under ~/.claude/projects.
import fs from 'node:fs/promises';
import type { LineImporter } from '../contract.js';
import { discoverClaudeFiles } from './discover.js';
import { type ClaudeContext, finishContext, mapEntry, newContext } from './map.js';
import { claudeRoots } from './paths.js';
import { IGNORED_TYPES, readEntry } from './schema.js';

/** Reads the `agentType` of a 2.1.x `agent-<id>.meta.json` sidecar, if the file has one. */
async function sidecarAgentType(file: string): Promise<string | undefined> {
  if (!/[\\/]agent-[^\\/]+\.jsonl$/i.test(file)) return undefined;
  try {
    const meta: unknown = JSON.parse(await fs.readFile(file.replace(/\.jsonl$/i, '.meta.json'), 'utf8'));
    const t = (meta as { agentType?: unknown } | null)?.agentType;
    return typeof t === 'string' && t !== '' ? t : undefined;
  } catch {
    return undefined; // no sidecar (older layouts) or an unreadable one: the type comes from the parent instead
  }
}

export const claudeImporter: LineImporter<ClaudeContext> = {
  kind: 'lines',
  source: 'claude-code',
  parserVersion: 3,
  defaultRoots: (env) => claudeRoots(env),
  discover: discoverClaudeFiles,
  context: async (file) => newContext(file, await sidecarAgentType(file)),
  map(value, ctx) {
    const type = (value as { type?: unknown }).type;
    if (typeof type === 'string' && IGNORED_TYPES.has(type)) return [];
    const entry = readEntry(value as Record<string, unknown>);
    if (!entry) return { invalid: 'no entry type (a JSON object without a string "type")' };
    return mapEntry(entry, ctx);
  },
  finish: finishContext,
};
