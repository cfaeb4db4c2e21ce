// The Claude Code importer: JSONL transcripts under ~/.claude/projects.
import fs from 'node:fs/promises';
import type { LineImporter } from '../contract.js';
import { lazyPart } from '../lazy-part.js';
import { discoverClaudeFiles } from './discover.js';
import type { ClaudeContext } from './map.js';
import { claudeRoots } from './paths.js';

// The mapper and its entry reader: an import that finds nothing changed, or only other agents'
// files, never loads them.
const parts = lazyPart('the Claude importer', async () => {
  const [map, schema] = await Promise.all([import('./map.js'), import('./schema.js')]);
  return { map, schema };
});

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
  context: async (file) => (await parts.load()).map.newContext(file, await sidecarAgentType(file)),
  map(value, ctx) {
    const { map, schema } = parts.get();
    const type = (value as { type?: unknown }).type;
    if (typeof type === 'string' && schema.IGNORED_TYPES.has(type)) return [];
    const entry = schema.readEntry(value as Record<string, unknown>);
    if (!entry) return { invalid: 'no entry type (a JSON object without a string "type")' };
    return map.mapEntry(entry, ctx);
  },
  finish: (ctx) => parts.get().map.finishContext(ctx),
};
