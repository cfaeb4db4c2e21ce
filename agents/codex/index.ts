// The Codex CLI importer: rollout-*.jsonl under $CODEX_HOME/sessions and archived_sessions.
import { asObject } from '../json-values.js';
import type { LineImporter } from '../contract.js';
import { discoverCodexFiles } from './discover.js';
import { readHeadLine } from './head-line.js';
import { type CodexContext, finishContext, headOf, mapLine, newContext } from './map.js';
import { codexRoots } from './paths.js';

export const codexImporter: LineImporter<CodexContext> = {
  kind: 'lines',
  source: 'codex',
  parserVersion: 2,
  defaultRoots: (env) => codexRoots(env),
  discover: discoverCodexFiles,
  context: async (file) => newContext(file, headOf(await readHeadLine(file))),
  map(value, ctx) {
    const e = asObject(value);
    if (!e || typeof e.type !== 'string') return { invalid: 'no entry type (a JSON object without a string "type")' };
    return mapLine(e, ctx);
  },
  finish: finishContext,
};
