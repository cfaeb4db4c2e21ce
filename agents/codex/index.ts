// The Codex CLI importer: rollout-*.jsonl under $CODEX_HOME/sessions and archived_sessions.
import { asObject } from '../json-values.js';
import type { LineImporter } from '../contract.js';
import { lazyPart } from '../lazy-part.js';
import { discoverCodexFiles } from './discover.js';
import { readHeadLine } from './head-line.js';
import type { CodexContext } from './map.js';
import { codexRoots } from './paths.js';

// The mapper: an import that finds nothing changed, or only other agents' files, never loads it.
const mapper = lazyPart('the Codex importer', () => import('./map.js'));

export const codexImporter: LineImporter<CodexContext> = {
  kind: 'lines',
  source: 'codex',
  parserVersion: 2,
  defaultRoots: (env) => codexRoots(env),
  discover: discoverCodexFiles,
  async context(file) {
    const map = await mapper.load();
    return map.newContext(file, map.headOf(await readHeadLine(file)));
  },
  map(value, ctx) {
    const e = asObject(value);
    if (!e || typeof e.type !== 'string') return { invalid: 'no entry type (a JSON object without a string "type")' };
    return mapper.get().mapLine(e, ctx);
  },
  finish: (ctx) => mapper.get().finishContext(ctx),
};
