// Gives every test a temporary HOME, so no test reads or writes the user's agent folders or agentlog database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Variables that point agentlog, or an agent it reads, somewhere else than HOME. They are removed
 * rather than pointed at the temp dir: with HOME temporary, every default (~/.claude, ~/.codex,
 * ~/.gemini, ~/.config, ~/.local/share/agentlog ...) already lands inside it, and a test that sets
 * its own HOME then gets defaults under that HOME, as a user would.
 */
const REMOVED = [
  /^XDG_(DATA|CONFIG|STATE|CACHE)_HOME$/,
  /^AGENTLOG_DB$/,
  /^(CLAUDE|CODEX|GEMINI|OPENCODE)_/,
  /^APPDATA$/,
  /^LOCALAPPDATA$/,
];

export const isRedirecting = (name: string) => REMOVED.some((re) => re.test(name));

/** Points `env` (process.env by default) at a new temporary HOME; returns that HOME and a function that removes it. */
export function useTempHome(env: NodeJS.ProcessEnv = process.env): { home: string; remove: () => void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-test-'));
  const home = path.join(root, 'home');
  fs.mkdirSync(home, { mode: 0o700 });
  for (const name of Object.keys(env)) if (isRedirecting(name)) delete env[name];
  env.HOME = home;
  env.USERPROFILE = home;
  return { home, remove: () => fs.rmSync(root, { recursive: true, force: true }) };
}

/** Throws unless `env`'s HOME, where every default path starts, is inside the temporary folder. */
export function assertHermetic(env: NodeJS.ProcessEnv): void {
  const home = env.HOME ? path.resolve(env.HOME) : '';
  const inTmp = [os.tmpdir(), fs.realpathSync(os.tmpdir())].some((t) => home.startsWith(t + path.sep));
  if (!inTmp) throw new Error(`test environment: HOME is ${home || 'unset'}, not a temporary folder`);
}

/**
 * The environment for a spawned `agentlog` (or anything else a test starts): the test file's
 * temporary HOME and the rest of process.env, with `extra` on top. Variables in `extra` that
 * point elsewhere (AGENTLOG_DB, CLAUDE_CONFIG_DIR, ...) are the test's own choice and kept.
 */
export function spawnEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (isRedirecting(name)) delete env[name];
  Object.assign(env, extra);
  assertHermetic(env);
  return env;
}
