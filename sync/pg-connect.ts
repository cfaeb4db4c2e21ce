// Connecting to a team PostgreSQL: libpq-style URLs, numbers as numbers, and errors that never show a password.
import pg from 'pg';

export { isPgUrl } from './pg-url.js';

/** An error the user can act on: one line, and the exit code it deserves (1: try again later, 2: fix something). */
export class PgConnectError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

/** `postgres://user@host:port/db`: the URL without its password (or any query string, which may hold one). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    const user = u.username ? `${decodeURIComponent(u.username)}@` : '';
    return `${u.protocol}//${user}${u.host}${u.pathname}`;
  } catch {
    return 'the PostgreSQL URL';
  }
}

function passwordOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.password ? decodeURIComponent(u.password) : (u.searchParams.get('password') ?? null);
  } catch {
    return null;
  }
}

// int8 (count, sum of integers) and numeric (sum, avg, round) arrive as strings; SQLite gives numbers.
const INT8 = 20;
const NUMERIC = 1700;
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => (v === null ? null : Number(v));
    return pg.types.getTypeParser(oid, format);
  },
};

/** Connects, or throws a PgConnectError saying what went wrong and where, without the password. */
export async function connectPg(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, types, connectionTimeoutMillis: 10_000 });
  // A server that goes away later must not crash the process with an unhandled 'error' event.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    throw explainPgError(err, url);
  }
  return client;
}

/** A PostgreSQL or network error as a message for the user; anything unknown keeps its text, password removed. */
export function explainPgError(err: unknown, url: string): Error {
  if (err instanceof PgConnectError) return err;
  const e = err as Error & { code?: string };
  const where = redactUrl(url);
  const code = e.code ?? '';
  let out: PgConnectError | null = null;
  if (['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN'].includes(code)) {
    out = new PgConnectError(`cannot reach PostgreSQL at ${where} (${code}): is the server running and the address right?`, 1);
  } else if (/timeout/i.test(e.message ?? '') || /terminated unexpectedly|Connection terminated/i.test(e.message ?? '')) {
    out = new PgConnectError(`lost the connection to PostgreSQL at ${where}: ${e.message}`, 1);
  } else if (code === '28P01' || code === '28000') {
    out = new PgConnectError(
      `PostgreSQL at ${where} refused the login (${e.message}): check the user and password (URL, PGPASSWORD or ~/.pgpass)`,
      2,
    );
  } else if (code === '3D000') {
    out = new PgConnectError(`${e.message} at ${where}: create it (createdb) or fix the URL`, 2);
  } else if (/password|SASL|pgpass/i.test(e.message ?? '') && !code) {
    out = new PgConnectError(`PostgreSQL at ${where} needs a password: put it in the URL, PGPASSWORD or ~/.pgpass`, 2);
  }
  if (out) return out;
  const password = passwordOf(url);
  const text = password ? (e.message ?? String(err)).split(password).join('***') : (e.message ?? String(err));
  const plain = new Error(text) as Error & { code?: string };
  plain.code = e.code;
  return plain;
}
