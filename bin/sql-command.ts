// `agentlog sql`: a read-only query in any report format, or the schema.
import type { Command } from 'commander';
import { resolveDbPath } from '../schema/paths.js';
import { fail, out, terminalWidth } from './output.js';
import { failOnUserError } from './report-command.js';
import { dbOption, formatOf, formatOptions, type OutputFlags, terminalWidthOptions } from './shared-options.js';

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
    .addHelpText(
      'after',
      `
Besides SQLite's own functions, queries can call local_bucket(ms, 'day'|'week'|'month'|'hour', tz),
error_kind(text), model_family(model) and cost_usd(model, input, output, cache_write, cache_write_1h, cache_read).

Examples:
  agentlog sql "SELECT tool_name, count(*) FROM tools WHERE success = 0 GROUP BY 1 ORDER BY 2 DESC"
  agentlog sql --format csv "SELECT * FROM sessions WHERE project_name = 'myapp'"
  agentlog sql --schema`,
    )
    .action(async (query: string | undefined, flags: OutputFlags & { db?: string; schema?: boolean; wide?: boolean }) => {
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
        const { db } = openReportDb(resolveDbPath(flags.db), { readonly: true });
        try {
          const { rows, columns } = runSql(db, query);
          out(
            render(formatOf(flags), rows, columns, { tz: systemTimeZone(), width: terminalWidth(), wide: flags.wide }),
          );
        } finally {
          db.close();
        }
      } catch (err) {
        await failOnUserError(err);
      }
    });
}
