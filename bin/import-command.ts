// `agentlog import`: flags to runImport, summary to the terminal.
import fs from 'node:fs';
import type { Command } from 'commander';
import { DISPLAY_NAMES } from '../agents/names.js';
import { agents } from '../agents/registry.js';
import { resolveDbPath } from '../schema/paths.js';
import type { Source } from '../schema/records.js';
import { fail, out, warn } from './output.js';
import { progressBar } from './progress.js';
import { dbOption, sourceOption } from './shared-options.js';

/** "Claude Code, OpenCode, Codex and Gemini CLI". */
const agentList = () => {
  const names = Object.values(DISPLAY_NAMES);
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
};

/**
 * How long an import waits for another process's write (at open, and for each file's transaction).
 * Imports run beside each other (a hook's, a cron job's, the user's) on slow shared machines: a
 * file that still cannot get the lock is left for the next import, not failed.
 */
const IMPORT_BUSY_WAIT_MS = 30_000;

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
      `Import what ${agentList()} left on disk, and the live hooks' spools, into the database (incremental: unchanged files are skipped).`,
    )
    .argument(
      '[paths...]',
      `${agents.map((a) => a.paths.takes).join(', ')} (default: ${agents.map((a) => a.paths.defaults).join(', and ')})`,
    )
    .addOption(dbOption())
    .addOption(sourceOption())
    .option('-q, --quiet', 'print nothing unless something failed')
    .option('-j, --json', 'print the summary as JSON')
    .option(
      '--search-index',
      'then index the new texts for search now (else the next agentlog search does it, before it searches)',
    )
    .option('--push', 'then push to the team database (agentlog push; config.json push.after_import does it always)')
    .option(
      '--no-redact',
      'store secrets found in transcripts as they are (by default API keys, tokens, private keys and password=… values are replaced by [REDACTED:kind])',
    )
    .addHelpText(
      'after',
      `\nAgents: ${agentList()} (--source ${Object.keys(DISPLAY_NAMES).join('|')}).\n\nExamples:\n  agentlog import\n  agentlog import ~/.claude/projects/-home-me-myproject\n  agentlog import --source opencode ~/.local/share/opencode/opencode.db\n  agentlog import --db /tmp/try.db ~/.claude/projects --json\n\nA large import parses in worker threads, one per free core (at most 3); AGENTLOG_IMPORT_THREADS=N sets how many, 0 turns them off.`,
    )
    .action(
      async (
        paths: string[],
        opts: {
          db?: string;
          source?: Source;
          quiet?: boolean;
          json?: boolean;
          redact: boolean;
          push?: boolean;
          searchIndex?: boolean;
        },
      ) => {
        for (const p of paths) {
          if (!fs.existsSync(p)) fail(`import: no such file or directory: ${p}`, 2);
        }
        const [{ runImport, planImport }, { summaryText }, { DbError, openDb }] = await Promise.all([
          import('../import/run.js'),
          import('../import/summary-text.js'),
          import('../schema/open-db.js'),
        ]);
        const dbPath = resolveDbPath(opts.db);
        const runOpts = { paths, sources: opts.source ? [opts.source] : undefined, redact: opts.redact };
        const planned = await planImport(runOpts);
        if (planned.found === 0 && !fs.existsSync(dbPath)) {
          // Nothing to import: no empty database is left behind, and the user learns where we looked.
          const where = planned.looked.length
            ? `Looked in:\n${planned.looked.map((p) => `  ${p}`).join('\n')}\nPass a folder or file (agentlog import PATH), or set CLAUDE_CONFIG_DIR.`
            : `Nothing to import in ${paths.join(', ')}.`;
          if (opts.json) out(JSON.stringify({ database: null, found: 0, looked: planned.looked }, null, 2));
          else if (!opts.quiet) out(`No transcripts found; no database was created. ${where}`);
          return;
        }
        let db;
        try {
          db = openDb(dbPath, { busyTimeoutMs: IMPORT_BUSY_WAIT_MS });
        } catch (err) {
          if (err instanceof DbError) fail(err.message, err.exitCode);
          throw err;
        }
        const showProgress = !opts.quiet && !opts.json && process.stderr.isTTY === true;
        const bar = showProgress ? progressBar(process.stderr) : undefined;
        try {
          const summary = await runImport(db, { ...runOpts, onProgress: bar?.update }, planned);
          bar?.done();
          if (opts.json) out(JSON.stringify({ database: dbPath, ...summary }, null, 2));
          else if (!opts.quiet || summary.failed.length > 0) out(summaryText(summary, dbPath));
          if (summary.failed.length > 0) process.exitCode = 1;
          if (opts.searchIndex) {
            const { indexPendingTexts } = await import('../schema/search-index.js');
            const { left } = indexPendingTexts(db, { busyTimeoutMs: IMPORT_BUSY_WAIT_MS });
            if (left) warn(`${left} texts left for the next search to index: another process is writing the database`);
          }
        } catch (err) {
          bar?.done();
          if (err instanceof DbError) fail(err.message, err.exitCode);
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
