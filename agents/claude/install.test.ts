import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  claudeSettingsPath,
  hookCommand,
  hookEventsFor,
  installClaude,
  uninstallClaude,
  withAgentlogHooks,
} from './install.js';
import { InstallError } from '../settings-file.js';

const CMD = hookCommand('/usr/bin/node', '/opt/agentlog/dist/bin/agentlog.js');

// A settings file as people have them: other settings, other hooks on the same and other events.
const EXISTING = {
  model: 'opus',
  permissions: { allow: ['Bash(npm test)'], deny: [] },
  hooks: {
    SessionStart: [{ matcher: 'startup', hooks: [{ type: 'command', command: '~/bin/greet.sh', timeout: 5 }] }],
    PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'python3 ~/guard.py' }] }],
  },
  statusLine: { type: 'command', command: 'echo hi' },
};

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
function settingsFile(content?: string) {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-settings-'));
  dirs.push(d);
  const f = path.join(d, 'settings.json');
  if (content !== undefined) fs.writeFileSync(f, content);
  return f;
}
const read = (f: string) => JSON.parse(fs.readFileSync(f, 'utf8'));

describe('install claude', () => {
  it('adds one SessionStart, one SessionEnd and one PermissionRequest handler and keeps everything else', () => {
    const f = settingsFile(JSON.stringify(EXISTING, null, 4));
    const r = installClaude({ settings: f, command: CMD });
    expect(r.changed).toBe(true);
    const s = read(f);
    expect(s.model).toBe('opus');
    expect(s.permissions).toEqual(EXISTING.permissions);
    expect(s.statusLine).toEqual(EXISTING.statusLine);
    expect(s.hooks.PreToolUse).toEqual(EXISTING.hooks.PreToolUse);
    expect(s.hooks.SessionStart).toEqual([
      ...EXISTING.hooks.SessionStart,
      { hooks: [{ type: 'command', command: CMD }] },
    ]);
    expect(s.hooks.SessionEnd).toEqual([{ hooks: [{ type: 'command', command: CMD }] }]);
    // Every tool's prompt; the handler prints nothing, so Claude Code still asks the user.
    expect(s.hooks.PermissionRequest).toEqual([{ hooks: [{ type: 'command', command: CMD }] }]);
    expect(fs.readFileSync(f, 'utf8')).toContain('\n    "model"'); // the file's own indentation
    expect(fs.readFileSync(r.backup!, 'utf8')).toBe(JSON.stringify(EXISTING, null, 4));
    expect(fs.statSync(r.backup!).mode & 0o777).toBe(0o600);
    // It wrote the settings file it names and its backup, and nothing else.
    expect(fs.readdirSync(path.dirname(f)).sort()).toEqual(['settings.json', path.basename(r.backup!)].sort());
  });

  it('is idempotent, and updates a handler an agentlog at another path installed', () => {
    const f = settingsFile(JSON.stringify(EXISTING));
    installClaude({ settings: f, command: CMD });
    const once = fs.readFileSync(f, 'utf8');
    expect(installClaude({ settings: f, command: CMD }).changed).toBe(false);
    expect(fs.readFileSync(f, 'utf8')).toBe(once);
    const moved = hookCommand('/usr/local/bin/node', '/home/me/agentlog/dist/bin/agentlog.js');
    installClaude({ settings: f, command: moved });
    const s = read(f);
    expect(JSON.stringify(s)).not.toContain('/opt/agentlog');
    expect(s.hooks.SessionEnd).toEqual([{ hooks: [{ type: 'command', command: moved }] }]);
  });

  it('creates a settings file that does not exist, and quotes paths with spaces', () => {
    const f = settingsFile();
    const cmd = hookCommand('/usr/bin/node', "/Users/Jo Smith/it's/agentlog.js");
    expect(cmd).toBe(`/usr/bin/node '/Users/Jo Smith/it'\\''s/agentlog.js' hook`);
    const r = installClaude({ settings: f, command: cmd });
    expect(r.backup).toBeUndefined();
    expect(Object.keys(read(f).hooks)).toEqual(['SessionStart', 'SessionEnd', 'PermissionRequest']);
  });

  it('writes nothing on --dry-run, and refuses a file that is not JSON', () => {
    const f = settingsFile(JSON.stringify(EXISTING));
    const r = installClaude({ settings: f, command: CMD, dryRun: true });
    expect(r.changed).toBe(true);
    expect(JSON.parse(r.content).hooks.SessionEnd).toHaveLength(1);
    expect(read(f)).toEqual(EXISTING);
    expect(fs.readdirSync(path.dirname(f))).toEqual(['settings.json']);
    const bad = settingsFile('{ "model": "opus", }');
    expect(() => installClaude({ settings: bad, command: CMD })).toThrow(InstallError);
    expect(() => installClaude({ settings: bad, command: CMD })).toThrow(
      new RegExp(`^${bad} is not valid JSON at line 1, column 20: .*\nfix it first; nothing was changed$`),
    );
    try {
      installClaude({ settings: bad, command: CMD });
    } catch (err) {
      expect((err as InstallError).exitCode).toBe(2);
    }
    expect(fs.readFileSync(bad, 'utf8')).toBe('{ "model": "opus", }');
  });

  it('upgrades an install of an earlier agentlog (session hooks only) by adding the PermissionRequest hook', () => {
    const f = settingsFile(JSON.stringify(EXISTING));
    installClaude({ settings: f, command: CMD, events: ['SessionStart', 'SessionEnd'] });
    expect(read(f).hooks.PermissionRequest).toBeUndefined();
    expect(installClaude({ settings: f, command: CMD }).changed).toBe(true);
    const s = read(f);
    expect(s.hooks.PermissionRequest).toEqual([{ hooks: [{ type: 'command', command: CMD }] }]);
    expect(s.hooks.SessionEnd).toEqual([{ hooks: [{ type: 'command', command: CMD }] }]);
    expect(installClaude({ settings: f, command: CMD }).changed).toBe(false);
    uninstallClaude({ settings: f });
    expect(read(f)).toEqual(EXISTING);
  });

  it('leaves PermissionRequest out for a Claude Code that predates it (it would ignore the whole file)', () => {
    const all = ['SessionStart', 'SessionEnd', 'PermissionRequest'];
    expect(hookEventsFor('2.1.330 (Claude Code)')).toEqual(all);
    expect(hookEventsFor('2.0.45 (Claude Code)')).toEqual(all);
    expect(hookEventsFor('2.0.44 (Claude Code)')).toEqual(['SessionStart', 'SessionEnd']);
    expect(hookEventsFor('1.0.128 (Claude Code)')).toEqual(['SessionStart', 'SessionEnd']);
    expect(hookEventsFor(undefined)).toEqual(all);
  });

  it('finds settings.json under CLAUDE_CONFIG_DIR, else ~/.claude', () => {
    expect(claudeSettingsPath({ CLAUDE_CONFIG_DIR: '/cfg' }, '/home/u')).toBe('/cfg/settings.json');
    expect(claudeSettingsPath({}, '/home/u')).toBe('/home/u/.claude/settings.json');
  });
});

