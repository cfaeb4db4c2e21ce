// `npm run bench [-- --size MB] [-- --only import,reports,search,hooks,ccusage,push,secondary] [-- --messages N]`: prints every figure with its target.
// Figures, not pass/fail tests: these machines are shared and noisy.
import os from 'node:os';
import { benchCcusage } from './ccusage.js';
import { benchHooks } from './hooks.js';
import { benchImport } from './import.js';
import { formatMeasure, type Measure } from './measure.js';
import { benchPush } from './push.js';
import { benchReports } from './reports.js';
import { benchSecondary } from './secondary-costs.js';
import { benchSearch } from './search.js';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const size = Number(arg('size') ?? 200);
const only = new Set((arg('only') ?? 'import,reports,search,hooks,ccusage,push').split(','));

console.log(
  `agentlog bench: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB, node ${process.version}, ${new Date().toISOString()}`,
);
const print = (ms: Measure[]) => ms.forEach((m) => console.log(formatMeasure(m)));
if (only.has('import')) print(benchImport(size));
if (only.has('reports')) print(benchReports());
if (only.has('search')) print(benchSearch(Number(arg('messages') ?? 1_000_000)));
if (only.has('hooks')) print(await benchHooks());
if (only.has('ccusage')) print(benchCcusage(size));
// Not in the default run: each index's floor measured on its own takes about 50 floors.
if (only.has('secondary')) print(benchSecondary(size, Number(arg('rounds') ?? 3)));
if (only.has('push')) await benchPush(size, (m) => print([m]));
