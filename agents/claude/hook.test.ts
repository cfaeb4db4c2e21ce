import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runImport } from '../../import/run.js';
import { openDb } from '../../schema/open-db.js';
import { parsePayload } from './hook-payload.js';
import { handleClaudeHook, importTargets } from './hook.js';

const PAYLOADS = fs
  .readFileSync(path.resolve(__dirname, '../../fixtures/claude-hooks/payloads.jsonl'), 'utf8')
  .trim()
  .split('\n');
const payload = (event: string, source?: string) =>
  PAYLOADS.find((l) => {
    const p = JSON.parse(l);
    return p.hook_event_name === event && (source === undefined || p.source === source);
  })!;

const PERMISSION_REQUESTS = fs
  .readFileSync(path.resolve(__dirname, '../../fixtures/claude-hooks/permission-request.jsonl'), 'utf8')
  .trim()
  .split('\n');
const permissionRows = (e: NodeJS.ProcessEnv) => {
  const db = new Database(dbFile(e), { readonly: true });
  const rows = db.prepare('SELECT * FROM permission_events ORDER BY asked_at').all();
  db.close();
  return rows;
};

const homes: string[] = [];
afterEach(() => homes.splice(0).forEach((h) => fs.rmSync(h, { recursive: true, force: true })));
function env() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-hook-'));
  homes.push(home);
  return { HOME: home, XDG_DATA_HOME: path.join(home, 'data') } as NodeJS.ProcessEnv;
}
const dbFile = (e: NodeJS.ProcessEnv) => path.join(e.XDG_DATA_HOME!, 'agentlog', 'agentlog.db');
const logOf = (e: NodeJS.ProcessEnv) => {
  try {
    return fs.readFileSync(path.join(e.XDG_DATA_HOME!, 'agentlog', 'agentlog.log'), 'utf8');
  } catch {
    return '';
  }
};
const sessionRow = (e: NodeJS.ProcessEnv, id: string) => {
  const db = new Database(dbFile(e), { readonly: true });
  const row = db.prepare('SELECT * FROM sessions WHERE id = ?').get(id) as Record<string, unknown> | undefined;
  db.close();
  return row;
};

describe('SessionStart', () => {
  it('creates the data directory and database, and records the session as active', () => {
    const e = env();
    handleClaudeHook(payload('SessionStart', 'startup'), { env: e, now: 1000 });
    expect(sessionRow(e, '3391a786-57c1-41ba-8227-8cd67d54274b')).toMatchObject({
      source: 'claude-code',
      status: 'active',
      project_path: '/tmp/cc-harness/work/scratch',
      project_name: 'scratch',
      transcript_path: expect.stringContaining('3391a786-57c1-41ba-8227-8cd67d54274b.jsonl'),
      title: 'flatMap question',
      created_at: 1000,
    });
    expect(fs.statSync(dbFile(e)).mode & 0o777).toBe(0o600);
    expect(logOf(e)).toBe('');
  });

  it('keeps the first created_at and takes the model when a later start (compact) gives one', () => {
    const e = env();
    const sid = '0121887f-728f-468f-90b2-03b2f65fd419';
    handleClaudeHook(
      payload('SessionStart', 'compact').replace('"source":"compact","model":"claude-opus-5-5"', '"source":"startup"'),
      {
        env: e,
        now: 1000,
      },
    );
    handleClaudeHook(payload('SessionStart', 'compact'), { env: e, now: 5000 });
    expect(sessionRow(e, sid)).toMatchObject({ created_at: 1000, model: 'claude-opus-5-5', status: 'active' });
  });
});

