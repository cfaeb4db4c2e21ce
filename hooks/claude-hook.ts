// The Claude Code hook (`agentlog hook`): records session start and end, then hands the transcript to a detached import.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openDb } from '../schema/open-db.js';
import { dataDir, resolveDbPath } from '../schema/paths.js';
import type { SessionRecord } from '../schema/records.js';
import { Writer } from '../schema/writer.js';
import { logLine } from './hook-log.js';

export interface HookPayload {
  hook_event_name: 'SessionStart' | 'SessionEnd';
  session_id: string;
  transcript_path?: string;
  cwd?: string;
  permission_mode?: string;
  model?: string;
  source?: string;
  reason?: string;
  session_title?: string;
}

export class HookInputError extends Error {}

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

/** The payload, checked by hand: loading zod would cost a hook more than its whole budget. */
export function parsePayload(stdin: string): HookPayload {
  let raw: unknown;
  try {
    raw = JSON.parse(stdin);
  } catch (err) {
    throw new HookInputError(`stdin is not JSON (${(err as Error).message}): ${JSON.stringify(stdin.slice(0, 80))}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new HookInputError('stdin is not a JSON object');
  const o = raw as Record<string, unknown>;
  const event = str(o.hook_event_name);
  if (event !== 'SessionStart' && event !== 'SessionEnd') {
    throw new HookInputError(
      `unexpected hook event ${JSON.stringify(o.hook_event_name)}: agentlog handles SessionStart and SessionEnd`,
    );
  }
  const session_id = str(o.session_id);
  if (!session_id) throw new HookInputError(`${event} payload has no session_id`);
  return {
    hook_event_name: event,
    session_id,
    transcript_path: str(o.transcript_path),
    cwd: str(o.cwd),
    permission_mode: str(o.permission_mode),
    model: str(o.model),
    source: str(o.source),
    reason: str(o.reason),
    session_title: str(o.session_title),
  };
}

const basename = (p: string) =>
  p
    .split(/[\\/]+/)
    .filter(Boolean)
    .pop() ?? p;

/** The session row a hook call gives: started (active) or ended, never anything it does not know. */
export function sessionRecord(p: HookPayload, now: number): SessionRecord {
  const s: SessionRecord = { kind: 'session', id: p.session_id, source: 'claude-code' };
  if (p.cwd) {
    s.project_path = p.cwd;
    s.project_name = basename(p.cwd);
  }
  if (p.transcript_path) s.transcript_path = p.transcript_path;
  if (p.permission_mode) s.permission_mode = p.permission_mode;
  if (p.model) s.model = p.model;
  if (p.session_title) {
    s.title = p.session_title;
    s.title_rank = 3;
  }
  if (p.hook_event_name === 'SessionStart') {
    s.created_at = now;
    s.updated_at = now;
    s.status = 'active';
  } else {
    s.updated_at = now;
    s.ended_at = now;
    s.status = 'ended';
    if (p.reason) s.end_reason = p.reason;
  }
  return s;
}

/** What the detached import reads: the transcript and, when it exists, the session's subagents folder. */
export function importTargets(p: HookPayload): string[] {
  if (!p.transcript_path || !fs.existsSync(p.transcript_path)) return [];
  const subagents = path.join(path.dirname(p.transcript_path), p.session_id, 'subagents');
  return fs.existsSync(subagents) ? [p.transcript_path, subagents] : [p.transcript_path];
}

/** Starts `agentlog import --quiet PATHS` in its own process group and does not wait for it. */
function startImport(entry: string, paths: string[]): void {
  const child = spawn(process.execPath, [entry, 'import', '--quiet', ...paths], { detached: true, stdio: 'ignore' });
  child.on('error', () => undefined);
  child.unref();
}

export interface HookDeps {
  env?: NodeJS.ProcessEnv;
  now?: number;
  /** The agentlog entry point the import runs with (default: this process's). */
  entry?: string;
  startImport?: (entry: string, paths: string[]) => void;
}

/**
 * Handles one hook call. Never throws and never prints: Claude Code would show a failure to the
 * user, and SessionStart stdout becomes context for the model. Problems go to agentlog.log.
 */
export function handleClaudeHook(stdin: string, deps: HookDeps = {}): void {
  const env = deps.env ?? process.env;
  const now = deps.now ?? Date.now();
  const logDir = dataDir({ env });
  let payload: HookPayload;
  try {
    payload = parsePayload(stdin);
  } catch (err) {
    logLine(logDir, `hook: ${(err as Error).message}`, now);
    return;
  }
  try {
    const db = openDb(resolveDbPath(undefined, { env }), { busyTimeoutMs: 250 });
    try {
      const writer = new Writer(db);
      writer.begin();
      writer.write(sessionRecord(payload, now));
      writer.commit(null);
    } finally {
      db.close();
    }
  } catch (err) {
    logLine(
      logDir,
      `hook ${payload.hook_event_name} ${payload.session_id}: could not record the session: ${(err as Error).message}`,
      now,
    );
  }
  if (payload.hook_event_name === 'SessionEnd') {
    const targets = importTargets(payload);
    if (targets.length === 0) {
      logLine(
        logDir,
        `hook SessionEnd ${payload.session_id}: no transcript at ${payload.transcript_path ?? '(none given)'}`,
        now,
      );
      return;
    }
    try {
      (deps.startImport ?? startImport)(deps.entry ?? process.argv[1] ?? '', targets);
    } catch (err) {
      logLine(
        logDir,
        `hook SessionEnd ${payload.session_id}: could not start the import: ${(err as Error).message}`,
        now,
      );
    }
  }
}

/** `agentlog hook`: reads stdin to its end, handles it, exits 0 whatever happened. */
export async function runClaudeHook(): Promise<void> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  } catch {
    // an unreadable stdin is handled as an empty payload
  }
  handleClaudeHook(Buffer.concat(chunks).toString('utf8'));
}
