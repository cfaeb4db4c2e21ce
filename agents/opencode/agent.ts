// OpenCode's entry in the registry: its importers (database, JSON storage, plugin spool), plugin installer and doctor checks.
import type { Agent, LineImporter } from '../contract.js';

export const opencodeAgent: Agent = {
  source: 'opencode',
  paths: { takes: 'OpenCode databases or storage folders', defaults: '~/.local/share/opencode' },
  async importers() {
    const [{ opencodeImporter }, { opencodeSpoolImporter }] = await Promise.all([
      import('./index.js'),
      import('./spool.js'),
    ]);
    return [opencodeImporter, opencodeSpoolImporter as LineImporter<unknown>];
  },
  live: {
    what: 'the OpenCode plugin',
    pathFlag: {
      name: 'dir',
      help: 'OpenCode plugin folder (default: $XDG_CONFIG_HOME/opencode/plugins, else ~/.config/opencode/plugins)',
    },
    load: async () => (await import('./live.js')).opencodeLive,
  },
  doctor: async (ctx) => (await import('./doctor.js')).opencodeChecks(ctx),
};
