// The agentlog command line: parses arguments and hands each command to the code that does the work.
import { Command } from 'commander';
import { digestCommand } from './digest-command.js';
import { importCommand } from './import-command.js';
import { quietOnClosedPipe } from './output.js';
import { reportCommand } from './report-command.js';
import { doctorCommand } from './doctor-command.js';
import { pruneCommand } from './prune-command.js';
import { sqlCommand } from './sql-command.js';
import { searchCommand } from './search-command.js';
import { showCommand } from './show-command.js';
import { hookCommand, installCommands } from './hook-commands.js';

export async function main(argv: string[]): Promise<void> {
  quietOnClosedPipe();
  const program = new Command();
  program
    .name('agentlog')
    .description('A durable, queryable record of what your AI coding agents did.')
    .version('0.1.0')
    .showHelpAfterError();
  importCommand(program);
  reportCommand(program);
  digestCommand(program);
  sqlCommand(program);
  searchCommand(program);
  showCommand(program);

  hookCommand(program);
  installCommands(program);
  pruneCommand(program);
  doctorCommand(program);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    process.stderr.write(`agentlog: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  }
}
