// agentlog's own log file, for hooks that must never print or fail: one line per problem, size-bounded.
import fs from 'node:fs';
import path from 'node:path';

export const LOG_MAX_BYTES = 256 * 1024;

/** Appends one line to `<dir>/agentlog.log`; past LOG_MAX_BYTES the log moves to agentlog.log.1 first. */
export function logLine(dir: string, message: string, now = Date.now()): void {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = path.join(dir, 'agentlog.log');
    try {
      if (fs.statSync(file).size > LOG_MAX_BYTES) fs.renameSync(file, `${file}.1`);
    } catch {
      // no log yet
    }
    fs.appendFileSync(file, `${new Date(now).toISOString()} ${message.replace(/\s+/g, ' ').slice(0, 2000)}\n`, {
      mode: 0o600,
    });
  } catch {
    // Nowhere left to report to; a hook must still not fail the agent.
  }
}
