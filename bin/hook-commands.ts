// `agentlog hook`, `agentlog install claude|opencode|codex` and `agentlog uninstall claude|opencode|codex`.
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
import { codexConfigPath, installCodex, uninstallCodex } from '../agents/codex/install.js';
import { NotifyConfigError } from '../agents/codex/notify-config.js';
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

type Target = 'claude' | 'opencode' | 'codex';
interface Flags {
  settings?: string;
  dir?: string;
  config?: string;
  dryRun?: boolean;
}

function run(target: string, flags: Flags, install: boolean): void {
  if (target !== 'claude' && target !== 'opencode' && target !== 'codex')
    fail(`${install ? 'install' : 'uninstall'}: choose claude, opencode or codex`, 2);
  try {
    if ((target as Target) === 'codex') {
      const file = flags.config ?? codexConfigPath();
      const r = install
        ? installCodex({ file, command: [process.execPath, entryPoint()], dryRun: flags.dryRun })
        : uninstallCodex({ file, dryRun: flags.dryRun });
      if (flags.dryRun)
        out(`${r.changed ? 'Would write' : 'No change to'} ${r.file}${r.changed ? `:\n${r.content}` : ''}`);
      else if (!r.changed)
        out(`${r.file} already ${install ? 'has' : 'has no'} agentlog's notify program; nothing changed.`);
      else
        out(
          `${install ? "Added agentlog's notify program to" : "Removed agentlog's notify program from"} ${r.file}${r.backup ? ` (backup: ${r.backup})` : ''}.`,
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
    if (err instanceof NotifyConfigError) fail(err.message, 2); // the user's config.toml: theirs to fix
    if (err instanceof InstallError) fail(err.message, 1);
    throw err;
  }
}

export function installCommands(program: Command): void {
  program
    .command('install')
    .description(
      "Install agentlog's live capture: Claude Code hooks (claude), the OpenCode plugin (opencode) or Codex's notify program (codex).",
    )
    .argument('<target>', 'claude, opencode or codex')
    .option(
      '--settings <path>',
      'Claude Code settings file (default: $CLAUDE_CONFIG_DIR/settings.json, else ~/.claude/settings.json)',
    )
    .option(
      '--dir <path>',
      'OpenCode plugin folder (default: $XDG_CONFIG_HOME/opencode/plugin, else ~/.config/opencode/plugin)',
    )
    .option('--config <path>', 'Codex config file (default: $CODEX_HOME/config.toml, else ~/.codex/config.toml)')
    .option('--dry-run', 'show what would be written, write nothing')
    .addHelpText(
      'after',
      '\nExamples:\n  agentlog install claude\n  agentlog install claude --settings ./settings.json --dry-run\n  agentlog install opencode\n  agentlog install codex',
    )
    .action((target: string, flags: Flags) => run(target, flags, true));
  program
    .command('uninstall')
    .description('Remove exactly what `agentlog install` added.')
    .argument('<target>', 'claude, opencode or codex')
    .option('--settings <path>', 'Claude Code settings file')
    .option('--dir <path>', 'OpenCode plugin folder')
    .option('--config <path>', 'Codex config file')
    .option('--dry-run', 'show what would change, change nothing')
    .action((target: string, flags: Flags) => run(target, flags, false));
}
