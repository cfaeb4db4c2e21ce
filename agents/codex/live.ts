// `agentlog install codex` / `uninstall codex`: agentlog's notify program in Codex's config.toml, and what to print.
import type { LiveCapture } from '../contract.js';
import { InstallError } from '../settings-file.js';
import { type CodexInstallResult, codexConfigPath, installCodex, uninstallCodex } from './install.js';
import { NotifyConfigError } from './notify-config.js';

function said(r: CodexInstallResult, install: boolean, dryRun?: boolean): string {
  if (dryRun) return `${r.changed ? 'Would write' : 'No change to'} ${r.file}${r.changed ? `:\n${r.content}` : ''}`;
  if (!r.changed) return `${r.file} already ${install ? 'has' : 'has no'} agentlog's notify program; nothing changed.`;
  const backup = r.backup ? ` (backup: ${r.backup})` : '';
  return `${install ? "Added agentlog's notify program to" : "Removed agentlog's notify program from"} ${r.file}${backup}.`;
}

/** A config agentlog cannot edit safely is the user's to fix: said as an install error, not a crash. */
function asInstallError<T>(run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof NotifyConfigError) throw new InstallError(err.message);
    throw err;
  }
}

export const codexLive: LiveCapture = {
  install({ path, entry, dryRun }) {
    const file = path ?? codexConfigPath();
    return said(asInstallError(() => installCodex({ file, command: [process.execPath, entry], dryRun })), true, dryRun);
  },
  uninstall({ path, dryRun }) {
    const file = path ?? codexConfigPath();
    return said(asInstallError(() => uninstallCodex({ file, dryRun })), false, dryRun);
  },
};
