// Every agent agentlog knows, one entry each; adding an agent adds its folder and one line here.
// Loads no parser and no zod (each entry loads its parts on demand): `agentlog hook` reads this file.
import { claudeAgent } from './claude/agent.js';
import { codexAgent } from './codex/agent.js';
import type { Agent, Importer } from './contract.js';
import { geminiAgent } from './gemini/agent.js';
import type { Source } from './names.js';
import { SHORT_NAMES } from './names.js';
import { opencodeAgent } from './opencode/agent.js';

export const agents: readonly Agent[] = [claudeAgent, opencodeAgent, codexAgent, geminiAgent];

/** `agentlog hook` with no name: Claude Code's hooks were installed as plain `agentlog hook`. */
export const DEFAULT_HOOK_AGENT: Source = 'claude-code';

/** The agent a short name (`claude`) or a source name (`claude-code`) stands for. */
export const agentNamed = (name: string): Agent | undefined =>
  agents.find((a) => a.source === name || SHORT_NAMES[a.source] === name);

/** Every importer of the given sources (all when none given), in registry order. */
export async function importersOf(sources?: readonly Source[]): Promise<Importer[]> {
  const chosen = agents.filter((a) => !sources || sources.includes(a.source));
  return (await Promise.all(chosen.map((a) => a.importers()))).flat();
}
