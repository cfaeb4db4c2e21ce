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
