// The agentlog command line: parses arguments and hands each command to the code that does the work.
import { Command, CommanderError } from 'commander';
import { quietOnClosedPipe } from './output.js';

type Register = (program: Command, chosen: string | undefined) => void | Promise<void>;

/**
 * Every command, in the order help lists them, each module loaded only when needed: a run of one
 * command registers that command alone (loading the other eleven cost `agentlog import` ~15 modules).
 */
export const COMMANDS: { names: string[]; load: () => Promise<Register> }[] = [
  { names: ['import'], load: async () => (await import('./import-command.js')).importCommand },
  {
    names: ['report', 'daily', 'weekly', 'monthly', 'session'],
    load: async () => (await import('./report-command.js')).reportCommand,
  },
  { names: ['digest'], load: async () => (await import('./digest-command.js')).digestCommand },
  { names: ['html'], load: async () => (await import('./html-command.js')).htmlCommand },
  { names: ['insights'], load: async () => (await import('./insights-command.js')).insightsCommand },
  { names: ['sql'], load: async () => (await import('./sql-command.js')).sqlCommand },
  { names: ['push'], load: async () => (await import('./push-command.js')).pushCommand },
  { names: ['search'], load: async () => (await import('./search-command.js')).searchCommand },
  { names: ['show'], load: async () => (await import('./show-command.js')).showCommand },
  { names: ['hook'], load: async () => (await import('./hook-commands.js')).hookCommand },
  { names: ['install', 'uninstall'], load: async () => (await import('./hook-commands.js')).installCommands },
  { names: ['prune'], load: async () => (await import('./prune-command.js')).pruneCommand },
  { names: ['doctor'], load: async () => (await import('./doctor-command.js')).doctorCommand },
];

export async function main(argv: string[]): Promise<void> {
  quietOnClosedPipe();
  // The command chosen, as commander finds it (the program's own flags take no value; `help X` is X's).
  const words = argv.slice(2).filter((a) => !a.startsWith('-'));
  const chosen = words[0] === 'help' ? words[1] : words[0];
  const program = new Command();
  program
    .name('agentlog')
    .description('A durable, queryable record of what your AI coding agents did.')
    .version('0.1.0')
    // A flag the user can fix gets one or two lines and exit 2, never the whole help; commands inherit this.
    .exitOverride()
    .configureOutput({
      outputError: (text, write) => write(`agentlog: ${text.replace(/^error: /, '')}`),
    });
  // A known command alone; for help, no command or an unknown word ("did you mean"), all of them.
  const one = COMMANDS.find((c) => chosen !== undefined && c.names.includes(chosen));
  const registers = await Promise.all((one ? [one] : COMMANDS).map((c) => c.load()));
  for (const register of registers) await register(program, chosen);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0 || err.code === 'commander.help' || err.code === 'commander.version') process.exit(0);
      const command = words[0];
      const known = program.commands.some((c) => c.name() === command);
      if (!err.message.includes('Did you mean'))
        process.stderr.write(`agentlog: see \`agentlog ${known ? `${command} ` : ''}--help\`\n`);
      process.exit(2);
    }
    unexpected(err);
  }
}

/** A bug, not the user's doing: one line, and the stack only when asked for. */
function unexpected(err: unknown): never {
  if (process.env.AGENTLOG_DEBUG) process.stderr.write(`agentlog: ${(err as Error).stack ?? String(err)}\n`);
  else
    process.stderr.write(
      `agentlog: unexpected error: ${(err as Error).message ?? String(err)} (run with AGENTLOG_DEBUG=1 for details)\n`,
    );
  process.exit(1);
}
