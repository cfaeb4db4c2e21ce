// `agentlog hook [agent]`, `agentlog install <agent>` and `agentlog uninstall <agent>`, for every agent the registry lists.
import fs from 'node:fs';
import type { Command } from 'commander';
import { agentNamed, agents, DEFAULT_HOOK_AGENT } from '../agents/registry.js';
import { DISPLAY_NAMES, SHORT_NAMES } from '../agents/names.js';
import { InstallError } from '../agents/settings-file.js';
import { fail, out } from './output.js';

/** The absolute path of this agentlog's entry point (through any npm link symlink). */
const entryPoint = () => fs.realpathSync(process.argv[1] ?? '');

const withHook = agents.filter((a) => a.hook);
const withLive = agents.filter((a) => a.live);
const liveNames = withLive.map((a) => SHORT_NAMES[a.source]);
const choice = liveNames.join(' or ');

export function hookCommand(program: Command): void {
  program
    .command('hook')
    .argument(
      '[agent]',
      `${withHook.map((a) => SHORT_NAMES[a.source]).join(', ')} (default: ${SHORT_NAMES[DEFAULT_HOOK_AGENT]})`,
    )
    .description(
      `Handle an agent's live hook: ${withHook.map((a) => DISPLAY_NAMES[a.source]).join(', ')} (reads its JSON from stdin; installed by \`agentlog install <agent>\`).`,
    );
}

type Flags = Record<string, string | boolean | undefined> & { dryRun?: boolean };

async function run(target: string, flags: Flags, install: boolean): Promise<void> {
  const agent = agentNamed(target);
  if (!agent?.live) fail(`${install ? 'install' : 'uninstall'}: choose ${choice}`, 2);
  const live = await agent.live.load();
  const given = flags[agent.live.pathFlag.name];
  const path = typeof given === 'string' ? given : undefined;
  try {
    out(
      install
        ? live.install({ path, entry: entryPoint(), dryRun: flags.dryRun })
        : live.uninstall({ path, dryRun: flags.dryRun }),
    );
  } catch (err) {
    if (err instanceof InstallError) fail(err.message, err.exitCode);
    throw err;
  }
}

export function installCommands(program: Command): void {
  const install = program
    .command('install')
    .description(
      `Install agentlog's live capture: ${withLive.map((a) => `${a.live?.what} (${SHORT_NAMES[a.source]})`).join(', ')}.`,
    )
    .argument('<target>', choice);
  const uninstall = program
    .command('uninstall')
    .description('Remove exactly what `agentlog install` added.')
    .argument('<target>', choice);
  // Each agent names the one file or folder it writes; agents that share a flag name share the flag.
  const helps = new Map<string, string[]>();
  for (const a of agents) {
    const flag = a.live?.pathFlag;
    if (flag) helps.set(flag.name, [...(helps.get(flag.name) ?? []), flag.help]);
  }
  for (const [name, help] of helps) {
    install.option(`--${name} <path>`, help.join('; '));
    uninstall.option(`--${name} <path>`, help.join('; '));
  }
  install
    .option('--dry-run', 'show what would be written, write nothing')
    .addHelpText(
      'after',
      `\nExamples:\n${liveNames.map((n) => `  agentlog install ${n}`).join('\n')}\n  agentlog install ${liveNames[0]} --dry-run`,
    )
    .action((target: string, flags: Flags) => run(target, flags, true));
  uninstall
    .option('--dry-run', 'show what would change, change nothing')
    .action((target: string, flags: Flags) => run(target, flags, false));
}