describe('SessionEnd', () => {
  it('records the end and reason, then starts an import of the transcript and its subagents', () => {
    const e = env();
    const dir = path.join(e.HOME!, 'projects', 'p');
    fs.mkdirSync(path.join(dir, 'sess-1', 'subagents'), { recursive: true });
    const transcript = path.join(dir, 'sess-1.jsonl');
    fs.writeFileSync(transcript, '');
    const started: string[][] = [];
    const end = JSON.stringify({
      ...JSON.parse(payload('SessionEnd')),
      session_id: 'sess-1',
      transcript_path: transcript,
    });
    handleClaudeHook(end, {
      env: e,
      now: 9000,
      entry: '/x/agentlog.js',
      startImport: (entry, paths) => started.push([entry, ...paths]),
    });
    expect(sessionRow(e, 'sess-1')).toMatchObject({ status: 'ended', end_reason: 'other', ended_at: 9000 });
    expect(started).toEqual([['/x/agentlog.js', transcript, path.join(dir, 'sess-1', 'subagents')]]);
  });

  it('logs, and starts nothing, when the transcript is not there', () => {
    const e = env();
    const started: string[][] = [];
    const end = JSON.stringify({
      ...JSON.parse(payload('SessionEnd')),
      transcript_path: path.join(e.HOME!, 'gone.jsonl'),
    });
    handleClaudeHook(end, { env: e, startImport: (entry, paths) => started.push(paths) });
    expect(started).toEqual([]);
    expect(logOf(e)).toMatch(/SessionEnd 3391a786-\S+: no transcript at .*gone\.jsonl/);
  });

  it('imports only the one regular .jsonl file it was given, never a folder or another kind of file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-t-'));
    homes.push(dir);
    fs.mkdirSync(path.join(dir, 'p'));
    fs.writeFileSync(path.join(dir, 'p', 'other.jsonl'), '');
    fs.writeFileSync(path.join(dir, 'notes.txt'), '');
    const e = env();
    for (const given of [dir, path.join(dir, 'p'), path.join(dir, 'notes.txt'), '/dev/null']) {
      const started: string[][] = [];
      const end = JSON.stringify({ ...JSON.parse(payload('SessionEnd')), transcript_path: given });
      handleClaudeHook(end, { env: e, startImport: (_entry, paths) => started.push(paths) });
      expect(started).toEqual([]);
      expect(logOf(e)).toContain(`not a transcript file: ${given}`);
    }
  });

  it('names a subagents folder only inside the transcript’s own folder', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-t-'));
    homes.push(dir);
    const t = path.join(dir, 'p', 's.jsonl');
    fs.mkdirSync(path.join(dir, 'subagents'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'p'));
    fs.writeFileSync(t, '');
    expect(importTargets({ hook_event_name: 'SessionEnd', session_id: '..', transcript_path: t })).toEqual([t]);
  });

  it('names the subagents folder only when it exists', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-t-'));
    homes.push(dir);
    const t = path.join(dir, 's.jsonl');
    fs.writeFileSync(t, '');
    expect(importTargets({ hook_event_name: 'SessionEnd', session_id: 's', transcript_path: t })).toEqual([t]);
  });
});

