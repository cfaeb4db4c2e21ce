// Claude Code's entry in the registry: its importers, hook, installer and doctor checks, each loaded on demand.
import type { Agent, LineImporter } from '../contract.js';

export const claudeAgent: Agent = {
  source: 'claude-code',
  paths: {
    takes: 'Claude transcript roots, project folders or .jsonl files',
    defaults: '~/.claude/projects, ~/.config/claude/projects or each $CLAUDE_CONFIG_DIR entry',
  },
  async importers() {
    const [{ claudeImporter }, { claudeHookSpoolImporter }] = await Promise.all([
      import('./index.js'),
      import('./hook-spool.js'),
    ]);
    return [claudeImporter as LineImporter<unknown>, claudeHookSpoolImporter as LineImporter<unknown>];
  },
  hook: async () => (await import('./hook.js')).runClaudeHook,
  live: {
    what: 'Claude Code hooks',
    pathFlag: {
      name: 'settings',
      help: 'Claude Code settings file (default: $CLAUDE_CONFIG_DIR/settings.json, else ~/.claude/settings.json)',
    },
    load: async () => (await import('./live.js')).claudeLive,
  },
  doctor: async (ctx) => (await import('./doctor.js')).claudeChecks(ctx),
};
