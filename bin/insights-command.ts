// `agentlog insights`: what to change, ranked by what it cost, from the findings in reports/insights/.
import { type Command, Option } from 'commander';
import { fail, out, warn } from './output.js';
import { failOnUserError } from './output.js';
import { type FilterFlags, filterOptions } from './shared-options.js';

const FORMATS = ['table', 'json', 'markdown', 'ndjson'] as const;

interface InsightFlags extends FilterFlags {
  minHits: string;
  limit: string;
  only?: string;
  explain?: string;
  format: (typeof FORMATS)[number];
}

export function insightsCommand(program: Command): void {
  const cmd = program
    .command('insights')
    .description('What to change, ranked by what it cost you: findings measured from your own history.')
    .option('--min-hits <n>', 'a finding needs this many hits, across at least 2 sessions', '3')
    .option('--limit <n>', 'at most this many findings (0 for all)', '10')
    .option('--only <ids>', 'only these findings (comma-separated ids)')
    .option('--explain <id>', "print one finding's SQL, thresholds and examples")
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('table'));
  for (const o of filterOptions()) cmd.addOption(o);
  cmd.addHelpText(
    'after',
    '\nThe period defaults to the last 30 days (--since 30d); the trend compares it with the 30 days before.\n\nExamples:\n  agentlog insights\n  agentlog insights --since 90d --format markdown\n  agentlog insights --explain edit-before-read\n  agentlog insights --db postgres://team@db.example.com/agentlog --machine laptop-a',
  );
  cmd.action(async (flags: InsightFlags) => {
    const [
      { findings, findingNamed },
      { reportParams, limitParam, ParamError },
      { openReportTarget },
      run,
      explain,
      render,
    ] = await Promise.all([
      import('../reports/insights/registry.js'),
      import('../reports/params.js'),
      import('../reports/report-target.js'),
      import('../reports/insights/run-insights.js'),
      import('../reports/insights/explain.js'),
      import('../reports/insights/render-insights.js'),
    ]);
    const known = () => findings.map((f) => f.id).join(', ');
    if (flags.explain && !findingNamed(flags.explain))
      fail(`unknown finding "${flags.explain}" (known: ${known()})`, 2);
    const only = flags.only
      ? flags.only
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : null;
    const unknown = only?.filter((id) => !findingNamed(id)) ?? [];
    if (unknown.length)
      fail(`--only: unknown finding ${unknown.map((u) => `"${u}"`).join(', ')} (known: ${known()})`, 2);
    try {
      const minHits = Number(flags.minHits);
      if (!Number.isInteger(minHits) || minHits < 1)
        throw new ParamError(`--min-hits "${flags.minHits}" must be a whole number of 1 or more`);
      const now = Date.now();
      const params = reportParams({ ...flags, since: flags.since ?? '30d', limit: undefined }, -1, now);
      const target = await openReportTarget(flags.db, { machine: flags.machine });
      try {
        if (target.empty) warn('the database is empty: run `agentlog import` first');
        if (flags.explain) {
          const f = findingNamed(flags.explain)!;
          out(target.db ? explain.explainText(target.db, f, params) : await explain.explainTextPg(target, f, params));
        } else {
          const rows = await run.runInsightsOn(target, findings, params, {
            minHits,
            limit: limitParam(flags.limit, 10),
            only,
            now,
          });
          out(render.renderInsights(flags.format, rows, params.tz));
        }
        for (const model of target.prices.unpriced)
          warn(`no price for model ${model}: its cost is left out (add it to pricing.json)`);
      } finally {
        await target.close();
      }
    } catch (err) {
      await failOnUserError(err);
    }
  });
}
