// `agentlog sql`: a read-only query in any report format, or the schema.
import type { Command } from 'commander';
import { resolveDbPath } from '../schema/paths.js';
import { fail, out, terminalWidth } from './output.js';
import { failOnUserError } from './output.js';
import { dbOption, formatOf, formatOptions, type OutputFlags, terminalWidthOptions } from './shared-options.js';

/** Writes to stdout, waiting when the pipe is full, so a slow reader does not make the output pile up in memory. */
const write = (text: string): Promise<void> =>
  new Promise((resolve, reject) => {
    if (process.stdout.write(text)) return resolve();
    const done = (err?: Error) => {
      process.stdout.off('drain', done).off('error', done);
      if (err) reject(err);
      else resolve();
    };
    process.stdout.on('drain', done).on('error', done);
  });

export function sqlCommand(program: Command): void {
  program
    .command('sql')
    .description('Run a read-only SQL query on the database (or print its schema with --schema).')
    .argument('[query]', 'one SELECT (or WITH, EXPLAIN, reading PRAGMA) statement')
    .addOption(dbOption())
    .addOption(formatOptions()[0]!)
    .addOption(formatOptions()[1]!)
    .addOption(terminalWidthOptions()[0]!)
    .option('--schema', 'print the tables and their columns')
    .option('--machine <name>', 'on a team database: see only this machine’s rows')
    .addHelpText(
      'after',
      `
Besides SQLite's own functions, queries can call local_bucket(ms, 'day'|'week'|'month'|'hour', tz),
error_kind(text), model_family(model) and cost_usd(model, input, output, cache_write, cache_write_1h, cache_read).
On a team database (--db postgres://…) they are pg_temp.local_bucket(…) and so on, and the query runs in
a read-only transaction.

Examples:
  agentlog sql "SELECT tool_name, count(*) FROM tools WHERE success = 0 GROUP BY 1 ORDER BY 2 DESC"
  agentlog sql --format csv "SELECT * FROM sessions WHERE project_name = 'myapp'"
  agentlog sql --schema`,
    )
    .action(async (query: string | undefined, flags: OutputFlags & { db?: string; schema?: boolean; wide?: boolean; machine?: string }) => {
      const [
        { renderStream },
        { render },
        { openReportDb },
        { streamSql, STREAM_BATCH_ROWS },
        { systemTimeZone },
        { schemaMarkdown },
      ] = await Promise.all([
        import('../reports/render/stream.js'),
        import('../reports/render/renderers.js'),
        import('../reports/report-db.js'),
        import('../reports/run-sql.js'),
        import('../reports/zoned-time.js'),
        import('../schema/schema-doc.js'),
      ]);
      if (flags.schema) {
        out(schemaMarkdown());
        return;
      }
      if (!query) fail('sql: give a query, for example: agentlog sql "SELECT count(*) FROM sessions"', 2);
      try {
        const given = flags.db ?? process.env.AGENTLOG_DB;
        const { isPgUrl } = await import('../sync/pg-url.js');
        if (isPgUrl(given)) {
          const [{ openPgReportDb }, { runSqlPg }] = await Promise.all([
            import('../reports/pg-report-db.js'),
            import('../reports/run-sql-pg.js'),
          ]);
          const team = await openPgReportDb(given, { machine: flags.machine });
          try {
            const { rows, columns } = await runSqlPg(team.client, query);
            out(render(formatOf(flags), rows, columns, { tz: systemTimeZone(), width: terminalWidth(), wide: flags.wide }));
          } finally {
            await team.close();
          }
          return;
        }
        if (flags.machine !== undefined) fail('sql: --machine filters a team database (--db postgres://…)', 2);
        const { db } = openReportDb(resolveDbPath(flags.db), { readonly: true });
        try {
          // Streamed: a result of millions of rows is written as it is read, never held whole.
          const { columns, batches } = streamSql(db, query);
          const opts = { tz: systemTimeZone(), width: terminalWidth(), wide: flags.wide };
          for (const piece of renderStream(formatOf(flags), columns, batches, opts, STREAM_BATCH_ROWS)) await write(piece);
        } finally {
          db.close();
        }
      } catch (err) {
        await failOnUserError(err);
      }
    });
}
