// `agentlog prune --older-than 90d [--dry-run]`.
import fs from 'node:fs';
import type { Command } from 'commander';
import { resolveDbPath } from '../schema/paths.js';
import { fail, out } from './output.js';
import { failOnUserError } from './output.js';

export function pruneCommand(program: Command): void {
  program
    .command('prune')
    .description(
      'Remove sessions last active before a time, with their messages, tool calls, file operations, errors and compactions, then reclaim the space.',
    )
    .requiredOption('--older-than <when>', 'a span back from now (90d, 12w) or a date (2026-01-01)')
    .option('--dry-run', 'say what would be removed, remove nothing')
    .option('--db <path>', 'database file (default: $AGENTLOG_DB, else the platform data directory)')
    .option('--tz <zone>', 'time zone of the times shown (default: the system zone)')
    .addHelpText(
      'after',
      '\nExamples:\n  agentlog prune --older-than 90d --dry-run\n  agentlog prune --older-than 2026-01-01',
    )
    .action(async (flags: { olderThan: string; dryRun?: boolean; db?: string; tz?: string }) => {
      const [{ parseTime }, { systemTimeZone, checkTimeZone, localDateTime }, { openDb }, { prune, pruneCandidates }] = await Promise.all([
        import('../reports/time-range.js'),
        import('../reports/zoned-time.js'),
        import('../schema/open-db.js'),
        import('../schema/prune.js'),
      ]);
      const dbPath = resolveDbPath(flags.db);
      try {
        const tz = checkTimeZone(flags.tz ?? systemTimeZone());
        const cutoff = parseTime(flags.olderThan, tz, Date.now(), '--older-than').ms;
        if (!fs.existsSync(dbPath)) fail(`no database at ${dbPath}: nothing to prune`, 1);
        const db = openDb(dbPath);
        try {
          const before = fs.statSync(dbPath).size;
          const r = prune(db, cutoff, !!flags.dryRun);
          const what = `${r.sessions} sessions, ${r.messages} messages, ${r.tools} tool calls, ${r.file_operations} file operations, ${r.session_errors} errors, ${r.compaction_events} compactions`;
          if (flags.dryRun) {
            const at = (ms: number | null) => (ms === null ? '?' : localDateTime(ms, tz));
            const list = pruneCandidates(db, cutoff);
            const projects = new Map<string, number>();
            for (const c of list) projects.set(c.project_name ?? '(unknown)', (projects.get(c.project_name ?? '(unknown)') ?? 0) + 1);
            const lines = [`Would remove ${what} (last active before ${at(cutoff)} ${tz}).`];
            if (list.length) {
              lines.push(
                `Active from ${at(list[0]!.created_at)} to ${at(list.at(-1)!.last_active)}; projects: ${[...projects].map(([p, n]) => `${p} (${n})`).join(', ')}.`,
              );
              for (const c of list) lines.push(`  ${at(c.last_active)}  ${c.id}  ${c.project_name ?? ''}  ${c.title ?? ''}`.trimEnd());
            }
            out(lines.join('\n'));
          } else {
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
