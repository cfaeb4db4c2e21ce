// `npm run bench`: prints every figure with its target. Figures, not pass/fail tests: machines are noisy.
import os from 'node:os';
import { benchHooks } from './hooks.js';
import { formatMeasure } from './measure.js';

console.log(
  `agentlog bench: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB, node ${process.version}, ${new Date().toISOString()}`,
);
for (const m of await benchHooks()) console.log(formatMeasure(m));