describe('uninstall claude', () => {
  it('removes exactly what install added', () => {
    for (const start of [
      EXISTING,
      {},
      { hooks: { SessionEnd: [{ hooks: [{ type: 'command', command: 'other' }] }] } },
    ]) {
      const f = settingsFile(JSON.stringify(start));
      installClaude({ settings: f, command: CMD });
      const r = uninstallClaude({ settings: f });
      expect(r.changed).toBe(true);
      expect(read(f)).toEqual(start);
      expect(uninstallClaude({ settings: f }).changed).toBe(false);
    }
  });

  it('leaves a handler agentlog shares a group with', () => {
    const shared = withAgentlogHooks({}, CMD) as { hooks: { SessionEnd: { hooks: unknown[] }[] } };
    shared.hooks.SessionEnd[0]!.hooks.push({ type: 'command', command: 'notify-send bye' });
    const f = settingsFile(JSON.stringify(shared));
    uninstallClaude({ settings: f });
    expect(read(f)).toEqual({ hooks: { SessionEnd: [{ hooks: [{ type: 'command', command: 'notify-send bye' }] }] } });
  });
});

describe('install claude through a symlinked settings.json', () => {
  function linked(mode = 0o640) {
    const f = settingsFile();
    const dotfiles = path.join(path.dirname(f), 'dotfiles');
    fs.mkdirSync(dotfiles);
    const target = path.join(dotfiles, 'claude-settings.json');
    fs.writeFileSync(target, JSON.stringify(EXISTING, null, 2));
    fs.chmodSync(target, mode);
    fs.symlinkSync(path.relative(path.dirname(f), target), f);
    return { f, target };
  }

  it('writes the hooks into the file the link points to, keeps the link and the target’s mode', () => {
    const { f, target } = linked(0o640);
    const r = installClaude({ settings: f, command: CMD });
    expect(r.changed).toBe(true);
    expect(fs.lstatSync(f).isSymbolicLink()).toBe(true);
    expect(fs.realpathSync(f)).toBe(target);
    expect(fs.statSync(target).mode & 0o777).toBe(0o640);
    expect(read(target).hooks.SessionEnd[0].hooks[0].command).toBe(CMD);
    expect(read(target).model).toBe('opus');
    expect(fs.readdirSync(path.dirname(target))).toEqual(['claude-settings.json']);
    uninstallClaude({ settings: f });
    expect(fs.lstatSync(f).isSymbolicLink()).toBe(true);
    expect(read(target)).toEqual(EXISTING);
  });

  it('refuses a read-only target with a message naming it, and changes nothing', () => {
    const { f, target } = linked(0o444);
    const before = fs.readFileSync(target, 'utf8');
    expect(() => installClaude({ settings: f, command: CMD })).toThrow(InstallError);
    expect(() => installClaude({ settings: f, command: CMD })).toThrow(/claude-settings\.json.*read-only/);
    expect(fs.readFileSync(target, 'utf8')).toBe(before);
    expect(fs.lstatSync(f).isSymbolicLink()).toBe(true);
  });
});

