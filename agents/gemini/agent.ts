// Gemini CLI's entry in the registry: its chat importer, hook, installer and doctor checks, each loaded on demand.
import type { Agent } from '../contract.js';
import { claimsChat } from './paths.js';

export const geminiAgent: Agent = {
  source: 'gemini',
  paths: {
    takes: 'a .gemini folder, its tmp folder, a project folder or one chat file',
    defaults: '$GEMINI_CLI_HOME/.gemini/tmp, else ~/.gemini/tmp',
  },
  claims: claimsChat,
  async importers() {
    return [(await import('./index.js')).geminiImporter];
  },
  hook: async () => (await import('./hook.js')).runGeminiHook,
  live: {
    what: 'Gemini CLI hooks',
    pathFlag: {
      name: 'settings',
      help: 'Gemini CLI settings file (default: $GEMINI_CLI_HOME/.gemini/settings.json, else ~/.gemini/settings.json)',
    },
    load: async () => (await import('./live.js')).geminiLive,
  },
  doctor: async (ctx) => (await import('./doctor.js')).geminiChecks(process.execPath, ctx.entry),
};
