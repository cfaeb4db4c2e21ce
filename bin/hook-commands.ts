// `agentlog hook`, `agentlog install claude|opencode` and `agentlog uninstall claude|opencode`.
import fs from 'node:fs';
import type { Command } from 'commander';
import {
  claudeSettingsPath,
  hookCommand as hookCommandLine,
  installClaude,
  uninstallClaude,
} from '../hooks/install-claude.js';
import { installOpencode, opencodePluginDir, uninstallOpencode } from '../hooks/install-opencode.js';
import { InstallError } from '../hooks/settings-file.js';
import { geminiHookCommand, geminiSettingsPath, installGemini, uninstallGemini } from '../agents/gemini/install.js';
import { fail, out } from './output.js';

/** The absolute path of this agentlog's entry point (through any npm link symlink). */
const entryPoint = () => fs.realpathSync(process.argv[1] ?? '');

export function hookCommand(program: Command): void {
  program
    .command('hook')
    .description(
      'Handle a Claude Code SessionStart or SessionEnd hook (reads its JSON from stdin; installed by `agentlog install claude`).',
    );
}

type Target = 'claude' | 'opencode' | 'gemini';
interface Flags {
  settings?: string;
  dir?: string;
  dryRun?: boolean;
}

function run(target: string, flags: Flags, install: boolean): void {
  if (target !== 'claude' && target !== 'opencode' && target !== 'gemini')
    fail(`${install ? 'install' : 'uninstall'}: choose claude, opencode or gemini`, 2);
  try {
    if ((target as Target) === 'gemini') {
      const settings = flags.settings ?? geminiSettingsPath();
      const r = install
        ? installGemini({ settings, command: geminiHookCommand(process.execPath, entryPoint()), dryRun: flags.dryRun })
        : uninstallGemini({ settings, dryRun: flags.dryRun });
      if (flags.dryRun)
        out(`${r.changed ? 'Would write' : 'No change to'} ${r.file}${r.changed ? `:\n${r.content}` : ''}`);
      else if (!r.changed) out(`${r.file} already ${install ? 'has' : 'has no'} agentlog's hooks; nothing changed.`);
      else
        out(
          `${install ? 'Added agentlog AfterAgent and SessionEnd hooks to' : 'Removed agentlog hooks from'} ${r.file}${r.backup ? ` (backup: ${r.backup})` : ''}.`,
        );
    } else if ((target as Target) === 'claude') {
      const settings = flags.settings ?? claudeSettingsPath();
      const r = install
        ? installClaude({ settings, command: hookCommandLine(process.execPath, entryPoint()), dryRun: flags.dryRun })
        : uninstallClaude({ settings, dryRun: flags.dryRun });
      if (flags.dryRun)
        out(`${r.changed ? 'Would write' : 'No change to'} ${r.file}${r.changed ? `:\n${r.content}` : ''}`);
      else if (!r.changed) out(`${r.file} already ${install ? 'has' : 'has no'} agentlog's hooks; nothing changed.`);
      else
        out(
          `${install ? 'Added agentlog SessionStart and SessionEnd hooks to' : 'Removed agentlog hooks from'} ${r.file}${r.backup ? ` (backup: ${r.backup})` : ''}.`,
        );
    } else {
      const dir = flags.dir ?? opencodePluginDir();
      const r = install
        ? installOpencode({ dir, command: [process.execPath, entryPoint()], dryRun: flags.dryRun })
        : uninstallOpencode({ dir, dryRun: flags.dryRun });
      const verb = install ? (flags.dryRun ? 'Would write' : 'Wrote') : flags.dryRun ? 'Would remove' : 'Removed';
      out(r.changed ? `${verb} ${r.file}.` : `Nothing to do: ${r.file} ${install ? 'is current' : 'is not there'}.`);
    }
  } catch (err) {
    if (err instanceof InstallError) fail(err.message, 1);
    throw err;
  }
}

export function installCommands(program: Command): void {
  program
    .command('install')
    .description(
      "Install agentlog's live capture: Claude Code hooks (claude), the OpenCode plugin (opencode) or Gemini CLI hooks (gemini).",
    )
    .argument('<target>', 'claude, opencode or gemini')
    .option(
      '--settings <path>',
      'Claude Code or Gemini CLI settings file (default: $CLAUDE_CONFIG_DIR/settings.json, else ~/.claude/settings.json; for gemini $GEMINI_CLI_HOME/.gemini/settings.json, else ~/.gemini/settings.json)',
    )
    .option(
      '--dir <path>',
      'OpenCode plugin folder (default: $XDG_CONFIG_HOME/opencode/plugin, else ~/.config/opencode/plugin)',
    )
    .option('--dry-run', 'show what would be written, write nothing')
    .addHelpText(
      'after',
      '\nExamples:\n  agentlog install claude\n  agentlog install claude --settings ./settings.json --dry-run\n  agentlog install opencode',
    )
    .action((target: string, flags: Flags) => run(target, flags, true));
  program
    .command('uninstall')
    .description('Remove exactly what `agentlog install` added.')
    .argument('<target>', 'claude, opencode or gemini')
    .option('--settings <path>', 'Claude Code or Gemini CLI settings file')
    .option('--dir <path>', 'OpenCode plugin folder')
    .option('--dry-run', 'show what would change, change nothing')
    .action((target: string, flags: Flags) => run(target, flags, false));
}
