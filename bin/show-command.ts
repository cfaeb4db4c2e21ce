// `agentlog show SESSION` / `agentlog show --last`: one session as a readable timeline.
import { type Command, Option } from 'commander';
import { resolveDbPath } from '../schema/paths.js';
import { fail } from './output.js';
import { paged, stdoutIsTerminal, useColor } from './pager.js';
import { failOnUserError } from './output.js';
import { dbOption } from './shared-options.js';

const SHOW_FORMATS = ['text', 'json', 'markdown'] as const;

interface ShowFlags {
  db?: string;
  last?: boolean;
  project?: string;
  flat?: boolean;
  format: (typeof SHOW_FORMATS)[number];
  tz?: string;
}

export function showCommand(program: Command): void {
  program
    .command('show')
    .description(
      'Show one session as a timeline: prompts, answers, tool calls and their outcome, compactions, API errors, subagents.',
    )
    .argument('[session]', 'a session id, or the start of one')
    .option('--last', 'the most recently active session (of --project, when given)')
    .option('--project <name|path>', 'with --last: the last session of this project')
    .option('--flat', 'subagents in the one time order, not indented under their call')
    .addOption(new Option('--format <format>', 'output format').choices(SHOW_FORMATS).default('text'))
    .addOption(new Option('--tz <zone>', 'time zone for times (default: the system zone)'))
    .addOption(dbOption())
    .addHelpText(
      'after',
      '\nExamples:\n  agentlog show 9e953218\n  agentlog show --last --project myapp\n  agentlog show 9e953218 --format markdown > session.md',
    )
    .action(async (ref: string | undefined, flags: ShowFlags) => {
      if (!ref && !flags.last) fail('name a session (an id or the start of one), or pass --last', 2);
      if (ref && flags.last) fail('give a session or --last, not both', 2);
      if (flags.project && !flags.last) fail('--project goes with --last', 2);
      const [
        { projectParam },
        { openReportDb },
        timeline,
        { renderTimeline },
        { checkTimeZone, systemTimeZone },
        { outputWidth },
      ] = await Promise.all([
        import('../reports/params.js'),
        import('../reports/report-db.js'),
        import('../browse/timeline.js'),
        import('../browse/render-timeline.js'),
        import('../reports/zoned-time.js'),
        import('../browse/fit-width.js'),
      ]);
      try {
        const tz = checkTimeZone(flags.tz ?? systemTimeZone());
        const { db } = openReportDb(resolveDbPath(flags.db), {});
        try {
          const id = ref ? timeline.resolveSession(db, ref) : timeline.lastSession(db, projectParam(flags.project));
          const text = renderTimeline(flags.format, timeline.loadTimeline(db, id), {
            tz,
            width: outputWidth(stdoutIsTerminal() ? process.stdout.columns : undefined),
            color: useColor(),
            flat: !!flags.flat,
          });
          if (flags.format === 'text') paged(text);
          else process.stdout.write(text);
        } finally {
          db.close();
        }
      } catch (err) {
        if (err instanceof timeline.SessionLookupError) fail(err.message, 2);
        await failOnUserError(err);
      }
    });
}
