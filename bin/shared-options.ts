// Flags every command shares, declared once.
import { Option } from 'commander';

export const dbOption = () =>
  new Option('--db <path>', 'database file (default: $AGENTLOG_DB, else the platform data directory)');

export const sourceOption = () =>
  new Option('--source <source>', 'only this source').choices(['claude-code', 'opencode']);
