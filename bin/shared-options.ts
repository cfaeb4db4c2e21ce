// Flags the commands share, declared once and spread into each command.
import { Option } from 'commander';
import { DISPLAY_NAMES, SOURCES } from '../agents/names.js';
import { FORMATS, type Format } from '../reports/render/formats.js';

export const dbOption = () =>
  new Option('--db <path>', 'database file, or a team database as postgres://… (default: $AGENTLOG_DB, else the platform data directory)');

export const sourceOption = () =>
  new Option(
    '--source <source>',
    `only this agent's rows (${SOURCES.map((s) => `${s}: ${DISPLAY_NAMES[s]}`).join(', ')})`,
  ).choices(SOURCES);

/** The filters of every report and of the digest. */
export const filterOptions = () => [
  dbOption(),
  new Option('--since <when>', 'from this time: 24h, 7d, 4w, 2026-11-01, 2026-11-01T09:00'),
  new Option('--until <when>', 'before this time (a date includes that whole day)'),
  new Option('--project <name|path>', 'only this project (its name or its path)'),
  sourceOption(),
  new Option('--model <model>', 'only this model (an id, or a family such as claude-sonnet-4)'),
  new Option('--no-subagents', 'leave subagent sessions out'),
  new Option('--tz <zone>', 'time zone for dates and days (default: the system zone)'),
  new Option('-z, --timezone <zone>', 'the same as --tz'),
  new Option('--machine <name>', 'only this machine’s rows (on a team database, --db postgres://…)'),
];

export const limitOption = () =>
  new Option('--limit <n>', 'at most this many rows (default depends on the report; 0 for all)');

export const formatOption = () => new Option('--format <format>', 'output format').choices(FORMATS).default('table');

/** --format and its ccusage shorthand -j/--json. */
export const formatOptions = () => [formatOption(), new Option('-j, --json', 'the same as --format json')];

export interface OutputFlags {
  format: Format;
  json?: boolean;
}

export const formatOf = (flags: OutputFlags): Format => (flags.json ? 'json' : flags.format);

export const terminalWidthOptions = () => [
  new Option('--wide', 'show every column and whole values, whatever the terminal width'),
];

/** How report tables are laid out. */
export const tableOptions = () => [
  ...terminalWidthOptions(),
  new Option('--order <order>', 'oldest or newest first, for usage by day, week or month (default asc)').choices([
    'asc',
    'desc',
  ]),
  new Option('--breakdown', 'usage: one row per model under each row'),
];

export interface FilterFlags {
  db?: string;
  since?: string;
  until?: string;
  project?: string;
  source?: string;
  model?: string;
  subagents: boolean;
  tz?: string;
  timezone?: string;
  machine?: string;
}
