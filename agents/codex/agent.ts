// Codex CLI's entry in the registry: its rollout importer, notify hook, installer and doctor checks, each loaded on demand.
import path from 'node:path';
import type { Agent, LineImporter } from '../contract.js';

export const codexAgent: Agent = {
  source: 'codex',
  paths: {
    takes: 'a CODEX_HOME, a sessions folder or one rollout-*.jsonl file',
    defaults: '$CODEX_HOME/sessions and archived_sessions, else ~/.codex/…',
  },
  claims: (file) => /^rollout-.*\.jsonl$/.test(path.basename(file)),
  async importers() {
    return [(await import('./index.js')).codexImporter as LineImporter<unknown>];
  },
  hook: async () => (await import('./notify-hook.js')).runCodexNotify,
  live: {
    what: "Codex's notify program",
    pathFlag: {
      name: 'config',
      help: 'Codex config file (default: $CODEX_HOME/config.toml, else ~/.codex/config.toml)',
    },
    load: async () => (await import('./live.js')).codexLive,
  },
  doctor: async (ctx) => {
    const [{ codexChecks }, { codexConfigPath }] = await Promise.all([import('./doctor.js'), import('./install.js')]);
    return codexChecks(codexConfigPath(), [process.execPath, ctx.entry]);
  },
};
