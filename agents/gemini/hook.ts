// The Gemini CLI hook (`agentlog hook gemini`): hands the session's chat file to a detached import.
// Loads no zod and opens no database: it must return within the CLI's hook budget.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { logLine } from '../hook-log.js';
import { dataDir } from '../../schema/paths.js';
import { isChatFile } from './paths.js';

export interface GeminiHookPayload {
  hook_event_name?: string;
  session_id?: string;
  transcript_path?: string;
}

/** The chat file a hook payload names, or why there is none. Pure. */
export function chatOfPayload(stdin: string): { file: string } | { problem: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(stdin);
  } catch (err) {
    return { problem: `stdin is not JSON (${(err as Error).message}): ${JSON.stringify(stdin.slice(0, 80))}` };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { problem: 'stdin is not a JSON object' };
  const p = raw as GeminiHookPayload;
  const what = `${String(p.hook_event_name)} ${String(p.session_id)}`;
  if (typeof p.transcript_path !== 'string' || p.transcript_path === '')
    return { problem: `hook gemini ${what}: no transcript_path` };
  if (!isChatFile(p.transcript_path))
    return { problem: `hook gemini ${what}: ${p.transcript_path} is not a Gemini chat file` };
  return { file: p.transcript_path };
}

function startImport(entry: string, file: string): void {
  const child = spawn(process.execPath, [entry, 'import', '--quiet', '--source', 'gemini', file], {
    detached: true,
    stdio: 'ignore',
  });
  child.on('error', () => undefined);
  child.unref();
}

export interface GeminiHookDeps {
  env?: NodeJS.ProcessEnv;
  now?: number;
  entry?: string;
  startImport?: (entry: string, file: string) => void;
}

/**
 * Handles one hook call. Never throws and never prints (the CLI would show it; a hook's stdout
 * is read as its JSON answer). The import waits for the database itself, so a busy database never
 * holds up the CLI; if it fails, the chat stays on disk for the next `agentlog import`.
 */
export function handleGeminiHook(stdin: string, deps: GeminiHookDeps = {}): void {
  const env = deps.env ?? process.env;
  const now = deps.now ?? Date.now();
  const dir = dataDir({ env });
  const chat = chatOfPayload(stdin);
  if ('problem' in chat) {
    logLine(dir, chat.problem, now);
    return;
  }
  if (!fs.existsSync(chat.file)) {
    logLine(dir, `hook gemini: no chat file at ${chat.file}`, now);
    return;
  }
  try {
    (deps.startImport ?? startImport)(deps.entry ?? process.argv[1] ?? '', chat.file);
  } catch (err) {
    logLine(dir, `hook gemini: could not start the import of ${chat.file}: ${(err as Error).message}`, now);
  }
}

/** `agentlog hook gemini`: reads stdin to its end, handles it, exits 0 whatever happened. */
export async function runGeminiHook(): Promise<void> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  } catch {
    // an unreadable stdin is handled as an empty payload
  }
  handleGeminiHook(Buffer.concat(chunks).toString('utf8'));
}
