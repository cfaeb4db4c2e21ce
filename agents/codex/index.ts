// The Codex CLI importer: rollout-*.jsonl under $CODEX_HOME/sessions and archived_sessions.
import { asObject } from '../json-values.js';
import type { LineImporter } from '../contract.js';
import { discoverCodexFiles } from './discover.js';
import { readHeadLine } from './head-line.js';
import type { CodexContext } from './map.js';
import { codexRoots } from './paths.js';

// The mapper, loaded by the first `context` (which comes before any `map` of a file): an import
// that finds nothing changed, or only other agents' files, never loads it.
let mapper: typeof import('./map.js') | undefined;
const loaded = () => {
  if (!mapper) throw new Error("the Codex importer maps a line before its file's context was made");
  return mapper;
};

export const codexImporter: LineImporter<CodexContext> = {
  kind: 'lines',
  source: 'codex',
  parserVersion: 2,
  defaultRoots: (env) => codexRoots(env),
  discover: discoverCodexFiles,
  async context(file) {
    mapper ??= await import('./map.js');
    return mapper.newContext(file, mapper.headOf(await readHeadLine(file)));
  },
  map(value, ctx) {
    const e = asObject(value);
    if (!e || typeof e.type !== 'string') return { invalid: 'no entry type (a JSON object without a string "type")' };
    return loaded().mapLine(e, ctx);
  },
  finish: (ctx) => loaded().finishContext(ctx),
};
