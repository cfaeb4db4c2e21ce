// `agentlog report [NAME]`, and its ccusage-style short forms `daily`, `weekly`, `monthly`, `session`.
import { type Command, Option } from 'commander';
import type { Format } from '../reports/render/formats.js';
import type { Report } from '../reports/report.js';
import { fail, failOnUserError, out, terminalWidth, warn } from './output.js';
import {
  type FilterFlags,
  type OutputFlags,
  filterOptions,
  formatOf,
  formatOptions,
  limitOption,
  tableOptions,
} from './shared-options.js';

// The reports' modules (their SQL, filters and roll-ups) load when a report command is chosen, not
// for every command.
let registry: typeof import('../reports/registry.js') | undefined;
let reports: readonly Report[] = [];
async function loadReports(): Promise<typeof import('../reports/registry.js')> {
  registry ??= await import('../reports/registry.js');
  reports = registry.reports;
  return registry;
}

const list = () => reports.map((r) => `  ${r.name.padEnd(12)} ${r.description}`).join('\n');

export type ReportFlags = FilterFlags &
  OutputFlags & { limit?: string; by?: string; order?: 'asc' | 'desc'; breakdown?: boolean; wide?: boolean };

const compactTokens = (n: number) =>
  n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(0)}k` : String(n);

/** Runs one report with the command's flags and prints it with its footer lines. */
export async function runReportCommand(name: string, flags: ReportFlags): Promise<void> {
  const report = (await loadReports()).reportNamed(name);
  if (!report) fail(`unknown report "${name}". Known reports:\n${list()}`, 2);
  if (flags.by && !report.option?.choices.includes(flags.by)) {
    fail(
      `report ${name} cannot be grouped --by ${flags.by}${report.option ? ` (choose ${report.option.choices.join(', ')})` : ''}`,
      2,
    );
  }
  const [{ reportParams }, { openReportTarget }, { runReportOn }, { render }, { resolveFilters }] = await Promise.all([
    import('../reports/params.js'),
    import('../reports/report-target.js'),
    import('../reports/run-report.js'),
    import('../reports/render/renderers.js'),
    import('../reports/resolve-filters.js'),
  ]);
  const format = formatOf(flags);
  try {
    const params = reportParams(flags, report.defaultLimit);
    if (flags.order && !report.timeOrdered?.({ ...params, by: params.by ?? report.option?.default ?? null }))
      fail(`--order applies to reports ordered by time (usage by day, week or month), not to ${name}`, 2);
    if (flags.breakdown && !report.breakdown) fail(`--breakdown applies to the usage report, not to ${name}`, 2);
    const db = await openReportTarget(flags.db, { machine: flags.machine });
    const { prices, empty } = db;
    try {
      if (empty) warn('the database is empty: run `agentlog import` first');
      const resolved = await resolveFilters(db, params);
      const result = await runReportOn(db, report, resolved, { order: flags.order, breakdown: flags.breakdown });
      const unpriced = [...prices.unpriced];
      if (format !== 'table') {
        out(
          render(format, result.rows, result.columns, {
            tz: params.tz,
            children: result.children,
            title: report.title,
            description: report.description,
          }),
        );
        for (const model of unpriced)
          warn(`no price for model ${model}: its cost shows as empty (add it to pricing.json)`);
        return;
      }
      const text = render('table', result.rows, result.columns, {
        tz: params.tz,
        width: terminalWidth(),
        wide: flags.wide,
        total: result.rows.length > 0 ? result.total : undefined,
        children: result.children,
      });
      const notes: string[] = [];
      if (result.matched > result.rows.length)
        notes.push(`${result.rows.length} of ${result.matched} rows; --limit 0 for all`);
      const left = Number(result.total?.unpriced_tokens ?? 0);
      if (unpriced.length && left > 0)
        notes.push(
          `Total cost is what is priced, plus ${compactTokens(left)} tokens of ${unpriced.join(', ')} without a price (add it to pricing.json).`,
        );
      else if (unpriced.length)
        notes.push(`No price for ${unpriced.join(', ')}: its cost shows as empty (add it to pricing.json).`);
      out([text, ...notes].join('\n'));
    } finally {
      await db.close();
    }
  } catch (err) {
    await failOnUserError(err);
  }
}

/** `report` and its short forms; `chosen` is the command the user chose, whose help and flags are checked. */
export async function reportCommand(program: Command, chosen: string | undefined): Promise<void> {
  // `report`'s help lists the reports and its `--by` takes their groupings: loaded only when it is chosen.
  if (chosen === 'report') await loadReports();
  const byChoices = [...new Set(reports.flatMap((r) => r.option?.choices ?? []))];
  const cmd = program
    .command('report')
    .description('Run a report (without a name: list the reports).')
    .argument('[name]', 'the report to run')
    .addOption(limitOption())
    .addOption(new Option('--by <group>', 'grouping, for usage and compactions').choices(byChoices));
  for (const o of [...formatOptions(), ...tableOptions(), ...filterOptions()]) cmd.addOption(o);
  cmd.addHelpText(
    'after',
    `\nReports:\n${list()}\n\nExamples:\n  agentlog report tool-errors --since 7d\n  agentlog report usage --by model --format csv\n  agentlog report hot-files --project myapp --limit 10 --format markdown`,
  );
  cmd.action(async (name: string | undefined, flags: ReportFlags) => {
    if (!name) {
      out(`Reports (agentlog report NAME):\n${list()}`);
      return;
    }
    await runReportCommand(name, flags);
  });

  // ccusage's commands: `agentlog daily --json --since 20261101` as a ccusage user types it.
  const shortForms = [
    ['daily', 'day'],
    ['weekly', 'week'],
    ['monthly', 'month'],
    ['session', 'session'],
  ] as const;
  for (const [command, by] of shortForms) {
    const short = program
      .command(command)
      .description(`Tokens and cost by ${by} (agentlog report usage --by ${by}).`)
      .addOption(limitOption());
    for (const o of [...formatOptions(), ...tableOptions(), ...filterOptions()]) short.addOption(o);
    short.action(async (flags: ReportFlags) => runReportCommand('usage', { ...flags, by }));
  }
}
