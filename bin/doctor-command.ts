// `agentlog doctor`: the database's checks (schema/health.ts), then each agent's own, as the registry lists them.
import fs from 'node:fs';
import type { Command } from 'commander';
import type { Check } from '../schema/health.js';
import { out } from './output.js';

async function checks(dbFlag?: string): Promise<Check[]> {
  const [{ resolveDbPath, dataDir }, { databaseChecks, importedOffset }, { agents }] = await Promise.all([
    import('../schema/paths.js'),
    import('../schema/health.js'),
    import('../agents/registry.js'),
  ]);
  const dbPath = resolveDbPath(dbFlag);
  const ctx = {
    entry: fs.realpathSync(process.argv[1] ?? ''),
    dataDir: dataDir(),
    importedOffset: (file: string) => importedOffset(dbPath, file),
  };
  const perAgent = await Promise.all(agents.map((a) => a.doctor(ctx)));
  return [...databaseChecks(dbPath), ...perAgent.flat()];
}

export function doctorCommand(program: Command): void {
  program
    .command('doctor')
    .description(
      'Check the database, its permissions and schema, the installed hooks and plugin, the transcript folders and any spool backlog.',
    )
    .option('--db <path>', 'database file (default: $AGENTLOG_DB, else the platform data directory)')
    .option('--json', 'print the checks as JSON')
    .action(async (flags: { db?: string; json?: boolean }) => {
      const list = await checks(flags.db);
      if (flags.json) out(JSON.stringify(list, null, 2));
      else out(list.map((c) => `${c.ok ? 'ok  ' : c.failed ? 'FAIL' : 'warn'}  ${c.what}: ${c.detail}`).join('\n'));
      if (list.some((c) => c.failed)) process.exitCode = 1;
    });
}
