#!/usr/bin/env node
// The agentlog command: parses arguments and calls the importers, schema and reports.
import fs from 'node:fs';
import { Command } from 'commander';
import { DbError, openDb } from '../schema/open-db.js';
import { resolveDbPath } from '../schema/paths.js';
import type { Source } from '../schema/records.js';
import { runImport } from '../importers/run.js';
import { summaryText } from '../importers/summary-text.js';
import { dbOption, sourceOption } from './shared-options.js';
import { progressBar } from './progress.js';

const program = new Command();
program
  .name('agentlog')
  .description('A durable, queryable record of what your AI coding agents did.')
  .version('0.1.0')
  .showHelpAfterError();

program
  .command('import')
  .description('Import Claude Code transcripts into the database (incremental: unchanged files are skipped).')
  .argument(
    '[paths...]',
    'transcript roots, project folders or .jsonl files (default: ~/.claude/projects, ~/.config/claude/projects, or each $CLAUDE_CONFIG_DIR entry)',
  )
  .addOption(dbOption())
  .addOption(sourceOption())
  .option('-q, --quiet', 'print nothing unless something failed')
  .option('--json', 'print the summary as JSON')
  .addHelpText(
    'after',
    '\nExamples:\n  agentlog import\n  agentlog import ~/.claude/projects/-home-me-myproject\n  agentlog import --db /tmp/test.db fixtures/demo --json',
  )
  .action(async (paths: string[], opts: { db?: string; source?: Source; quiet?: boolean; json?: boolean }) => {
    for (const p of paths) {
      if (!fs.existsSync(p)) fail(`agentlog import: no such file or directory: ${p}`, 2);
    }
    const dbPath = resolveDbPath(opts.db);
    const db = open(dbPath);
    const showProgress = !opts.quiet && !opts.json && process.stderr.isTTY === true;
    const bar = showProgress ? progressBar(process.stderr) : undefined;
    try {
      const summary = await runImport(db, {
        paths,
        sources: opts.source ? [opts.source] : undefined,
        onProgress: bar?.update,
      });
      bar?.done();
      if (opts.json) process.stdout.write(`${JSON.stringify({ database: dbPath, ...summary }, null, 2)}\n`);
      else if (!opts.quiet || summary.failed.length > 0) process.stdout.write(`${summaryText(summary, dbPath)}\n`);
      if (summary.failed.length > 0) process.exitCode = 1;
    } finally {
      db.close();
    }
  });

function open(dbPath: string) {
  try {
    return openDb(dbPath);
  } catch (err) {
    if (err instanceof DbError) fail(`agentlog: ${err.message}`, 1);
    throw err;
  }
}

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`agentlog: ${(err as Error).message}\n`);
  process.exit(1);
});
