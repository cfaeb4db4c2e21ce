// `agentlog sql`: a read-only query in any report format, or the schema.
import type { Command } from 'commander';
import type { Format } from '../reports/render/formats.js';
import { resolveDbPath } from '../schema/paths.js';
import { fail, out } from './output.js';
import { failOnUserError } from './report-command.js';
import { dbOption, formatOption } from './shared-options.js';

export function sqlCommand(program: Command): void {
  program
    .command('sql')
    .description('Run a read-only SQL query on the database (or print its schema with --schema).')
    .argument('[query]', 'one SELECT (or WITH, EXPLAIN, reading PRAGMA) statement')
    .addOption(dbOption())
    .addOption(formatOption())
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
    .action(async (query: string | undefined, flags: { db?: string; format: Format; schema?: boolean; machine?: string }) => {
      const [{ render }, { openReportDb }, { runSql }, { systemTimeZone }, { schemaMarkdown }] = await Promise.all([
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
        const { isPgUrl } = await import('../sync/pg-connect.js');
        if (isPgUrl(given)) {
          const [{ openPgReportDb }, { runSqlPg }] = await Promise.all([
            import('../reports/pg-report-db.js'),
            import('../reports/run-sql-pg.js'),
          ]);
          const team = await openPgReportDb(given, { machine: flags.machine });
          try {
            const { rows, columns } = await runSqlPg(team.client, query);
            out(render(flags.format, rows, columns, { tz: systemTimeZone() }));
          } finally {
            await team.close();
          }
          return;
        }
        if (flags.machine !== undefined) fail('sql: --machine filters a team database (--db postgres://…)', 2);
        const { db } = openReportDb(resolveDbPath(flags.db), { readonly: true });
        try {
          const { rows, columns } = runSql(db, query);
          out(render(flags.format, rows, columns, { tz: systemTimeZone() }));
        } finally {
          db.close();
        }
      } catch (err) {
        await failOnUserError(err);
      }
    });
}
