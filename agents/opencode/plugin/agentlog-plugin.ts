// agentlog's OpenCode plugin: appends the events agentlog needs to a spool file, synchronously, and
// starts `agentlog import --source opencode` when a session goes idle. One file, no npm dependencies:
// OpenCode loads it under Bun, where better-sqlite3 cannot run. It exports only the plugin function.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

// `agentlog install opencode` writes the absolute node and agentlog paths here; empty means "agentlog" on PATH.
const AGENTLOG_COMMAND: string[] = [];

type Json = Record<string, any>;

function spoolFile(): string {
  const env = process.env;
  const home = env.HOME || homedir();
  let dir: string;
  if (process.platform === 'darwin') dir = join(home, 'Library', 'Application Support', 'agentlog');
  else if (process.platform === 'win32') dir = join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'agentlog');
  else
    dir = join(
      env.XDG_DATA_HOME && env.XDG_DATA_HOME.startsWith('/') ? env.XDG_DATA_HOME : join(home, '.local', 'share'),
      'agentlog',
    );
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return join(dir, 'opencode-spool.jsonl');
}

const SESSION_EVENTS = new Set([
  'session.created',
  'session.updated',
  'session.deleted',
  'session.status',
  'session.idle',
  'session.error',
  'session.compacted',
  'permission.asked',
  'permission.replied',
  'permission.updated',
]);

export const AgentlogPlugin = async () => {
  let spool: string | undefined;
  const userMessages = new Set<string>();
  // The tool call running now: file.edited names only the file, so it borrows the call's session.
  let running: { sessionID?: string; callID?: string } | undefined;

  const write = (event: Json, extra?: Json) => {
    spool ??= spoolFile();
    const line: Json = { v: 1, t: Date.now(), id: event.id, type: event.type, properties: event.properties };
    if (extra) line.agentlog = extra;
    appendFileSync(spool, `${JSON.stringify(line)}\n`, { mode: 0o600 });
  };

  // Every idle session gets its import: a run that starts while another works waits for it and
  // then reads only what is new, so overlapping imports cost little and lose nothing.
  const startImport = () => {
    const [cmd, ...args] = AGENTLOG_COMMAND.length ? AGENTLOG_COMMAND : ['agentlog'];
    try {
      const child = spawn(cmd!, [...args, 'import', '--quiet', '--source', 'opencode'], {
        detached: true,
        stdio: 'ignore',
      });
      child.on('error', () => undefined);
      child.unref();
    } catch {
      // agentlog is not installed where we looked; the next manual import reads the spool
    }
  };

  const keep = (event: Json) => {
    const type = String(event?.type ?? '');
    const p: Json = event?.properties ?? {};
    if (SESSION_EVENTS.has(type)) {
      write(event);
      if (type === 'session.idle') startImport();
      return;
    }
    if (type === 'file.edited') {
      write(event, running ? { sessionID: running.sessionID, callID: running.callID } : undefined);
      return;
    }
    if (type === 'message.part.updated' && p.part?.type === 'tool') {
      const status = p.part.state?.status;
      if (status === 'running') running = { sessionID: p.part.sessionID ?? p.sessionID, callID: p.part.callID };
      if (status === 'completed' || status === 'error') {
        if (running?.callID === p.part.callID) running = undefined;
        write(event);
      }
      return;
    }
    if (type === 'message.updated') {
      const info: Json = p.info ?? {};
      // Only a message's final state: an assistant message once completed or failed, a user message once.
      if (info.role === 'assistant' ? info.time?.completed || info.error : info.id && !userMessages.has(info.id)) {
        if (info.role !== 'assistant') userMessages.add(info.id);
        write(event);
      }
    }
  };

  return {
    event: async ({ event }: { event: Json }) => {
      try {
        keep(event);
      } catch {
        // Never break the agent: a spool that cannot be written loses the live copy, not the session
        // (OpenCode's own database still has it for the importer).
      }
    },
  };
};
