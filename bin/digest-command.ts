// `agentlog digest`: the period's summary as markdown, text or JSON, to stdout or a file.
import fs from 'node:fs';
import { type Command, Option } from 'commander';
import { fail, out, warn } from './output.js';
import { failOnUserError } from './report-command.js';
import { type FilterFlags, filterOptions } from './shared-options.js';

export function digestCommand(program: Command): void {
  const cmd = program
    .command('digest')
    .description('A short summary of a period (default: the last 24 hours) for a morning read or a nightly mail.')
    .addOption(
      new Option('--format <format>', 'output format').choices(['markdown', 'text', 'json']).default('markdown'),
    )
    .option('--out <file>', 'write to this file instead of stdout');
  for (const o of filterOptions()) cmd.addOption(o);
  cmd.addHelpText(
    'after',
    '\nExamples:\n  agentlog digest\n  agentlog digest --since 7d --format text\n  0 7 * * * agentlog import --quiet && agentlog digest --since 24h --out ~/agentlog-digest.md',
  );
  cmd.action(async (flags: FilterFlags & { format: 'markdown' | 'text' | 'json'; out?: string }) => {
    const [
      { buildDigest },
      { reportParams },
      { digestDocument },
      { documentMarkdown, documentText },
      { openReportTarget },
    ] = await Promise.all([
      import('../reports/digest.js'),
      import('../reports/params.js'),
      import('../reports/render/digest-document.js'),
      import('../reports/render/document.js'),
      import('../reports/report-target.js'),
    ]);
    try {
      const now = Date.now();
      const params = reportParams({ ...flags, since: flags.since ?? '24h' }, -1, now);
      const range = { ...params, since: params.since ?? 0, until: params.until ?? now };
      const db = await openReportTarget(flags.db, { machine: flags.machine });
      const { prices } = db;
      let text: string;
      try {
        const digest = await buildDigest(db, range);
        text =
          flags.format === 'json'
            ? `${JSON.stringify(digest, null, 2)}\n`
            : (flags.format === 'text' ? documentText : documentMarkdown)(digestDocument(digest), params.tz);
        for (const model of prices.unpriced)
          warn(`no price for model ${model}: its cost is left out (add it to pricing.json)`);
      } finally {
        await db.close();
      }
      if (flags.out) fs.writeFileSync(flags.out, text, { mode: 0o600 });
      else out(text);
    } catch (err) {
      await failOnUserError(err);
    }
  });
}
