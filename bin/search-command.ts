// `agentlog search QUERY`: full-text search over prompts, answers, tool inputs, outputs and errors.
import { type Command, Option } from 'commander';
import { FORMATS, type Format } from '../reports/render/formats.js';
import { resolveDbPath } from '../schema/paths.js';
import { fail, failOnUserError, warn } from './output.js';
import { paged, stdoutIsTerminal, useColor } from './pager.js';
import { type FilterFlags, filterOptions, limitOption } from './shared-options.js';

const SEARCH_FORMATS = FORMATS.filter((f) => f !== 'html');
type SearchFormat = Exclude<Format, 'html'>;

const IN_CHOICES = ['prompts', 'answers', 'commands', 'outputs', 'errors'];

/**
 * On a terminal, a line on stderr while a search writes the documents of the rows imported since the
 * last one, then indexes their texts (a first search over a whole history takes a while), cleared
 * before anything else is printed.
 */
function indexingProgress() {
  let shown = false;
  return {
    update(step: 'write' | 'index', done: number, total: number) {
      // Fewer rows or texts are done in well under a second: nothing to show.
      if (!process.stderr.isTTY || total <= 20_000 || done >= total) return;
      shown = true;
      const what = step === 'write' ? 'imported rows' : 'texts';
      process.stderr.write(
        `\r\x1b[Kagentlog: preparing ${total.toLocaleString('en-US')} ${what} for search (once)… ${Math.floor((100 * done) / total)}%`,
      );
    },
    done: () => shown && process.stderr.write('\r\x1b[K'),
  };
}

export function searchCommand(program: Command): void {
  const cmd = program
    .command('search')
    .description('Find sessions by what was said, run or printed in them (SQLite FTS5, ranked by bm25).')
    .argument('<query...>', 'words, "phrases", prefix*, AND / OR / NOT, (groups)')
    .addOption(
      new Option('--in <kinds>', `search only these texts, comma-separated: ${IN_CHOICES.join(', ')} (default: all)`),
    )
    .addOption(limitOption().default(undefined, '20 sessions'))
    // Search results are sessions with snippets, not a page: every format but html.
    .addOption(new Option('--format <format>', 'output format').choices(SEARCH_FORMATS).default('table'))
    .option('--show', 'show the best-matching session instead of the list');
  for (const o of filterOptions()) cmd.addOption(o);
  cmd.addHelpText(
    'after',
    `\nExamples:\n  agentlog search rewrites basePath\n  agentlog search '"set up rewrites"' --project myapp --since 30d\n  agentlog search 'deploy* AND NOT staging' --in commands,outputs\n  agentlog search 'ECONNRESET' --in errors --format json\n  agentlog search rewrites --show`,
  );
  cmd.action(
    async (
      words: string[],
      flags: FilterFlags & { in?: string; limit?: string; format: SearchFormat; show?: boolean },
    ) => {
      const kinds = flags.in
        ? flags.in
            .split(',')
            .map((k) => k.trim())
            .filter(Boolean)
        : [];
      const unknown = kinds.filter((k) => !IN_CHOICES.includes(k));
      if (unknown.length) fail(`--in ${unknown.join(',')}: choose among ${IN_CHOICES.join(', ')}`, 2);
      const [
        { reportParams },
        { openReportDb },
        { prepareForSearch, search },
        { renderSearch },
        { SearchQueryError },
        { outputWidth },
        { indexPendingTexts },
      ] = await Promise.all([
        import('../reports/params.js'),
        import('../reports/report-db.js'),
        import('../browse/search.js'),
        import('../browse/render-search.js'),
        import('../browse/search-query.js'),
        import('../browse/fit-width.js'),
        import('../schema/search-index.js'),
      ]);
      try {
        const params = reportParams(flags, 20);
        const { db, empty } = openReportDb(resolveDbPath(flags.db), {});
        try {
          if (empty) warn('the database is empty: run `agentlog import` first');
          // The import leaves the documents and their tokenizing to the first search that needs them
          // (schema/search-index.ts); a row whose documents are not written yet counts as one text.
          const progress = indexingProgress();
          const { left } = indexPendingTexts(db, { onProgress: progress.update });
          progress.done();
          if (left)
            warn(
              `${left.toLocaleString('en-US')} ${left === 1 ? 'text is' : 'texts are'} not indexed yet and left out of these results (${
                db.readonly
                  ? 'the database is read-only here'
                  : 'another agentlog process is writing the database; search again when it is done'
              })`,
            );
          prepareForSearch(db);
          const { sessions: results, capped } = search(db, {
            query: words.join(' '),
            in: kinds as never,
            params: flags.show ? { ...params, limit: 1 } : params,
          });
          if (capped)
            warn(
              'more than 20,000 texts match: the ranking covers the most recently imported of them (narrow the query, or add --since, --project or --in)',
            );
          const width = outputWidth(stdoutIsTerminal() ? process.stdout.columns : undefined);
          if (!flags.show) {
            const text = renderSearch(flags.format, results, { tz: params.tz, width, color: useColor() });
            if (flags.format === 'table') paged(text);
            else process.stdout.write(text);
            return;
          }
          if (results.length === 0) fail(`no session matches ${JSON.stringify(words.join(' '))}`, 1);
          const [{ loadTimeline }, { renderTimeline }] = await Promise.all([
            import('../browse/timeline.js'),
            import('../browse/render-timeline.js'),
          ]);
          const format = flags.format === 'json' ? 'json' : flags.format === 'markdown' ? 'markdown' : 'text';
          const text = renderTimeline(format, loadTimeline(db, results[0]!.session_id), {
            tz: params.tz,
            width,
            color: useColor(),
            flat: false,
          });
          if (format === 'text') paged(text);
          else process.stdout.write(text);
        } finally {
          db.close();
        }
      } catch (err) {
        if (err instanceof SearchQueryError) fail(err.message, 2);
        await failOnUserError(err);
      }
    },
  );
}
