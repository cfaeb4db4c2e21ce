// A throwaway PostgreSQL server for tests: initdb + pg_ctl in a temp folder, on 127.0.0.1, as an unprivileged user.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface PgServer {
  /** postgres://postgres:PASSWORD@127.0.0.1:PORT/ plus a database name. */
  url(database?: string): string;
  port: number;
  password: string;
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): void;
}

/** The folder with initdb and pg_ctl (Debian's postgresql package), or null when PostgreSQL is not installed. */
export function pgBinDir(): string | null {
  const fromEnv = process.env.AGENTLOG_PG_BIN;
  if (fromEnv && fs.existsSync(path.join(fromEnv, 'pg_ctl'))) return fromEnv;
  const root = '/usr/lib/postgresql';
  if (fs.existsSync(root)) {
    const versions = fs
      .readdirSync(root)
      .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'pg_ctl')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return path.join(root, versions[0], 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' });
  return which.status === 0 && which.stdout.trim() ? path.dirname(which.stdout.trim()) : null;
}

/** Why the PostgreSQL tests cannot run here, or null when they can. */
export const pgSkipReason = (): string | null =>
  pgBinDir() ? null : 'PostgreSQL binaries (initdb, pg_ctl) not found: apt-get install postgresql';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** PostgreSQL refuses to run as root: as root the server runs as `nobody`, in a folder made theirs. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('nobody:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  return { uid: Number(uid ?? 65534), gid: Number(gid ?? 65534) };
}

export async function startPgServer(): Promise<PgServer> {
  const bin = pgBinDir();
  if (!bin) throw new Error(pgSkipReason()!);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-pg-'));
  const user = runAs();
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  const pwfile = path.join(dir, 'pw');
  fs.writeFileSync(pwfile, `${password}\n`);
  if (user) {
    fs.chmodSync(dir, 0o700);
    fs.chownSync(dir, user.uid, user.gid);
    fs.chownSync(pwfile, user.uid, user.gid);
  }
  const data = path.join(dir, 'data');
  const opts = { ...(user ?? {}), cwd: dir, stdio: 'pipe' as const, env: { ...process.env, LC_ALL: 'C', LANG: 'C' } };
  const port = await freePort();
  execFileSync(
    path.join(bin, 'initdb'),
    ['-D', data, '-U', 'postgres', '--pwfile', pwfile, '--auth', 'scram-sha-256', '--locale', 'C', '-E', 'UTF8'],
    opts,
  );
  execFileSync(
    path.join(bin, 'pg_ctl'),
    ['start', '-w', '-D', data, '-l', path.join(dir, 'log'), '-o', `-p ${port} -h 127.0.0.1 -k ${dir} -F`],
    opts,
  );
  let stopped = false;
  const url = (database = 'postgres') =>
    `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      execFileSync(path.join(bin, 'pg_ctl'), ['stop', '-w', '-m', 'immediate', '-D', data], opts);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  // A run that ends before its afterAll (an exception, Ctrl-C, a kill) still stops the server.
  process.once('exit', stop);
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    process.once(sig, () => {
      stop();
      process.exit(128 + (sig === 'SIGINT' ? 2 : 15));
    });
  return {
    url,
    port,
    password,
    async createDatabase(name) {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    stop,
  };
}
