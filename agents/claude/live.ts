// `agentlog install claude` / `uninstall claude`: the hooks in Claude Code's settings.json, and what to print.
import { spawnSync } from 'node:child_process';
import type { LiveCapture } from '../contract.js';
import { claudeSettingsPath, hookCommand, hookEventsFor, installClaude, uninstallClaude } from './install.js';

/** `claude --version`'s answer, or undefined when no `claude` runs here. */
function claudeVersion(): string | undefined {
  const r = spawnSync('claude', ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

export const claudeLive: LiveCapture = {
  install({ path, entry, dryRun }) {
    const settings = path ?? claudeSettingsPath();
    const version = claudeVersion();
    const events = hookEventsFor(version);
    const r = installClaude({ settings, command: hookCommand(process.execPath, entry), events, dryRun });
    const skipped = events.includes('PermissionRequest')
      ? ''
      : ` Claude Code ${version} has no PermissionRequest hook (2.0.45 and later do): permission prompts are not recorded; install again after an upgrade.`;
    if (dryRun)
      return `${r.changed ? 'Would write' : 'No change to'} ${r.file}${r.changed ? `:\n${r.content}` : ''}${skipped}`;
    if (!r.changed) return `${r.file} already has agentlog's hooks; nothing changed.${skipped}`;
    return `Added agentlog ${events.join(', ')} hooks to ${r.file}${r.backup ? ` (backup: ${r.backup})` : ''}.${skipped}`;
  },
  uninstall({ path, dryRun }) {
    const r = uninstallClaude({ settings: path ?? claudeSettingsPath(), dryRun });
    if (dryRun) return `${r.changed ? 'Would write' : 'No change to'} ${r.file}${r.changed ? `:\n${r.content}` : ''}`;
    if (!r.changed) return `${r.file} already has no agentlog's hooks; nothing changed.`;
    return `Removed agentlog hooks from ${r.file}${r.backup ? ` (backup: ${r.backup})` : ''}.`;
  },
};
