// Claude Code's lines of `agentlog doctor`: hooks installed and current, transcript folders, hook spool backlog.
import fs from 'node:fs';
import type { Check } from '../../schema/health.js';
import type { DoctorContext } from '../contract.js';
import { CLAUDE_HOOKS_SPOOL } from '../spool-names.js';
import { spoolBacklog } from '../spool-check.js';
import { claudeSettingsPath, HOOK_EVENTS, hookCommand, isAgentlogHandler } from './install.js';
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
    if (commands.every((c) => c === command)) [hooksOk, hookState] = [true, `installed and current in ${settings}`];
    else if (commands.some(Boolean))
      hookState = `installed in ${settings} but for another agentlog: run \`agentlog install claude\` again`;
  } catch {
    // no settings file, or not JSON: not installed
  }
  out.push({ ok: hooksOk, what: 'Claude Code hooks', detail: hookState });
  for (const dir of claudeRoots().looked)
    out.push({
      ok: fs.existsSync(dir),
      what: 'Claude Code transcripts',
      detail: `${dir}${fs.existsSync(dir) ? '' : ' (not there)'}`,
    });
  out.push(...spoolBacklog(ctx, CLAUDE_HOOKS_SPOOL));
  return out;
}
