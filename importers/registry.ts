// Every source agentlog imports; adding a source adds one line here.
import { claudeHookSpoolImporter } from './claude/hook-spool.js';
import { claudeImporter } from './claude/index.js';
import type { LineImporter } from './importer.js';
import { opencodeSpoolImporter } from './opencode/spool.js';

export const importers: readonly LineImporter<unknown>[] = [
  claudeImporter as LineImporter<unknown>,
  claudeHookSpoolImporter as LineImporter<unknown>,
  opencodeSpoolImporter as LineImporter<unknown>,
];
