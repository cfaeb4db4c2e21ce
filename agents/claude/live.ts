// `agentlog install claude` / `uninstall claude`: the hooks in Claude Code's settings.json, and what to print.
import type { LiveCapture } from '../contract.js';
import { claudeSettingsPath, hookCommand, installClaude, uninstallClaude } from './install.js';

export const claudeLive: LiveCapture = {
  install({ path, entry, dryRun }) {
    const settings = path ?? claudeSettingsPath();
    const r = installClaude({ settings, command: hookCommand(process.execPath, entry), dryRun });
    if (dryRun) return `${r.changed ? 'Would write' : 'No change to'} ${r.file}${r.changed ? `:\n${r.content}` : ''}`;
    if (!r.changed) return `${r.file} already has agentlog's hooks; nothing changed.`;
    return `Added agentlog SessionStart and SessionEnd hooks to ${r.file}${r.backup ? ` (backup: ${r.backup})` : ''}.`;
  },
  uninstall({ path, dryRun }) {
    const r = uninstallClaude({ settings: path ?? claudeSettingsPath(), dryRun });
    if (dryRun) return `${r.changed ? 'Would write' : 'No change to'} ${r.file}${r.changed ? `:\n${r.content}` : ''}`;
    if (!r.changed) return `${r.file} already has no agentlog's hooks; nothing changed.`;
    return `Removed agentlog hooks from ${r.file}${r.backup ? ` (backup: ${r.backup})` : ''}.`;
  },
};
