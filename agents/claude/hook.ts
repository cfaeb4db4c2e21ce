// The Claude Code hook (`agentlog hook`): records session start and end and permission prompts, then
// hands the transcript to a detached import at the end. It never answers a prompt: Claude Code asks the user as usual.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CLAUDE_HOOKS_SPOOL } from '../spool-names.js';
import { openDb } from '../../schema/open-db.js';
import { dataDir, resolveDbPath } from '../../schema/paths.js';
import { Writer } from '../../schema/writer.js';
import { redactRecord } from '../../import/redact.js';
import { hookRecords, type HookPayload, parsePayload } from './hook-payload.js';
import { logLine } from '../hook-log.js';

/** How long a hook waits for the database before it hands its row over (a long import holds the lock). */
export const BUSY_WAIT_MS = 50;

/**
 * What the detached import reads: the one transcript given, only when it is a regular `.jsonl` file
 * (a folder would import everything below it), and the session's subagents folder when it exists.
 */
export function importTargets(p: HookPayload): string[] {
  if (!isTranscriptFile(p.transcript_path)) return [];
  // A session id is one path segment; anything else would name a folder outside the transcript's.
  if (!/^[^/\\]+$/.test(p.session_id) || p.session_id === '.' || p.session_id === '..') return [p.transcript_path];
  const subagents = path.join(path.dirname(p.transcript_path), p.session_id, 'subagents');
  return fs.existsSync(subagents) ? [p.transcript_path, subagents] : [p.transcript_path];
}

function isTranscriptFile(file: string | undefined): file is string {
  if (!file || !file.toLowerCase().endsWith('.jsonl')) return false;
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
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

/** Writes the call's rows; when the database is busy (a long import) or unwritable, hands them over. */
function record(payload: HookPayload, env: NodeJS.ProcessEnv, dir: string, spool: string, now: number): void {
  try {
    const db = openDb(resolveDbPath(undefined, { env }), { busyTimeoutMs: BUSY_WAIT_MS });
    try {
      // Secrets are taken out as an import does (a command's first words may hold a token).
      const writer = new Writer(db, { transform: redactRecord });
      writer.begin();
      for (const r of hookRecords(payload, now)) writer.write(r);
      writer.commit(null);
    } finally {
      db.close();
    }
  } catch (err) {
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      fs.appendFileSync(spool, `${JSON.stringify({ t: now, payload })}\n`, { mode: 0o600 });
    } catch (spoolErr) {
      const what = `${payload.hook_event_name} ${payload.session_id}`;
      logLine(
        dir,
        `hook ${what}: could not record the session (${(err as Error).message}) nor hand it over (${(spoolErr as Error).message})`,
        now,
      );
    }
  }
}

/**
 * Handles one hook call. Never throws and never prints: Claude Code would show a failure to the
 * user, and SessionStart stdout becomes context for the model. Problems go to agentlog.log.
 */
export function handleClaudeHook(stdin: string, deps: HookDeps = {}): void {
  const env = deps.env ?? process.env;
  const now = deps.now ?? Date.now();
  const dir = dataDir({ env });
  const spool = path.join(dir, CLAUDE_HOOKS_SPOOL);
  let payload: HookPayload;
  try {
    payload = parsePayload(stdin);
  } catch (err) {
    logLine(dir, `hook: ${(err as Error).message}`, now);
    return;
  }
  record(payload, env, dir, spool, now);
  if (payload.hook_event_name !== 'SessionEnd') return;
  const targets = importTargets(payload);
  if (targets.length === 0) {
    logLine(
      dir,
      payload.transcript_path && fs.existsSync(payload.transcript_path)
        ? `hook SessionEnd ${payload.session_id}: not a transcript file: ${payload.transcript_path} (a regular .jsonl file was expected; nothing imported)`
        : `hook SessionEnd ${payload.session_id}: no transcript at ${payload.transcript_path ?? '(none given)'}`,
      now,
    );
    return;
  }
  if (fs.existsSync(spool)) targets.push(spool);
  try {
    (deps.startImport ?? startImport)(deps.entry ?? process.argv[1] ?? '', targets);
  } catch (err) {
    logLine(dir, `hook SessionEnd ${payload.session_id}: could not start the import: ${(err as Error).message}`, now);
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
