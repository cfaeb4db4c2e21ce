// `agentlog report [NAME]`: the list of reports, or one report in the chosen format.
import { type Command, Option } from 'commander';
import type { Format } from '../reports/render/formats.js';
import { reportNamed, reports } from '../reports/registry.js';
import { fail, out, warn } from './output.js';
import { type FilterFlags, filterOptions, formatOption, limitOption } from './shared-options.js';

const list = () => reports.map((r) => `  ${r.name.padEnd(12)} ${r.description}`).join('\n');

/**
 * Ends the command for an error the user can fix (a flag, a missing import, a read-only query):
 * its message, exit 1 or 2, no stack. Anything else is a bug and is thrown on. The error classes
 * are loaded here, with the command's work, not at start-up.
 */
export async function failOnUserError(err: unknown): Promise<never> {
  const [
    { ParamError },
    { PricingError },
    { NoDatabaseError },
    { TimeRangeError },
    { TimeZoneError },
    { DbError },
    { SqlError },
    { PgConnectError },
    { TeamDbError },
  ] = await Promise.all([
    import('../reports/params.js'),
    import('../reports/pricing.js'),
    import('../reports/report-db.js'),
    import('../reports/time-range.js'),
    import('../reports/zoned-time.js'),
    import('../schema/open-db.js'),
    import('../reports/run-sql.js'),
    import('../sync/pg-connect.js'),
    import('../reports/pg-report-db.js'),
  ]);
  if (err instanceof PgConnectError) fail(err.message, err.exitCode);
  if (err instanceof TeamDbError) fail(err.message, 1);
  if (err instanceof NoDatabaseError || err instanceof PricingError || err instanceof DbError) fail(err.message, 1);
  if ([TimeRangeError, TimeZoneError, ParamError, SqlError].some((E) => err instanceof E))
    fail((err as Error).message, 2);
  throw err;
}

export function reportCommand(program: Command): void {
  const byChoices = [...new Set(reports.flatMap((r) => r.option?.choices ?? []))];
  const cmd = program
    .command('report')
    .description('Run a report (without a name: list the reports).')
    .argument('[name]', 'the report to run')
    .addOption(limitOption())
    .addOption(formatOption())
    .addOption(new Option('--by <group>', 'grouping, for usage and compactions').choices(byChoices));
  for (const o of filterOptions()) cmd.addOption(o);
  cmd.addHelpText(
    'after',
    `\nReports:\n${list()}\n\nExamples:\n  agentlog report tool-errors --since 7d\n  agentlog report usage --by model --format csv\n  agentlog report hot-files --project myapp --limit 10 --format markdown`,
  );
  cmd.action(async (name: string | undefined, flags: FilterFlags & { limit?: string; format: Format; by?: string }) => {
    if (!name) {
      out(`Reports (agentlog report NAME):\n${list()}`);
      return;
    }
    const report = reportNamed(name);
    if (!report) fail(`unknown report "${name}". Known reports:\n${list()}`, 2);
    if (flags.by && !report.option?.choices.includes(flags.by)) {
      fail(
        `report ${name} cannot be grouped --by ${flags.by}${report.option ? ` (choose ${report.option.choices.join(', ')})` : ''}`,
        2,
      );
    }
    const [{ reportParams }, { openReportTarget }, { runReportOn }, { render }] = await Promise.all([
      import('../reports/params.js'),
      import('../reports/report-target.js'),
      import('../reports/run-report.js'),
      import('../reports/render/renderers.js'),
    ]);
    try {
      const params = reportParams(flags, report.defaultLimit);
      const target = await openReportTarget(flags.db, { machine: flags.machine });
      const { prices, empty } = target;
      try {
        if (empty) warn('the database is empty: run `agentlog import` first');
        const { rows, columns } = await runReportOn(target, report, params);
        out(render(flags.format, rows, columns, { tz: params.tz }));
        for (const model of prices.unpriced)
          warn(`no price for model ${model}: its cost shows as empty (add it to pricing.json)`);
      } finally {
        await target.close();
      }
    } catch (err) {
      await failOnUserError(err);
    }
  });
}
