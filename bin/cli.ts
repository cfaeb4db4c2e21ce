// The agentlog command line: parses arguments and hands each command to the code that does the work.
import { Command, CommanderError } from 'commander';
import { digestCommand } from './digest-command.js';
import { htmlCommand } from './html-command.js';
import { importCommand } from './import-command.js';
import { insightsCommand } from './insights-command.js';
import { quietOnClosedPipe } from './output.js';
import { reportCommand } from './report-command.js';
import { doctorCommand } from './doctor-command.js';
import { pruneCommand } from './prune-command.js';
import { pushCommand } from './push-command.js';
import { sqlCommand } from './sql-command.js';
import { searchCommand } from './search-command.js';
import { showCommand } from './show-command.js';
import { hookCommand, installCommands } from './hook-commands.js';

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
  importCommand(program);
  await reportCommand(program, chosen);
  digestCommand(program);
  htmlCommand(program);
  insightsCommand(program);
  sqlCommand(program);
  pushCommand(program);
  searchCommand(program);
  showCommand(program);

  hookCommand(program);
  installCommands(program);
  pruneCommand(program);
  doctorCommand(program);
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
