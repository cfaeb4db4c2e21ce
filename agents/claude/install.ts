// Adds agentlog's hooks (SessionStart, SessionEnd, PermissionRequest) to Claude Code's settings.json, and takes them out again.
import os from 'node:os';
import path from 'node:path';
import { InstallError, readJsonFile, serialize, writeJsonFile } from '../settings-file.js';
import { editJson } from './json-edit.js';

export const HOOK_EVENTS = ['SessionStart', 'SessionEnd', 'PermissionRequest'] as const;
export type HookEvent = (typeof HOOK_EVENTS)[number];

/** The Claude Code release that added the PermissionRequest hook. */
export const PERMISSION_REQUEST_SINCE = [2, 0, 45] as const;

/**
 * The events to install for a Claude Code version (`claude --version`: "2.1.330 (Claude Code)").
 * An older Claude Code ignores a whole settings file that names an event it does not know, so
 * PermissionRequest is left out there; an unknown version gets every event (releases since late 2025 have it).
 */
export function hookEventsFor(version: string | undefined): HookEvent[] {
  const m = version?.match(/(\d+)\.(\d+)\.(\d+)/);
  if (!m) return [...HOOK_EVENTS];
  const v = [Number(m[1]), Number(m[2]), Number(m[3])];
  const i = v.findIndex((n, k) => n !== PERMISSION_REQUEST_SINCE[k]);
  const older = i >= 0 && v[i]! < PERMISSION_REQUEST_SINCE[i]!;
  return HOOK_EVENTS.filter((e) => !(older && e === 'PermissionRequest'));
}

/** `$CLAUDE_CONFIG_DIR/settings.json` (its first entry), else `~/.claude/settings.json`. */
export function claudeSettingsPath(env: NodeJS.ProcessEnv = process.env, home = env.HOME || os.homedir()): string {
  const configured = (env.CLAUDE_CONFIG_DIR ?? '').split(',')[0]?.trim();
  return path.join(configured || path.join(home, '.claude'), 'settings.json');
}

const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The command Claude Code runs: absolute node and entry point, so no npx cold start eats the budget. */
export function hookCommand(nodePath: string, entryPath: string): string {
  return `${quote(nodePath)} ${quote(entryPath)} hook`;
}

/** The node binary and entry point a hook command runs (the inverse of hookCommand). */
export function hookPrograms(command: string): string[] {
  const words = command.match(/'(?:[^']|'\\'')*'|\S+/g) ?? [];
  return words.slice(0, 2).map((w) => (w.startsWith("'") ? w.slice(1, -1).replace(/'\\''/g, "'") : w));
}

/** A handler agentlog installed: its command runs an agentlog entry point with `hook`. */
export const isAgentlogHandler = (h: unknown): boolean =>
  typeof h === 'object' &&
  h !== null &&
  typeof (h as { command?: unknown }).command === 'string' &&
  /agentlog[^/\\]*'?\s+hook\s*$/.test((h as { command: string }).command);

type Group = { matcher?: string; hooks?: unknown[] } & Record<string, unknown>;

const shapeOf = (v: unknown): string =>
  Array.isArray(v)
    ? 'a list'
    : v === null
      ? 'null'
      : typeof v === 'string'
        ? 'text'
        : typeof v === 'object'
          ? 'an object'
          : `a ${typeof v}`;

/** Entries of a shape agentlog does not know are never replaced: it says what it found and stops. */
function unknownShape(where: string, value: unknown, expected: 'an object' | 'a list'): void {
  const found = shapeOf(value);
  if (found === expected) return;
  throw new InstallError(
    `"${where}" is ${found} (${JSON.stringify(value)?.slice(0, 60)}), where Claude Code expects ${expected}; ` +
      `agentlog left it as it is and changed nothing: fix it by hand, then install again`,
  );
}

/** Settings with agentlog's hooks: added once, an older agentlog path updated, nothing else touched. */
export function withAgentlogHooks(
  settings: Record<string, unknown>,
  command: string,
  events: readonly HookEvent[] = HOOK_EVENTS,
): Record<string, unknown> {
  const out = structuredClone(settings);
  if (out.hooks === undefined) out.hooks = {};
  const hooks = out.hooks as Record<string, Group[]>;
  unknownShape('hooks', hooks, 'an object');
  for (const event of events) {
    if (Object.hasOwn(hooks, event)) unknownShape(`hooks.${event}`, hooks[event], 'a list');
    const groups = Object.hasOwn(hooks, event) ? hooks[event]! : (hooks[event] = []);
    let found = false;
    for (const g of groups) {
      if (typeof g !== 'object' || g === null) continue; // a shape Claude Code does not know either: left as it is
      for (const h of Array.isArray(g.hooks) ? g.hooks : []) {
        if (!isAgentlogHandler(h)) continue;
        (h as { command: string }).command = command;
        found = true;
      }
    }
    if (!found) groups.push({ hooks: [{ type: 'command', command }] });
  }
  return out;
}

/** Settings without agentlog's handlers, and without the groups, lists and object that held only them. */
export function withoutAgentlogHooks(settings: Record<string, unknown>): Record<string, unknown> {
  const out = structuredClone(settings);
  const hooks = out.hooks as Record<string, Group[]> | undefined;
  if (typeof hooks !== 'object' || hooks === null) return out;
  for (const event of HOOK_EVENTS) {
    if (!Array.isArray(hooks[event])) continue;
    hooks[event] = hooks[event].filter((g) => {
      if (typeof g !== 'object' || g === null || !Array.isArray(g.hooks) || !g.hooks.some(isAgentlogHandler))
        return true;
      g.hooks = g.hooks.filter((h) => !isAgentlogHandler(h));
      return g.hooks.length > 0;
    });
    if (hooks[event].length === 0) delete hooks[event];
  }
  if (Object.keys(hooks).length === 0) delete out.hooks;
  return out;
}

export interface InstallResult {
  file: string;
  changed: boolean;
  backup?: string;
  /** The file's new content (also for --dry-run). */
  content: string;
}

export function installClaude(opts: {
  settings: string;
  command: string;
  events?: readonly HookEvent[];
  dryRun?: boolean;
}): InstallResult {
  const f = readJsonFile(opts.settings);
  let next: Record<string, unknown>;
  try {
    next = withAgentlogHooks(f.value, opts.command, opts.events);
  } catch (err) {
    if (err instanceof InstallError) throw new InstallError(`${f.file}: ${err.message}`);
    throw err;
  }
  return apply(f, next, opts.dryRun);
}

export function uninstallClaude(opts: { settings: string; dryRun?: boolean }): InstallResult {
  const f = readJsonFile(opts.settings);
  if (!f.exists) return { file: f.file, changed: false, content: '' };
  return apply(f, withoutAgentlogHooks(f.value), opts.dryRun);
}

function apply(f: ReturnType<typeof readJsonFile>, next: Record<string, unknown>, dryRun?: boolean): InstallResult {
  // Only what agentlog adds or removes is written; the rest of the file keeps its bytes.
  const content = f.exists ? editJson(f.text, f.value, next, f.indent) : serialize(next, f.indent);
  const changed = JSON.stringify(next) !== JSON.stringify(f.value) || !f.exists;
  if (!changed || dryRun) return { file: f.file, changed, content };
  return { file: f.file, changed, content, backup: writeJsonFile(f, next, Date.now(), content) };
}
