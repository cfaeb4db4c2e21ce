// The doctor line every agent with a live spool shows: how many bytes the next import still has to read.
import fs from 'node:fs';
import path from 'node:path';
import type { Check } from '../schema/health.js';
import type { DoctorContext } from './contract.js';

/** Nothing when the spool was never written; otherwise its backlog. */
export function spoolBacklog(ctx: DoctorContext, name: string): Check[] {
  const spool = path.join(ctx.dataDir, name);
  if (!fs.existsSync(spool)) return [];
  const waiting = fs.statSync(spool).size - ctx.importedOffset(spool);
  return [
    {
      ok: waiting === 0,
      what: 'spool backlog',
      detail: `${spool}: ${waiting === 0 ? 'all imported' : `${waiting} bytes not imported yet (run \`agentlog import\`)`}`,
    },
  ];
}
