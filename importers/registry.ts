// Every source agentlog imports; adding a source adds one line here.
import { claudeHookSpoolImporter } from './claude/hook-spool.js';
import { claudeImporter } from './claude/index.js';
import { geminiImporter } from '../agents/gemini/index.js';
import type { Importer, LineImporter } from './importer.js';
import { opencodeImporter } from './opencode/index.js';
import { opencodeSpoolImporter } from './opencode/spool.js';

export const importers: readonly Importer[] = [
  claudeImporter as LineImporter<unknown>,
  claudeHookSpoolImporter as LineImporter<unknown>,
  opencodeImporter,
  opencodeSpoolImporter as LineImporter<unknown>,
  geminiImporter,
];
