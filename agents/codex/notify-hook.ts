// `agentlog hook codex`: what Codex's `notify` runs after each turn. Starts an import and returns at once.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { logLine } from '../hook-log.js';
import { dataDir } from '../../schema/paths.js';

export interface NotifyCall {
  /** The program that was Codex's notify before agentlog's (run with the same arguments), or []. */
  chain: string[];
  /** Codex's JSON argument (the last one). */
  payload: string | undefined;
}

/** `[-- program args...] PAYLOAD`: Codex appends its JSON as the last argument to whatever notify names. */
export function parseNotifyArgs(args: string[]): NotifyCall {
  const payload = args.length > 0 ? args[args.length - 1] : undefined;
  const head = args.slice(0, -1);
  const i = head.indexOf('--');
  return { chain: i < 0 ? [] : head.slice(i + 1), payload };
}

/** The turn that ended, when the payload is an `agent-turn-complete` notification. */
export function finishedTurn(payload: string | undefined): { threadId?: string; cwd?: string } | null {
  if (!payload) return null;
  let v: unknown;
  try {
    v = JSON.parse(payload);
  } catch {
    return null;
  }
  const o = v as Record<string, unknown> | null;
  if (!o || typeof o !== 'object' || o.type !== 'agent-turn-complete') return null;
  const threadId = typeof o['thread-id'] === 'string' ? (o['thread-id'] as string) : undefined;
  const cwd = typeof o.cwd === 'string' ? o.cwd : undefined;
  return { threadId, cwd };
}

function detached(cmd: string, args: string[], onError: (e: Error) => void): void {
  const child = spawn(cmd, args, { detached: true, stdio: 'ignore', env: process.env });
  child.on('error', onError);
  child.unref();
}

/**
 * Never fails and never waits: the chained program and the import run detached. The import waits
 * for the database itself (it takes the write lock file by file), so the hook writes nothing and
 * needs no spool; an import already running reads the new lines on its next pass or the next one.
 */
export async function runCodexNotify(args: string[], entry = process.argv[1] ?? ''): Promise<void> {
  const logDir = dataDir();
  const log = (m: string) => logLine(logDir, `hook codex: ${m}`);
  try {
    const call = parseNotifyArgs(args);
    if (call.chain.length > 0) {
      const [program, ...rest] = call.chain;
      detached(program!, [...rest, ...(call.payload === undefined ? [] : [call.payload])], (e) =>
        log(`the chained notify program ${program} did not start: ${e.message}`),
      );
    }
    const turn = finishedTurn(call.payload);
    if (!turn) {
      log(`not an agent-turn-complete notification: ${String(call.payload).slice(0, 200)}`);
      return;
    }
    detached(process.execPath, [path.resolve(entry), 'import', '--source', 'codex', '--quiet'], (e) =>
      log(`the import did not start: ${e.message}`),
    );
  } catch (err) {
    log((err as Error).message);
  }
}
