// Groups tool error messages into kinds ("Exit code 1", "String to replace not found", ...), stored with each failed call.

export const REJECTED_BY_USER = 'rejected by user';

/** Exported for the PostgreSQL copy of error_kind (reports/pg-dialect.ts), which is generated from them. */
export const RULES: [RegExp, string | ((m: RegExpExecArray) => string)][] = [
  // Before the exit code and the words a check's output quotes ("No such file", "timeout"): the
  // commit was stopped by a hook, whatever the hook printed.
  [
    /pre-commit (?:validation |hook |checks? )?(?:failed|exited)|husky - pre-commit|lint-staged (?:failed|could not)/i,
    'blocked by pre-commit check',
  ],
  [/^\s*(?:Error: )?Exit code (\d+)/, (m) => `Exit code ${m[1]}`],
  // OpenCode words the first two its own way ("oldString not found in content").
  [/String to replace not found|oldString not found/i, 'String to replace not found'],
  [
    /Found \d+ matches of the string to replace|Found multiple matches for oldString|oldString found multiple times/i,
    'String to replace found more than once',
  ],
  [/File has not been read yet|must read (?:the )?file .*before overwriting/i, 'File has not been read yet'],
  [/File has been (?:unexpectedly )?modified since (?:it was )?read/i, 'File changed since read'],
  [
    /doesn't want to (?:proceed|take this action)|tool use was rejected|User rejected|rejected by (?:the )?user/i,
    REJECTED_BY_USER,
  ],
  [/Request interrupted|interrupted by user|\binterrupted\b/i, 'interrupted'],
  [
    /haven't granted|requires approval|requires user confirmation|permission denied|not permitted|EACCES|EPERM|Permission to use/i,
    'permission denied',
  ],
  [/Sibling tool call errored/i, 'sibling call failed'],
  [/No such tool available|Unknown tool/i, 'unknown tool'],
  [/File does not exist|No such file or directory|ENOENT|does not exist/i, 'file not found'],
  [/EISDIR|is a directory/i, 'path is a directory'],
  [/exceeds maximum allowed|too large|File content .* exceeds/i, 'too large'],
  [/timed? ?out|ETIMEDOUT|timeout/i, 'timeout'],
  [/status code (\d{3})/i, (m) => `HTTP ${m[1]}`],
  [/InputValidationError|invalid input|is required|must be/i, 'invalid input'],
  [/ECONNREFUSED|ENOTFOUND|ECONNRESET|network/i, 'network error'],
];

/**
 * Older Claude Code versions (2.0.x) stored a rejection with feedback as the user's words alone, as
 * if the tool had failed with them ("please add transformer.js too first"). Words a person typed:
 * one short line of several words, not a program's `name: message`, and none of the words tools
 * fail with.
 */
export function looksLikeUserFeedback(message: string): boolean {
  const text = message.trim();
  if (text.length === 0 || text.length > 400 || /[\r\n]/.test(text)) return false;
  if (RULES.some(([re]) => re.test(text))) return false;
  if (text.split(/\s+/).length < 3) return false;
  if (/^[\w./()~-]+:\s/.test(text) || /^\(eval\)/.test(text) || text.startsWith('<')) return false;
  return !/\b(?:error|errors|failed|failure|not|cannot|can't|denied|blocked|invalid|unable|exit|exception|warning|no such)\b/i.test(
    text,
  );
}

/**
 * The kind of failure a tool's error message describes. A message no rule knows gives "Exit code N"
 * when it names one anywhere, else "failed": its first line is often a banner (pytest's "=== test
 * session starts ===", a compiler's version line) and would read as a kind of its own.
 */
export function errorKind(message: string | null | undefined): string | null {
  if (message == null) return null;
  for (const [re, kind] of RULES) {
    const m = re.exec(message);
    if (m) return typeof kind === 'string' ? kind : kind(m);
  }
  if (message.trim() === '') return 'empty error';
  const code = /\bexit(?:ed with)?(?: code| status)?:? (\d+)\b/i.exec(message);
  return code ? `Exit code ${code[1]}` : 'failed';
}
