// Claude Code's lines of `agentlog doctor`: hooks installed and current, transcript folders, hook spool backlog.
import fs from 'node:fs';
import path from 'node:path';
import type { Check } from '../../schema/health.js';
import type { DoctorContext } from '../contract.js';
import { CLAUDE_HOOKS_SPOOL } from '../spool-names.js';
import { spoolBacklog } from '../spool-check.js';
import { claudeSettingsPath, HOOK_EVENTS, hookCommand, hookPrograms, isAgentlogHandler } from './install.js';
import { claudeRoots } from './paths.js';

export function claudeChecks(ctx: DoctorContext): Check[] {
  const out: Check[] = [];
  const settings = claudeSettingsPath();
  const command = hookCommand(process.execPath, ctx.entry);
  let hookState = `not installed in ${settings}: run \`agentlog install claude\``;
  let hooksOk = false;
  try {
    const json = JSON.parse(fs.readFileSync(settings, 'utf8')) as {
      hooks?: Record<string, { hooks?: { command?: string }[] }[]>;
    };
    const commands = HOOK_EVENTS.map(
      (e) => (json.hooks?.[e] ?? []).flatMap((g) => g.hooks ?? []).find((h) => isAgentlogHandler(h))?.command,
    );
    const missing = commands
      .filter((c): c is string => !!c)
      .flatMap((c) => hookPrograms(c))
      .find((p) => path.isAbsolute(p) && !fs.existsSync(p));
    const absent = HOOK_EVENTS.filter((_e, i) => !commands[i]);
    if (commands.every((c) => c === command)) [hooksOk, hookState] = [true, `installed and current in ${settings}`];
    else if (absent.length > 0 && absent.length < HOOK_EVENTS.length && !missing)
      hookState =
        `installed in ${settings} without the ${absent.join(', ')} hook of this agentlog: run \`agentlog install claude\` again` +
        (absent.includes('PermissionRequest') ? ' (PermissionRequest needs Claude Code 2.0.45 or later)' : '');
    else if (missing)
      hookState = `installed in ${settings}, but ${missing} no longer exists (after a Node or agentlog upgrade?): the hooks cannot run; run \`agentlog install claude\` again`;
    else if (commands.some(Boolean))
      hookState = `installed in ${settings} but for another agentlog: run \`agentlog install claude\` again`;
  } catch {
    // no settings file, or not JSON: not installed
  }
  out.push({ ok: hooksOk, what: 'Claude Code hooks', detail: hookState });
  // A folder that is not there is worth a line only when no transcript folder exists at all.
  const roots = claudeRoots().looked;
  const anyRoot = roots.some((d) => fs.existsSync(d));
  for (const dir of roots.filter((d) => !anyRoot || fs.existsSync(d)))
    out.push({
      ok: fs.existsSync(dir),
      what: 'Claude Code transcripts',
      detail: `${dir}${fs.existsSync(dir) ? '' : ' (not there)'}`,
    });
  out.push(...spoolBacklog(ctx, CLAUDE_HOOKS_SPOOL));
  return out;
}
