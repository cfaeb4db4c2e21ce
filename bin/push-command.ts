// `agentlog push`: send new and changed rows to the team PostgreSQL; also the push after `import --push`.
import type { Command } from 'commander';
import { configDir, resolveDbPath } from '../schema/paths.js';
import { fail, out, warn } from './output.js';
import { dbOption } from './shared-options.js';

export interface PushFlags {
  db?: string;
  to?: string;
  machine?: string;
  dryRun?: boolean;
  printSchema?: boolean;
  batchSize?: string;
  quiet?: boolean;
}

/** Runs one push; on failure prints one line (never a password) and sets the exit code. Returns success. */
export async function runPush(flags: PushFlags): Promise<boolean> {
  const [{ resolvePushTarget, PushConfigError }, { connectPg, redactUrl, PgConnectError }, { push, PushError }] =
    await Promise.all([
      import('../sync/push-config.js'),
      import('../sync/pg-connect.js'),
      import('../sync/push.js'),
    ]);
  const { DbError, openDb } = await import('../schema/open-db.js');
  const { PgSchemaError } = await import('../sync/pg-schema.js');
  const batchSize = flags.batchSize === undefined ? undefined : Number(flags.batchSize);
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0))
    fail(`push: --batch-size "${flags.batchSize}" must be a whole number above 0`, 2);
  let target;
  try {
    target = resolvePushTarget(flags, configDir());
  } catch (err) {
    if (err instanceof PushConfigError) fail(err.message, 2);
    throw err;
  }
  let db;
  try {
    db = openDb(resolveDbPath(flags.db));
  } catch (err) {
    if (err instanceof DbError) fail(err.message, 1);
    throw err;
  }
  const where = redactUrl(target.url);
  const tty = !flags.quiet && process.stderr.isTTY === true;
  const started = Date.now();
  let client;
  try {
    client = await connectPg(target.url);
    const result = await push(db, client, {
      ...target,
      dryRun: flags.dryRun,
      batchSize,
      onProgress: (sent, total) => {
        if (tty) process.stderr.write(`\rpushed ${sent}/${total} rows`);
      },
    });
    if (tty && result.total > 0 && !flags.dryRun) process.stderr.write('\r\x1b[K');
    const parts = Object.entries(result.rows)
      .filter(([, n]) => n > 0)
      .map(([t, n]) => `${n} ${t}`)
      .join(', ');
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    if (result.migrated.length > 0 && !flags.quiet)
      out(`created the team tables on ${where} (${result.migrated.join(', ')})`);
    if (flags.dryRun) out(`would push ${result.total} rows as ${target.machine} to ${where}${parts ? `: ${parts}` : ''}`);
    else if (!flags.quiet)
      out(
        result.total === 0
          ? `nothing new to push to ${where} (machine ${target.machine})`
          : `pushed ${result.total} rows as ${target.machine} to ${where} in ${secs} s: ${parts}`,
      );
    return true;
  } catch (err) {
    if (err instanceof PgConnectError) {
      warn(`push failed: ${err.message}. Nothing local was lost: the next push sends it.`);
      process.exitCode = err.exitCode;
      return false;
    }
    if (err instanceof PushError || err instanceof PgSchemaError) {
      warn(`push failed: ${err.message}`);
      process.exitCode = 2;
      return false;
    }
    if (err instanceof DbError) {
      warn(`push failed: ${err.message}`);
      process.exitCode = 1;
      return false;
    }
    // Unknown server errors: one line, password already removed by the sync layer.
    warn(`push to ${where} failed: ${(err as Error).message}. Nothing local was lost: the next push sends it.`);
    process.exitCode = 1;
    return false;
  } finally {
    await client?.end().catch(() => undefined);
    db.close();
  }
}

export function pushCommand(program: Command): void {
  program
    .command('push')
    .description('Copy new and changed rows to a shared PostgreSQL database (for teams).')
    .option('--to <url>', 'postgres://user@host:5432/db (default: $AGENTLOG_PUSH_URL, else config.json push.url)')
    .option('--machine <name>', 'the name this machine’s rows carry (default: config.json push.machine, else the host name)')
    .option('--dry-run', 'count what would be sent, send nothing')
    .option('--print-schema', 'print the SQL that creates the team tables (for an administrator) and exit')
    .option('--batch-size <n>', 'rows per server transaction (default 2000)')
    .option('-q, --quiet', 'print nothing unless the push failed')
    .addOption(dbOption())
    .addHelpText(
      'after',
      `
The URL follows libpq: PG* variables and ~/.pgpass fill in what it leaves out, sslmode=require works.
Rows deleted locally by \`agentlog prune\` stay on the server.

Examples:
  agentlog push --to postgres://me@db.team.internal/agentlog
  AGENTLOG_PUSH_URL=postgres://me@db/agentlog agentlog push --machine laptop
  agentlog push --print-schema | psql postgres://admin@db/agentlog`,
    )
    .action(async (flags: PushFlags) => {
      if (flags.printSchema) {
        const { printableSchema } = await import('../sync/pg-schema.js');
        out(printableSchema());
        return;
      }
      await runPush(flags);
    });
}
