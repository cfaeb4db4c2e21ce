// The files agentlog's own live hooks append to, in its data directory; no transcript reader takes them.
import path from 'node:path';

/** Written by the OpenCode plugin (agents/opencode/plugin/agentlog-plugin.ts): one line per live event. */
export const OPENCODE_SPOOL = 'opencode-spool.jsonl';
/** Written by `agentlog hook` when the database is busy: one line per hook call it handed over. */
export const CLAUDE_HOOKS_SPOOL = 'claude-hooks-spool.jsonl';

export const isOpencodeSpool = (file: string) => /^opencode-spool.*\.jsonl$/.test(path.basename(file));
export const isClaudeHooksSpool = (file: string) => /^claude-hooks-spool.*\.jsonl$/.test(path.basename(file));
// Asked of every transcript a walk finds: most names have no "spool" in them at all.
export const isAgentlogSpool = (file: string) =>
  file.includes('-spool') && (isOpencodeSpool(file) || isClaudeHooksSpool(file));
