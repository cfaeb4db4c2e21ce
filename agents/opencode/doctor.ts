// OpenCode's lines of `agentlog doctor`: plugin installed and current, data found, plugin spool backlog.
import fs from 'node:fs';
import path from 'node:path';
import type { Check } from '../../schema/health.js';
import type { DoctorContext } from '../contract.js';
import { OPENCODE_SPOOL } from '../spool-names.js';
import { spoolBacklog } from '../spool-check.js';
import { bakedPlugin, oldPluginFiles, opencodePluginDir, PLUGIN_FILE_NAME, pluginSource } from './install.js';
import { opencodeStores } from './paths.js';

export function opencodeChecks(ctx: DoctorContext): Check[] {
  const out: Check[] = [];
  const pluginFile = path.join(opencodePluginDir(), PLUGIN_FILE_NAME);
  let pluginState = `not installed (${pluginFile}): run \`agentlog install opencode\``;
  let pluginOk = false;
  const old = oldPluginFiles(opencodePluginDir());
  if (old.length > 0) {
    pluginState = `${old.join(', ')} ${old.length > 1 ? 'are' : 'is'} from before agentlog moved its plugin: run \`agentlog install opencode\``;
  } else if (fs.existsSync(pluginFile)) {
    const current = bakedPlugin(pluginSource(), [process.execPath, ctx.entry]);
    pluginOk = fs.readFileSync(pluginFile, 'utf8') === current;
    pluginState = pluginOk
      ? `installed and current (${pluginFile})`
      : `${pluginFile} is from another agentlog: run \`agentlog install opencode\` again`;
  }
  out.push({ ok: pluginOk, what: 'OpenCode plugin', detail: pluginState });
  const stores = opencodeStores();
  out.push({
    ok: stores.roots.length > 0,
    what: 'OpenCode data',
    detail: stores.roots.length ? stores.roots.join(', ') : `none in ${stores.looked.join(', ')}`,
  });
  out.push(...spoolBacklog(ctx, OPENCODE_SPOOL));
  return out;
}
