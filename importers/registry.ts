// Every source agentlog imports; adding a source adds one line here.
import type { Source } from '../schema/records.js';
import { claudeImporter } from './claude/index.js';
import type { LineImporter } from './importer.js';
import { opencodeSpoolImporter } from './opencode/spool.js';

export const importers: readonly LineImporter<unknown>[] = [
  claudeImporter as LineImporter<unknown>,
  opencodeSpoolImporter as LineImporter<unknown>,
];

export function importerFor(source: Source): LineImporter<unknown> | undefined {
  return importers.find((i) => i.source === source);
}