describe('hook entries of a shape agentlog does not know', () => {
  it.each([
    ['hooks is a list', { hooks: [1, 2] }, /settings\.json: "hooks" is a list/],
    ['hooks is text', { hooks: 'off' }, /"hooks" is text/],
    ['an event is an object', { hooks: { SessionStart: { command: 'x' } } }, /"hooks\.SessionStart" is an object/],
    ['an event is text', { hooks: { SessionEnd: 'run.sh' } }, /"hooks\.SessionEnd" is text/],
  ])('are left as they are, and the message says what was found (%s)', (_what, settings, message) => {
    const f = settingsFile(JSON.stringify(settings));
    expect(() => installClaude({ settings: f, command: CMD })).toThrow(message);
    expect(read(f)).toEqual(settings);
  });

  it('keeps groups that are not objects, and adds its own beside them', () => {
    const settings = { hooks: { SessionStart: ['legacy', null, { hooks: 'x' }] } };
    const f = settingsFile(JSON.stringify(settings));
    installClaude({ settings: f, command: CMD });
    expect(read(f).hooks.SessionStart).toEqual([
      'legacy',
      null,
      { hooks: 'x' },
      { hooks: [{ type: 'command', command: CMD }] },
    ]);
  });
});

describe('uninstall claude', () => {
  it('leaves groups of a shape it does not know', () => {
    const f = settingsFile(JSON.stringify({ hooks: { SessionStart: ['legacy', null] } }));
    installClaude({ settings: f, command: CMD });
    uninstallClaude({ settings: f });
    expect(read(f)).toEqual({ hooks: { SessionStart: ['legacy', null] } });
  });
});