describe('PermissionRequest', () => {
  const sid = '3391a786-57c1-41ba-8227-8cd67d54274b';

  it('records the prompt with its tool and subject, prints nothing (Claude Code asks the user) and starts no import', () => {
    const e = env();
    const out = vi.spyOn(process.stdout, 'write');
    const started: string[][] = [];
    handleClaudeHook(payload('SessionStart', 'startup'), { env: e, now: 1000 });
    handleClaudeHook(PERMISSION_REQUESTS[0]!, { env: e, now: 2000, startImport: (_e, paths) => started.push(paths) });
    handleClaudeHook(PERMISSION_REQUESTS[1]!, { env: e, now: 3000, startImport: (_e, paths) => started.push(paths) });
    expect(out).not.toHaveBeenCalled();
    out.mockRestore();
    expect(started).toEqual([]);
    expect(logOf(e)).toBe('');
    expect(permissionRows(e)).toEqual([
      {
        id: `${sid}-2000-Bash`,
        source: 'claude-code',
        session_id: sid,
        tool_name: 'Bash',
        subject: 'rm -rf',
        call_id: null,
        asked_at: 2000,
        decision: null,
        decided_at: null,
        change_seq: null,
      },
      expect.objectContaining({ tool_name: 'Write', subject: '/tmp/cc-harness/work/scratch/notes.md', asked_at: 3000 }),
    ]);
    expect(sessionRow(e, sid)).toMatchObject({ status: 'active', created_at: 1000, updated_at: 3000 });
  });

  it('hands the prompt over when the database is busy; the next import applies it once, however often it runs', async () => {
    const e = env();
    openDb(dbFile(e)).close();
    const holder = new Database(dbFile(e));
    holder.exec('BEGIN IMMEDIATE');
    handleClaudeHook(PERMISSION_REQUESTS[0]!, { env: e, now: 4242 });
    holder.exec('ROLLBACK');
    holder.close();
    expect(permissionRows(e)).toEqual([]);
    for (let i = 0; i < 2; i++) {
      const db = openDb(dbFile(e));
      const summary = await runImport(db, { sources: ['claude-code'], env: e });
      db.close();
      expect(summary).toMatchObject({ badLines: 0, invalidEntries: 0, failed: [] });
    }
    expect(permissionRows(e)).toEqual([
      expect.objectContaining({ id: `${sid}-4242-Bash`, tool_name: 'Bash', subject: 'rm -rf', asked_at: 4242 }),
    ]);
  });

  it('takes secrets out of the subject, as an import would', () => {
    const e = env();
    const p = JSON.parse(PERMISSION_REQUESTS[0]!);
    p.tool_input.command = 'GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789 gh pr list';
    handleClaudeHook(JSON.stringify(p), { env: e, now: 5000 });
    const [row] = permissionRows(e) as { subject: string }[];
    expect(row!.subject).not.toContain('ghp_abcdefghijklmnopqrstuvwxyz0123456789');
  });

  it('logs a prompt without a tool name, and records nothing', () => {
    const e = env();
    const p = JSON.parse(PERMISSION_REQUESTS[0]!);
    delete p.tool_name;
    handleClaudeHook(JSON.stringify(p), { env: e, now: 5000 });
    expect(logOf(e)).toMatch(/PermissionRequest payload has no tool_name/);
  });
});

describe('anything wrong', () => {
  it('never throws or prints: bad JSON, other events, missing fields each leave one log line', () => {
    const e = env();
    for (const input of [
      '{bad',
      '[]',
      payload('Stop'),
      payload('PreCompact'),
      '{"hook_event_name":"SessionStart"}',
      '',
    ]) {
      expect(() => handleClaudeHook(input, { env: e })).not.toThrow();
    }
    const lines = logOf(e).trim().split('\n');
    expect(lines).toHaveLength(6);
    const dir = path.join(e.XDG_DATA_HOME!, 'agentlog');
    expect(fs.statSync(path.join(dir, 'agentlog.log')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(lines[0]).toMatch(/stdin is not JSON/);
    expect(lines[2]).toMatch(/unexpected hook event "Stop"/);
    expect(lines[4]).toMatch(/SessionStart payload has no session_id/);
  });

  it('hands its row over when a long import holds the database, and the next import applies it', async () => {
    const e = env();
    openDb(dbFile(e)).close();
    const holder = new Database(dbFile(e));
    holder.exec('BEGIN IMMEDIATE');
    const t0 = Date.now();
    handleClaudeHook(payload('SessionStart', 'startup'), { env: e, now: 4242 });
    expect(Date.now() - t0).toBeLessThan(1000);
    holder.exec('ROLLBACK');
    holder.close();
    expect(logOf(e)).toBe('');
    const spool = path.join(e.XDG_DATA_HOME!, 'agentlog', 'claude-hooks-spool.jsonl');
    expect(JSON.parse(fs.readFileSync(spool, 'utf8'))).toMatchObject({
      t: 4242,
      payload: { hook_event_name: 'SessionStart' },
    });
    expect(sessionRow(e, '3391a786-57c1-41ba-8227-8cd67d54274b')).toBeUndefined();

    const db = openDb(dbFile(e));
    const summary = await runImport(db, { sources: ['claude-code'], env: e });
    db.close();
    expect(summary).toMatchObject({ badLines: 0, invalidEntries: 0, failed: [] });
    expect(sessionRow(e, '3391a786-57c1-41ba-8227-8cd67d54274b')).toMatchObject({ status: 'active', created_at: 4242 });
  });

  it('parses the fields it needs and ignores the rest', () => {
    expect(parsePayload(payload('SessionStart', 'resume'))).toMatchObject({
      hook_event_name: 'SessionStart',
      source: 'resume',
      session_title: 'flatMap question',
    });
  });
});
