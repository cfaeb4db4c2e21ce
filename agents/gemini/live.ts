// `agentlog install gemini` / `uninstall gemini`: the hooks in Gemini CLI's settings.json, and what to print.
import type { LiveCapture } from '../contract.js';
import { geminiHookCommand, geminiSettingsPath, installGemini, uninstallGemini } from './install.js';

const said = (r: { changed: boolean; file: string; content?: string }, dryRun?: boolean) =>
  dryRun ? `${r.changed ? 'Would write' : 'No change to'} ${r.file}${r.changed ? `:\n${r.content}` : ''}` : undefined;

export const geminiLive: LiveCapture = {
  install({ path, entry, dryRun }) {
    const r = installGemini({
      settings: path ?? geminiSettingsPath(),
      command: geminiHookCommand(process.execPath, entry),
      dryRun,
    });
    return (
      said(r, dryRun) ??
      (r.changed
        ? `Added agentlog AfterAgent and SessionEnd hooks to ${r.file}${r.backup ? ` (backup: ${r.backup})` : ''}.`
        : `${r.file} already has agentlog's hooks; nothing changed.`)
    );
  },
  uninstall({ path, dryRun }) {
    const r = uninstallGemini({ settings: path ?? geminiSettingsPath(), dryRun });
    return (
      said(r, dryRun) ??
      (r.changed
        ? `Removed agentlog hooks from ${r.file}${r.backup ? ` (backup: ${r.backup})` : ''}.`
        : `${r.file} already has no agentlog hooks; nothing changed.`)
    );
  },
};
