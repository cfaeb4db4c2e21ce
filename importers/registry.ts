// Every source agentlog imports; adding a source adds one line here.
import { claudeHookSpoolImporter } from './claude/hook-spool.js';
import { claudeImporter } from './claude/index.js';
import type { Importer, LineImporter } from './importer.js';
import { codexImporter } from '../agents/codex/index.js';
import { opencodeImporter } from './opencode/index.js';
import { opencodeSpoolImporter } from './opencode/spool.js';

export const importers: readonly Importer[] = [
  claudeImporter as LineImporter<unknown>,
  claudeHookSpoolImporter as LineImporter<unknown>,
  opencodeImporter,
  opencodeSpoolImporter as LineImporter<unknown>,
  codexImporter as LineImporter<unknown>,
];
