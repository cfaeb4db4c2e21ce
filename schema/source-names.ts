// The agents' names as people know them, for summaries and help (the stored source ids stay as they are).
import type { Source } from './records.js';

export const SOURCE_NAMES: Readonly<Record<Source, string>> = {
  'claude-code': 'Claude Code',
  opencode: 'OpenCode',
  codex: 'Codex',
  gemini: 'Gemini CLI',
};
