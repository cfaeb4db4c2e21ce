#!/usr/bin/env node
// The agentlog command: parses arguments and hands each command to the code that does the work.
import { Command } from 'commander';
import { digestCommand } from './digest-command.js';
import { importCommand } from './import-command.js';
import { quietOnClosedPipe } from './output.js';
import { reportCommand } from './report-command.js';
import { sqlCommand } from './sql-command.js';

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

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`agentlog: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
