// What `agentlog doctor` says about Codex: the notify program in config.toml and the rollout folders.
import fs from 'node:fs';
import type { Check as CodexCheck } from '../../schema/health.js';
import { agentlogNotify, NOTIFY_ARGS } from './notify-config.js';
import { codexRoots } from './paths.js';


/** Pure: the state of agentlog's notify line in `text` (null: no config file), for this agentlog's command. */
export function notifyState(file: string, text: string | null, command: string[]): CodexCheck {
  const what = 'Codex notify';
  if (text === null) return { ok: false, what, detail: `${file} does not exist: run \`agentlog install codex\`` };
  let argv: string[] | null;
  try {
    argv = agentlogNotify(text);
  } catch (err) {
    return { ok: false, what, detail: `${file}: ${(err as Error).message}` };
  }
  if (!argv) return { ok: false, what, detail: `not installed in ${file}: run \`agentlog install codex\`` };
  const expected = [...command, ...NOTIFY_ARGS];
  if (expected.some((a, i) => argv![i] !== a))
    return {
      ok: false,
      what,
      detail: `installed in ${file} but for another agentlog: run \`agentlog install codex\` again`,
    };
  const chained = argv.indexOf('--') >= 0 ? `, chaining ${argv.slice(argv.indexOf('--') + 1).join(' ')}` : '';
  return { ok: true, what, detail: `installed and current (${file}${chained})` };
}

export function codexChecks(configFile: string, command: string[], env: NodeJS.ProcessEnv = process.env): CodexCheck[] {
  let text: string | null = null;
  try {
    text = fs.readFileSync(configFile, 'utf8');
  } catch {
    text = null;
  }
  const roots = codexRoots(env);
  return [
    notifyState(configFile, text, command),
    {
      ok: roots.roots.length > 0,
      what: 'Codex rollouts',
      detail: roots.roots.length ? roots.roots.join(', ') : `none in ${roots.looked.join(', ')}`,
    },
  ];
}
