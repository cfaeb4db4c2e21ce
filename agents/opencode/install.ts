// Puts agentlog's plugin file into OpenCode's global plugin folder, with the command it starts imports with.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InstallError } from '../settings-file.js';

export const PLUGIN_FILE_NAME = 'agentlog.ts';
const MARKER = "agentlog's OpenCode plugin";
const COMMAND_LINE = /^const AGENTLOG_COMMAND: string\[\] = \[\];$/m;

/**
 * `$XDG_CONFIG_HOME/opencode/plugins/`, else `~/.config/opencode/plugins/` (OpenCode uses XDG on every
 * platform): the folder OpenCode's docs name. OpenCode also scans the older `plugin/`, where agentlog
 * put its plugin before; see {@link oldPluginFiles}.
 */
export function opencodePluginDir(env: NodeJS.ProcessEnv = process.env, home = env.HOME || os.homedir()): string {
  const xdg =
    env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  return path.join(xdg, 'opencode', 'plugins');
}

/** The `plugin/` folder beside a `plugins/` one: where agentlog installed before OpenCode's docs named `plugins/`. */
function legacyDirOf(dir: string): string | undefined {
  return path.basename(dir) === 'plugins' ? path.join(path.dirname(dir), 'plugin') : undefined;
}

/** The plugin's source, shipped beside dist/ in agents/opencode/plugin/. */
export function pluginSource(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const candidate of [
    path.resolve(here, '../../../agents/opencode/plugin/agentlog-plugin.ts'),
    path.resolve(here, 'plugin/agentlog-plugin.ts'),
  ]) {
    if (fs.existsSync(candidate)) return fs.readFileSync(candidate, 'utf8');
  }
  throw new InstallError(
    'the plugin source agents/opencode/plugin/agentlog-plugin.ts is missing from this agentlog installation',
  );
}

/** The plugin text with the command that starts an import baked in. */
export function bakedPlugin(source: string, command: string[]): string {
  if (!COMMAND_LINE.test(source)) throw new InstallError('the plugin source has no AGENTLOG_COMMAND line to fill in');
  return source.replace(COMMAND_LINE, `const AGENTLOG_COMMAND: string[] = ${JSON.stringify(command)};`);
}

export interface PluginInstall {
  file: string;
  changed: boolean;
  /** Plugin files from before the layout move that were (or on a dry run would be) taken out. */
  replaced?: string[];
}

/** Where the plugin's source was shipped before agentlog 0.1's layout move. */
export const OLD_PLUGIN_SOURCE = path.join('hooks', 'opencode', 'agentlog-plugin.ts');

/**
 * Plugin files an older install left that the current one replaces: `agentlog.ts` as a link to
 * the old shipped source (dangling once agentlog is upgraded), or a copy of the source under its
 * own name, `agentlog-plugin.ts` (OpenCode would run it beside `agentlog.ts`: every event twice);
 * and agentlog's plugin in the `plugin/` folder beside `plugins/`, which OpenCode scans too.
 */
export function oldPluginFiles(dir: string): string[] {
  const legacy = legacyDirOf(dir);
  return [...oldIn(dir, false), ...(legacy ? oldIn(legacy, true) : [])];
}

/** The old plugin files in `dir`; with `anyOfOurs`, also an `agentlog.ts` that is agentlog's plugin. */
function oldIn(dir: string, anyOfOurs: boolean): string[] {
  const found: string[] = [];
  const link = path.join(dir, PLUGIN_FILE_NAME);
  try {
    if (fs.lstatSync(link).isSymbolicLink() && fs.readlinkSync(link).endsWith(OLD_PLUGIN_SOURCE)) found.push(link);
    else if (anyOfOurs && fs.readFileSync(link, 'utf8').includes(MARKER)) found.push(link);
  } catch {
    // no plugin file
  }
  const copy = path.join(dir, path.basename(OLD_PLUGIN_SOURCE));
  try {
    if (fs.readFileSync(copy, 'utf8').includes(MARKER)) found.push(copy);
  } catch {
    // no copy
  }
  return found;
}

export function installOpencode(opts: { dir: string; command: string[]; dryRun?: boolean }): PluginInstall {
  const old = oldPluginFiles(opts.dir);
  if (!opts.dryRun) for (const f of old) fs.rmSync(f);
  const r = writePlugin(opts, old);
  return old.length > 0 ? { ...r, changed: true, replaced: old } : r;
}

function writePlugin(opts: { dir: string; command: string[]; dryRun?: boolean }, old: string[]): PluginInstall {
  const file = path.join(opts.dir, PLUGIN_FILE_NAME);
  const text = bakedPlugin(pluginSource(), opts.command);
  // On a dry run an old link is still there: it is replaced, not read.
  if (opts.dryRun && old.includes(file)) return { file, changed: true };
  let current: string | undefined;
  try {
    current = fs.readFileSync(file, 'utf8');
  } catch {
    current = undefined;
  }
  if (current !== undefined && !current.includes(MARKER)) {
    throw new InstallError(`${file} exists and is not agentlog's plugin; move it away first`);
  }
  if (current === text) return { file, changed: false };
  if (!opts.dryRun) {
    fs.mkdirSync(opts.dir, { recursive: true });
    fs.writeFileSync(file, text, { mode: 0o644 });
  }
  return { file, changed: true };
}

export function uninstallOpencode(opts: { dir: string; dryRun?: boolean }): PluginInstall {
  const old = oldPluginFiles(opts.dir);
  if (!opts.dryRun) for (const f of old) fs.rmSync(f);
  const file = path.join(opts.dir, PLUGIN_FILE_NAME);
  const r = opts.dryRun && old.includes(file) ? { file, changed: false } : removePlugin(opts);
  return old.length > 0 ? { ...r, changed: true, replaced: old } : r;
}

function removePlugin(opts: { dir: string; dryRun?: boolean }): PluginInstall {
  const file = path.join(opts.dir, PLUGIN_FILE_NAME);
  let current: string;
  try {
    current = fs.readFileSync(file, 'utf8');
  } catch {
    return { file, changed: false };
  }
  if (!current.includes(MARKER)) throw new InstallError(`${file} is not agentlog's plugin; it was left alone`);
  if (!opts.dryRun) fs.rmSync(file);
  return { file, changed: true };
}
