// `agentlog html`: one self-contained HTML page with every report as a chart and its numbers.
import fs from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { resolveDbPath } from '../schema/paths.js';
import { fail, out, warn } from './output.js';
import { failOnUserError } from './output.js';
import { type FilterFlags, filterOptions } from './shared-options.js';

/** The system's way to open a file in the browser. */
function opener(): { cmd: string; args: string[] } {
  if (process.platform === 'darwin') return { cmd: 'open', args: [] };
  if (process.platform === 'win32') return { cmd: 'cmd', args: ['/c', 'start', '""'] };
  return { cmd: 'xdg-open', args: [] };
}

export function htmlCommand(program: Command): void {
  const cmd = program
    .command('html')
    .description('Write one self-contained HTML page of charts and tables (default: the last 30 days).')
    .addOption(new Option('--out <file>', 'the page to write, - for stdout').default('agentlog-report.html'))
    .option('--open', 'open the page in the system browser');
  for (const o of filterOptions()) cmd.addOption(o);
  cmd.addHelpText(
    'after',
    '\nExamples:\n  agentlog html --open\n  agentlog html --since 365d --out ~/agentlog-year.html\n  agentlog html --project myapp --out - > myapp.html',
  );
  cmd.action(async (flags: FilterFlags & { out: string; open?: boolean }) => {
    if (flags.open && flags.out === '-') fail('--open needs a file: give --out FILE, not -', 2);
    const [{ reportParams }, { openReportDb }, { reportPage }] = await Promise.all([
      import('../reports/params.js'),
      import('../reports/report-db.js'),
      import('../reports/report-page.js'),
    ]);
    let html: string;
    try {
      const now = Date.now();
      const params = reportParams({ ...flags, since: flags.since ?? '30d' }, -1, now);
      const { db, prices, empty } = openReportDb(resolveDbPath(flags.db));
      try {
        if (empty) warn('the database is empty: run `agentlog import` first');
        html = reportPage(db, params, { now, emptyDb: empty });
        for (const model of prices.unpriced)
          warn(`no price for model ${model}: its cost shows as empty (add it to pricing.json)`);
      } finally {
        db.close();
      }
    } catch (err) {
      return failOnUserError(err);
    }
    if (flags.out === '-') {
      process.stdout.write(html);
      return;
    }
    const file = path.resolve(flags.out);
    try {
      fs.writeFileSync(file, html, { mode: 0o600 });
    } catch (err) {
      fail(
        `cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message} (choose another --out)`,
        2,
      );
    }
    out(`wrote ${file} (${Math.ceil(Buffer.byteLength(html) / 1024)} KB)`);
    if (flags.open) {
      const { spawn } = await import('node:child_process');
      const o = opener();
      const child = spawn(o.cmd, [...o.args, file], { detached: true, stdio: 'ignore' });
      child.on('error', () => warn(`could not run ${o.cmd} to open the page: open ${file} yourself`));
      child.unref();
    }
  });
}
