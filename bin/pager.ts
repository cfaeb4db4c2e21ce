// Long output on a terminal goes through $PAGER (less -R by default); piped output is written plain.
import { createRequire } from 'node:module';
import { out } from './output.js';

// node:child_process is loaded when a pager is started, not by every command that imports this file.
const require = createRequire(import.meta.url);

/** True when stdout is a terminal that takes bold and colour (NO_COLOR turns them off). */
export const stdoutIsTerminal = () => process.stdout.isTTY === true;
export const useColor = () => stdoutIsTerminal() && !process.env.NO_COLOR;

/** Writes `text`, through the pager when stdout is a terminal and the text is longer than the screen. */
export function paged(text: string): void {
  const lines = text.split('\n').length;
  if (!stdoutIsTerminal() || lines < (process.stdout.rows ?? 24)) return out(text);
  const pager = process.env.PAGER?.trim() || 'less -R';
  const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
  const r = spawnSync(pager, {
    shell: true,
    input: text,
    stdio: ['pipe', 'inherit', 'inherit'],
    // less needs -R to show bold as bold; keep a LESS the user set.
    env: { ...process.env, LESS: process.env.LESS ?? 'R' },
  });
  // A pager that cannot start (not installed: 127) must not swallow the output.
  if (r.error || r.status === 127) out(text);
}
