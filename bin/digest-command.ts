// `agentlog digest`: the period's summary as markdown, text or JSON, to stdout or a file.
import fs from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { DIGEST_FORMATS, type DigestFormat } from '../reports/render/formats.js';
import { fail, out } from './output.js';
import { failOnUserError } from './output.js';
import { type FilterFlags, filterOptions } from './shared-options.js';

export function digestCommand(program: Command): void {
  const cmd = program
    .command('digest')
    .description('A short summary of a period (default: the last 24 hours) for a morning read or a nightly mail.')
    .addOption(
      new Option('--format <format>', 'output format (html: an e-mail body; table and text: plain text)')
        .choices(DIGEST_FORMATS)
        .default('markdown'),
    )
    .addOption(new Option('-j, --json', 'the same as --format json'))
    .option('--out <file>', 'write to this file instead of stdout');
  for (const o of filterOptions()) cmd.addOption(o);
  cmd.addHelpText(
    'after',
    "\nExamples:\n  agentlog digest\n  agentlog digest --since 7d --format text\n  agentlog digest --format html | mail -a 'Content-Type: text/html' -s 'agentlog digest' me@example.com\n  0 7 * * * agentlog import --quiet && agentlog digest --since 24h --out ~/agentlog-digest.md",
  );
  cmd.action(async (flags: FilterFlags & { format: DigestFormat; json?: boolean; out?: string }) => {
    if (flags.json) flags.format = 'json';
    const [
      { buildDigest },
      { reportParams },
      { digestDocument },
      { documentMarkdown, documentText },
      { documentHtml },
      { openReportTarget },
      { digestJson },
    ] = await Promise.all([
      import('../reports/digest.js'),
      import('../reports/params.js'),
      import('../reports/render/digest-document.js'),
      import('../reports/render/document.js'),
      import('../reports/render/document-html.js'),
      import('../reports/report-target.js'),
      import('../reports/render/digest-json.js'),
    ]);
    try {
      const now = Date.now();
      const params = reportParams({ ...flags, since: flags.since ?? '24h' }, -1, now);
      const range = { ...params, since: params.since ?? 0, until: params.until ?? now };
      // Nothing goes to stderr unless something is wrong (a cron job mails it): a model without a
      // price is named in the digest itself.
      const db = await openReportTarget(flags.db, { machine: flags.machine });
      let text: string;
      try {
        const digest = await buildDigest(db, range);
        const writeAs = { markdown: documentMarkdown, html: documentHtml, table: documentText, text: documentText };
        text =
          flags.format === 'json'
            ? digestJson(digest)
            : writeAs[flags.format](digestDocument(digest), params.tz);
      } finally {
        await db.close();
      }
      if (flags.out) writeOut(flags.out, text);
      else out(text);
    } catch (err) {
      await failOnUserError(err);
    }
  });
}

/** Writes the digest file; a missing folder or a path that cannot be written is the user's to fix. */
function writeOut(file: string, text: string): void {
  try {
    fs.writeFileSync(file, text, { mode: 0o600 });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const dir = path.dirname(path.resolve(file));
    const why =
      e.code === 'ENOENT'
        ? `the folder ${dir} does not exist (create it, or choose another --out)`
        : e.code === 'EACCES' || e.code === 'EPERM' || e.code === 'EROFS'
          ? `no permission to write there (choose another --out)`
          : e.code === 'EISDIR'
            ? 'it is a folder (give a file name)'
            : `${e.message} (choose another --out)`;
    fail(`cannot write the digest to ${file}: ${why}`, 2);
  }
}
