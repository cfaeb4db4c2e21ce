// `agentlog prune --older-than 90d [--dry-run]`.
import fs from 'node:fs';
import type { Command } from 'commander';
import { resolveDbPath } from '../schema/paths.js';
import { fail, out } from './output.js';
import { failOnUserError } from './report-command.js';

export function pruneCommand(program: Command): void {
  program
    .command('prune')
    .description(
      'Remove sessions last active before a time, with their messages, tool calls, file operations, errors and compactions, then reclaim the space.',
    )
    .requiredOption('--older-than <when>', 'a span back from now (90d, 12w) or a date (2026-01-01)')
    .option('--dry-run', 'say what would be removed, remove nothing')
    .option('--db <path>', 'database file (default: $AGENTLOG_DB, else the platform data directory)')
    .addHelpText(
      'after',
      '\nExamples:\n  agentlog prune --older-than 90d --dry-run\n  agentlog prune --older-than 2026-01-01',
    )
    .action(async (flags: { olderThan: string; dryRun?: boolean; db?: string }) => {
      const [{ parseTime }, { systemTimeZone }, { openDb }, { prune }] = await Promise.all([
        import('../reports/time-range.js'),
        import('../reports/zoned-time.js'),
        import('../schema/open-db.js'),
        import('../schema/prune.js'),
      ]);
      const dbPath = resolveDbPath(flags.db);
      try {
        const cutoff = parseTime(flags.olderThan, systemTimeZone(), Date.now(), '--older-than').ms;
        if (!fs.existsSync(dbPath)) fail(`no database at ${dbPath}: nothing to prune`, 1);
        const db = openDb(dbPath);
        try {
          const before = fs.statSync(dbPath).size;
          const r = prune(db, cutoff, !!flags.dryRun);
          const what = `${r.sessions} sessions, ${r.messages} messages, ${r.tools} tool calls, ${r.file_operations} file operations, ${r.session_errors} errors, ${r.compaction_events} compactions`;
          if (flags.dryRun) out(`Would remove ${what} (last active before ${new Date(cutoff).toISOString()}).`);
          else {
            db.close();
            const after = fs.statSync(dbPath).size;
            out(
              `Removed ${what}; the database went from ${(before / 1048576).toFixed(1)} MB to ${(after / 1048576).toFixed(1)} MB.`,
            );
            return;
          }
        } finally {
          if (db.open) db.close();
        }
      } catch (err) {
        await failOnUserError(err);
      }
    });
}
