// Where agentlog keeps its files: the platform's data directory and the database path.
import os from 'node:os';
import path from 'node:path';

export interface PathEnv {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
}

/** The per-user data directory: XDG on Linux, Application Support on macOS, %APPDATA% on Windows. */
export function dataDir({ env = process.env, platform = process.platform, home = os.homedir() }: PathEnv = {}): string {
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'agentlog');
  if (platform === 'win32') {
    const appData = env.APPDATA || path.win32.join(home, 'AppData', 'Roaming');
    return path.win32.join(appData, 'agentlog');
  }
  const xdg = env.XDG_DATA_HOME;
  // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.local', 'share');
  return path.join(base, 'agentlog');
}

/** `--db` wins, then AGENTLOG_DB, then `<dataDir>/agentlog.db`. */
export function resolveDbPath(flag: string | undefined, pathEnv: PathEnv = {}): string {
  const env = pathEnv.env ?? process.env;
  if (flag) return path.resolve(flag);
  if (env.AGENTLOG_DB) return path.resolve(env.AGENTLOG_DB);
  return path.join(dataDir(pathEnv), 'agentlog.db');
}

/** Where agentlog reads user settings (pricing.json): XDG config on Linux, as dataDir elsewhere. */
export function configDir({
  env = process.env,
  platform = process.platform,
  home = os.homedir(),
}: PathEnv = {}): string {
  if (platform === 'darwin' || platform === 'win32') return dataDir({ env, platform, home });
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.config');
  return path.join(base, 'agentlog');
}
