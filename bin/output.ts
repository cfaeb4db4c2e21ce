// Writing to the terminal: stdout that ends quietly on a closed pipe, errors that exit, and the one exit for errors the user can fix.
export function quietOnClosedPipe(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

export function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function warn(text: string): void {
  process.stderr.write(`agentlog: ${text}\n`);
}

export function fail(message: string, code = 1): never {
  process.stderr.write(`agentlog: ${message}\n`);
  process.exit(code);
}

/** The width tables fit: COLUMNS when set, else the terminal's; undefined (no limit) when not a terminal. */
export function terminalWidth(env = process.env, stdout = process.stdout): number | undefined {
  const columns = Number(env.COLUMNS);
  if (Number.isInteger(columns) && columns > 0) return columns;
  return stdout.isTTY ? stdout.columns : undefined;
}

/**
 * Ends the command for an error the user can fix (a flag, a missing import, a read-only query):
 * its message, exit 1 or 2, no stack. Anything else is a bug and is thrown on. The error classes
 * are loaded here, with the command's work, not at start-up.
 */
export async function failOnUserError(err: unknown): Promise<never> {
  const [
    { ParamError },
    { PricingError },
    { NoDatabaseError },
    { TimeRangeError },
    { TimeZoneError },
    { DbError },
    { SqlError },
    { PgConnectError },
    { TeamDbError },
  ] = await Promise.all([
    import('../reports/params.js'),
    import('../reports/pricing.js'),
    import('../reports/report-db.js'),
    import('../reports/time-range.js'),
    import('../reports/zoned-time.js'),
    import('../schema/open-db.js'),
    import('../reports/run-sql.js'),
    import('../sync/pg-connect.js'),
    import('../reports/pg-report-db.js'),
  ]);
  if (err instanceof PgConnectError) fail(err.message, err.exitCode);
  if (err instanceof TeamDbError) fail(err.message, 1);
  if (err instanceof NoDatabaseError) fail(`${err.message}\n${await whereImportLooks()}`, 1);
  if (err instanceof DbError) fail(err.message, err.exitCode);
  if ([TimeRangeError, TimeZoneError, ParamError, SqlError, PricingError].some((E) => err instanceof E))
    fail((err as Error).message, 2);
  throw err;
}

/** Where `agentlog import` without a path will look, for the message of a missing database. */
async function whereImportLooks(): Promise<string> {
  const { importersOf } = await import('../agents/registry.js');
  const looked = [...new Set((await importersOf()).flatMap((i) => i.defaultRoots().looked))];
  return `agentlog import looks in: ${looked.join(', ')}`;
}
