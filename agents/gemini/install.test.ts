// The Gemini settings.json hooks: added once, removed exactly; and the hook's hand-over of the chat file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chatOfPayload, handleGeminiHook } from './hook.js';
import { geminiHookCommand, installGemini, uninstallGemini, withGeminiHooks, withoutGeminiHooks } from './install.js';

const CMD = geminiHookCommand('/usr/bin/node', '/opt/agentlog/dist/bin/agentlog.js');
const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-gemini-hooks-'));
  cleanup.push(() => fs.rmSync(d, { recursive: true, force: true }));
  return d;
}

describe('settings.json hooks', () => {
  const theirs = { matcher: 'write_file', hooks: [{ type: 'command', command: 'my-linter' }] };
  const settings = { general: { checkpointing: { enabled: true } }, hooks: { AfterAgent: [theirs] } };

  it("adds an AfterAgent and a SessionEnd handler once, next to the user's own", () => {
    const once = withGeminiHooks(settings, CMD);
    expect(once).toEqual({
      general: { checkpointing: { enabled: true } },
      hooks: {
        AfterAgent: [theirs, { hooks: [{ type: 'command', name: 'agentlog', command: CMD }] }],
        SessionEnd: [{ hooks: [{ type: 'command', name: 'agentlog', command: CMD }] }],
      },
    });
    expect(withGeminiHooks(once, CMD)).toEqual(once);
    // a newer agentlog path replaces the old one in place
    const moved = geminiHookCommand('/usr/bin/node', '/new/agentlog/dist/bin/agentlog.js');
    expect(JSON.stringify(withGeminiHooks(once, moved))).not.toContain('/opt/agentlog');
  });

  it('removes exactly what it added', () => {
    expect(withoutGeminiHooks(withGeminiHooks(settings, CMD))).toEqual(settings);
    expect(withoutGeminiHooks(withGeminiHooks({}, CMD))).toEqual({});
  });

  it('writes the file with a backup, and uninstalls to the same content', () => {
    const dir = tmp();
    const file = path.join(dir, 'settings.json');
    const original = `${JSON.stringify(settings, null, 4)}\n`;
    fs.writeFileSync(file, original);
    const r = installGemini({ settings: file, command: CMD });
    expect(r.changed).toBe(true);
    expect(fs.readFileSync(r.backup!, 'utf8')).toBe(original);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).hooks.SessionEnd).toHaveLength(1);
    expect(installGemini({ settings: file, command: CMD }).changed).toBe(false);
    uninstallGemini({ settings: file });
    expect(fs.readFileSync(file, 'utf8')).toBe(original);
  });
});

describe('agentlog hook gemini', () => {
  it('takes the chat file from the payload', () => {
    const file = '/h/.gemini/tmp/app/chats/session-2026-11-26T10-00-abcdef12.jsonl';
    expect(
      chatOfPayload(JSON.stringify({ hook_event_name: 'SessionEnd', session_id: 's', transcript_path: file })),
    ).toEqual({ file });
    expect(chatOfPayload('{"hook_event_name":"SessionEnd","session_id":"s"}')).toEqual({
      problem: 'hook gemini SessionEnd s: no transcript_path',
    });
    expect(chatOfPayload('nope')).toMatchObject({ problem: expect.stringMatching(/^stdin is not JSON/) });
    expect(chatOfPayload(JSON.stringify({ transcript_path: '/etc/passwd' }))).toMatchObject({
      problem: expect.stringMatching(/not a Gemini chat file/),
    });
  });

  it('starts an import of that file, and logs instead of failing when there is none', () => {
    const home = tmp();
    const chats = path.join(home, '.gemini/tmp/app/chats');
    fs.mkdirSync(chats, { recursive: true });
    const file = path.join(chats, 'session-2026-11-26T10-00-abcdef12.jsonl');
    fs.writeFileSync(file, '{}\n');
    const env = { HOME: home, XDG_DATA_HOME: path.join(home, 'data') };
    const started: string[][] = [];
    const payload = (p: string) =>
      JSON.stringify({ hook_event_name: 'AfterAgent', session_id: 's', transcript_path: p });
    handleGeminiHook(payload(file), { env, entry: '/x/agentlog.js', startImport: (e, f) => started.push([e, f]) });
    expect(started).toEqual([['/x/agentlog.js', file]]);
    handleGeminiHook(payload(path.join(chats, 'session-gone.jsonl')), {
      env,
      now: 0,
      startImport: (e, f) => started.push([e, f]),
    });
    expect(started).toHaveLength(1);
    expect(fs.readFileSync(path.join(home, 'data/agentlog/agentlog.log'), 'utf8')).toContain('no chat file at');
  });
});

describe('doctor', () => {
  it('reports the hooks as missing, then installed and current, and where the chats are', async () => {
    const { geminiChecks } = await import('./doctor.js');
    const home = tmp();
    const env = { HOME: home };
    expect(geminiChecks('/usr/bin/node', '/opt/a/agentlog.js', env).map((c) => c.ok)).toEqual([false, false]);
    fs.mkdirSync(path.join(home, '.gemini/tmp'), { recursive: true });
    installGemini({
      settings: path.join(home, '.gemini/settings.json'),
      command: geminiHookCommand('/usr/bin/node', '/opt/a/agentlog.js'),
    });
    expect(geminiChecks('/usr/bin/node', '/opt/a/agentlog.js', env)).toEqual([
      {
        ok: true,
        what: 'Gemini CLI hooks',
        detail: `installed and current in ${path.join(home, '.gemini/settings.json')}`,
      },
      { ok: true, what: 'Gemini CLI chats', detail: path.join(home, '.gemini/tmp') },
    ]);
  });
});
