// `agentlog install opencode` / `uninstall opencode`: the plugin file in OpenCode's plugin folder, and what to print.
import type { LiveCapture } from '../contract.js';
import { installOpencode, opencodePluginDir, uninstallOpencode } from './install.js';

export const opencodeLive: LiveCapture = {
  install({ path, entry, dryRun }) {
    const r = installOpencode({ dir: path ?? opencodePluginDir(), command: [process.execPath, entry], dryRun });
    const replaced = r.replaced ? ` (${dryRun ? 'would replace' : 'replaced'} the older ${r.replaced.join(', ')})` : '';
    return r.changed
      ? `${dryRun ? 'Would write' : 'Wrote'} ${r.file}${replaced}.`
      : `Nothing to do: ${r.file} is current.`;
  },
  uninstall({ path, dryRun }) {
    const r = uninstallOpencode({ dir: path ?? opencodePluginDir(), dryRun });
    const files = [...new Set([...(r.replaced ?? []), r.file])].join(', ');
    return r.changed ? `${dryRun ? 'Would remove' : 'Removed'} ${files}.` : `Nothing to do: ${r.file} is not there.`;
  },
};
