// `agentlog import`: flags to runImport, summary to the terminal.
import fs from 'node:fs';
import type { Command } from 'commander';
import { resolveDbPath } from '../schema/paths.js';
import type { Source } from '../schema/records.js';
import { fail, out, warn } from './output.js';
import { progressBar } from './progress.js';
import { dbOption, sourceOption } from './shared-options.js';

async function pushAfterImport(): Promise<boolean> {
  const [{ readPushConfig }, { configDir }] = await Promise.all([
    import('../sync/push-config.js'),
    import('../schema/paths.js'),
  ]);
  try {
    return readPushConfig(configDir()).afterImport === true;
  } catch (err) {
    warn(`not pushing after the import: ${(err as Error).message}`);
    return false;
  }
}

export function importCommand(program: Command): void {
  program
    .command('import')
    .description(
      "Import Claude Code transcripts and the live hooks' spools into the database (incremental: unchanged files are skipped).",
    )
    .argument(
      '[paths...]',
      'Claude transcript roots, project folders or .jsonl files, OpenCode databases or storage folders (default: ~/.claude/projects, ~/.config/claude/projects or each $CLAUDE_CONFIG_DIR entry, and ~/.local/share/opencode)',
    )
    .addOption(dbOption())
    .addOption(sourceOption())
    .option('-q, --quiet', 'print nothing unless something failed')
    .option('--json', 'print the summary as JSON')
    .option('--push', 'then push to the team database (agentlog push; config.json push.after_import does it always)')
    .option(
      '--no-redact',
      'store secrets found in transcripts as they are (by default API keys, tokens, private keys and password=… values are replaced by [REDACTED:kind])',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  agentlog import\n  agentlog import ~/.claude/projects/-home-me-myproject\n  agentlog import --db /tmp/test.db fixtures/demo --json',
    )
    .action(
      async (
        paths: string[],
        opts: { db?: string; source?: Source; quiet?: boolean; json?: boolean; redact: boolean; push?: boolean },
      ) => {
        for (const p of paths) {
          if (!fs.existsSync(p)) fail(`import: no such file or directory: ${p}`, 2);
        }
        const [{ runImport }, { summaryText }, { DbError, openDb }] = await Promise.all([
          import('../importers/run.js'),
          import('../importers/summary-text.js'),
          import('../schema/open-db.js'),
        ]);
        const dbPath = resolveDbPath(opts.db);
        let db;
        try {
          db = openDb(dbPath);
        } catch (err) {
          if (err instanceof DbError) fail(err.message);
          throw err;
        }
        const showProgress = !opts.quiet && !opts.json && process.stderr.isTTY === true;
        const bar = showProgress ? progressBar(process.stderr) : undefined;
        try {
          const summary = await runImport(db, {
            paths,
            sources: opts.source ? [opts.source] : undefined,
            redact: opts.redact,
            onProgress: bar?.update,
          });
          bar?.done();
          if (opts.json) out(JSON.stringify({ database: dbPath, ...summary }, null, 2));
          else if (!opts.quiet || summary.failed.length > 0) out(summaryText(summary, dbPath));
          if (summary.failed.length > 0) process.exitCode = 1;
        } catch (err) {
          bar?.done();
          if (err instanceof DbError) fail(err.message, 1);
          throw err;
        } finally {
          db.close();
        }
        if (opts.push || (await pushAfterImport())) {
          const { runPush } = await import('./push-command.js');
          await runPush({ db: opts.db, quiet: opts.quiet || opts.json });
        }
      },
    );
}
