// Writing to the terminal: stdout that ends quietly on a closed pipe, and errors that exit.
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
