// Adds agentlog's AfterAgent and SessionEnd hooks to the Gemini CLI's settings.json, and takes them out again.
import path from 'node:path';
import { readJsonFile, serialize, writeJsonFile } from '../settings-file.js';
import { geminiDir } from './paths.js';

/**
 * AfterAgent runs after every turn and SessionEnd when the CLI exits (0.61's hook events): each
 * imports the session's chat file, so it is in the database before the CLI's own cleanup can
 * delete it (see README.md of this folder).
 */
export const GEMINI_HOOK_EVENTS = ['AfterAgent', 'SessionEnd'] as const;

/** `<GEMINI_CLI_HOME or ~>/.gemini/settings.json`: the user settings the CLI reads. */
export const geminiSettingsPath = (env: NodeJS.ProcessEnv = process.env) => path.join(geminiDir(env), 'settings.json');

const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The command the CLI runs: absolute node and entry point, so no npx cold start. */
export const geminiHookCommand = (nodePath: string, entryPath: string) =>
  `${quote(nodePath)} ${quote(entryPath)} hook gemini`;

/** A handler agentlog installed: its command runs an agentlog entry point with `hook gemini`. */
export const isAgentlogGeminiHandler = (h: unknown): boolean =>
  typeof h === 'object' &&
  h !== null &&
  typeof (h as { command?: unknown }).command === 'string' &&
  /agentlog[^/\\]*'?\s+hook\s+gemini\s*$/.test((h as { command: string }).command);

type Group = { matcher?: string; hooks?: unknown[] } & Record<string, unknown>;

/** Settings with agentlog's hooks: added once, an older agentlog path updated, nothing else touched. */
export function withGeminiHooks(settings: Record<string, unknown>, command: string): Record<string, unknown> {
  const out = structuredClone(settings);
  const hooks = (typeof out.hooks === 'object' && out.hooks !== null ? out.hooks : (out.hooks = {})) as Record<
    string,
    Group[]
  >;
  for (const event of GEMINI_HOOK_EVENTS) {
    const groups = Array.isArray(hooks[event]) ? hooks[event] : (hooks[event] = []);
    let found = false;
    for (const g of groups) {
      for (const h of Array.isArray(g.hooks) ? g.hooks : []) {
        if (!isAgentlogGeminiHandler(h)) continue;
        (h as { command: string }).command = command;
        found = true;
      }
    }
    if (!found) groups.push({ hooks: [{ type: 'command', name: 'agentlog', command }] });
  }
  return out;
}

/** Settings without agentlog's handlers, and without the groups, lists and object that held only them. */
export function withoutGeminiHooks(settings: Record<string, unknown>): Record<string, unknown> {
  const out = structuredClone(settings);
  const hooks = out.hooks as Record<string, Group[]> | undefined;
  if (typeof hooks !== 'object' || hooks === null) return out;
  for (const event of GEMINI_HOOK_EVENTS) {
    if (!Array.isArray(hooks[event])) continue;
    hooks[event] = hooks[event].filter((g) => {
      if (!Array.isArray(g.hooks) || !g.hooks.some(isAgentlogGeminiHandler)) return true;
      g.hooks = g.hooks.filter((h) => !isAgentlogGeminiHandler(h));
      return g.hooks.length > 0;
    });
    if (hooks[event].length === 0) delete hooks[event];
  }
  if (Object.keys(hooks).length === 0) delete out.hooks;
  return out;
}

export interface GeminiInstallResult {
  file: string;
  changed: boolean;
  backup?: string;
  content: string;
}

function apply(
  f: ReturnType<typeof readJsonFile>,
  next: Record<string, unknown>,
  dryRun?: boolean,
): GeminiInstallResult {
  const content = serialize(next, f.indent);
  const changed = JSON.stringify(next) !== JSON.stringify(f.value) || !f.exists;
  if (!changed || dryRun) return { file: f.file, changed, content };
  return { file: f.file, changed, content, backup: writeJsonFile(f, next) };
}

export function installGemini(opts: { settings: string; command: string; dryRun?: boolean }): GeminiInstallResult {
  const f = readJsonFile(opts.settings);
  return apply(f, withGeminiHooks(f.value, opts.command), opts.dryRun);
}

export function uninstallGemini(opts: { settings: string; dryRun?: boolean }): GeminiInstallResult {
  const f = readJsonFile(opts.settings);
  if (!f.exists) return { file: f.file, changed: false, content: '' };
  return apply(f, withoutGeminiHooks(f.value), opts.dryRun);
}
