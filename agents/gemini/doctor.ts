// What `agentlog doctor` says about the Gemini CLI: its hooks and its chat folder.
import fs from 'node:fs';
import type { Check as GeminiCheck } from '../../schema/health.js';
import { geminiRoots } from './paths.js';
import { GEMINI_HOOK_EVENTS, geminiHookCommand, geminiSettingsPath, isAgentlogGeminiHandler } from './install.js';


export function geminiChecks(nodePath: string, entry: string, env: NodeJS.ProcessEnv = process.env): GeminiCheck[] {
  const settings = geminiSettingsPath(env);
  const command = geminiHookCommand(nodePath, entry);
  let hooks: GeminiCheck = {
    ok: false,
    what: 'Gemini CLI hooks',
    detail: `not installed in ${settings}: run \`agentlog install gemini\``,
  };
  try {
    const json = JSON.parse(fs.readFileSync(settings, 'utf8')) as { hooks?: Record<string, { hooks?: unknown[] }[]> };
    const commands = GEMINI_HOOK_EVENTS.map(
      (e) =>
        (
          (json.hooks?.[e] ?? []).flatMap((g) => g.hooks ?? []).find(isAgentlogGeminiHandler) as
            { command?: string } | undefined
        )?.command,
    );
    if (commands.every((c) => c === command))
      hooks = { ...hooks, ok: true, detail: `installed and current in ${settings}` };
    else if (commands.some(Boolean))
      hooks = {
        ...hooks,
        detail: `installed in ${settings} but for another agentlog or not for every event: run \`agentlog install gemini\` again`,
      };
  } catch {
    // no settings file, or not JSON: not installed
  }
  const roots = geminiRoots(env);
  return [
    hooks,
    {
      ok: roots.roots.length > 0,
      what: 'Gemini CLI chats',
      detail: roots.roots.length ? roots.roots.join(', ') : `none in ${roots.looked.join(', ')}`,
    },
  ];
}
