// `agentlog install codex` / `uninstall codex`: agentlog's notify program in $CODEX_HOME/config.toml.
import fs from 'node:fs';
import path from 'node:path';
import { codexHome } from './paths.js';
import { NotifyConfigError, withAgentlogNotify, withoutAgentlogNotify } from './notify-config.js';

export interface CodexInstallResult {
  file: string;
  changed: boolean;
  backup?: string;
  content: string;
}

export const codexConfigPath = (env: NodeJS.ProcessEnv = process.env) => path.join(codexHome(env), 'config.toml');

function edit(
  file: string,
  change: (text: string) => string,
  dryRun: boolean | undefined,
  now: number,
): CodexInstallResult {
  let text = '';
  let exists = true;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new NotifyConfigError(`cannot read ${file}: ${(err as Error).message}`);
    exists = false;
  }
  let next: string;
  try {
    next = change(text);
  } catch (err) {
    if (err instanceof NotifyConfigError)
      throw new NotifyConfigError(`${file}: ${err.message}; fix it first, nothing was changed`);
    throw err;
  }
  const result: CodexInstallResult = { file, changed: next !== text, content: next };
  if (!result.changed || dryRun) return result;
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  let mode = 0o600;
  if (exists) {
    mode = fs.statSync(file).mode & 0o777;
    result.backup = `${file}.agentlog-backup-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
    fs.writeFileSync(result.backup, text, { mode: 0o600 });
  }
  // Written beside and renamed over, so Codex never reads half a file.
  const target = realTarget(file);
  const tmp = `${target}.agentlog-tmp-${process.pid}`;
  fs.writeFileSync(tmp, next, { mode });
  fs.renameSync(tmp, target);
  return result;
}

/** Through a symlinked config.toml (dotfile managers), the file it points to is replaced, not the link. */
function realTarget(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

export function installCodex(opts: {
  file: string;
  command: string[];
  dryRun?: boolean;
  now?: number;
}): CodexInstallResult {
  return edit(opts.file, (t) => withAgentlogNotify(t, opts.command), opts.dryRun, opts.now ?? Date.now());
}

export function uninstallCodex(opts: { file: string; dryRun?: boolean; now?: number }): CodexInstallResult {
  return edit(opts.file, withoutAgentlogNotify, opts.dryRun, opts.now ?? Date.now());
}
