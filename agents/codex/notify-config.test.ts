// agentlog's notify program in config.toml: added, chained, removed exactly, comments and formatting kept.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { installCodex, uninstallCodex } from './install.js';
import {
  agentlogNotify,
  chainedProgram,
  MARKER,
  NotifyConfigError,
  parseStringArray,
  withAgentlogNotify,
  withoutAgentlogNotify,
} from './notify-config.js';
import { finishedTurn, parseNotifyArgs } from './notify-hook.js';

const CMD = ['/usr/bin/node', '/opt/agentlog/dist/bin/agentlog.js'];

const CONFIG = `# my Codex settings
model = "gpt-5-codex"   # the default
approval_policy = "on-request"

[model_providers.mock]
name = "Mock"
notify = "not the top-level one"
`;

describe('config.toml text', () => {
  it('adds a notify line before the first table, and removing it gives back the same bytes', () => {
    const added = withAgentlogNotify(CONFIG, CMD);
    expect(added).toBe(`# my Codex settings
model = "gpt-5-codex"   # the default
approval_policy = "on-request"

${MARKER}
notify = ["/usr/bin/node", "/opt/agentlog/dist/bin/agentlog.js", "hook", "codex"]

[model_providers.mock]
name = "Mock"
notify = "not the top-level one"
`);
    expect(agentlogNotify(added)).toEqual([...CMD, 'hook', 'codex']);
    expect(withoutAgentlogNotify(added)).toBe(CONFIG);
    expect(withAgentlogNotify(added, CMD)).toBe(added); // idempotent
  });

  it('chains an existing notify program (several lines, literal strings) and restores it as it was', () => {
    const mine = `model = "o3"
notify = [
  'notify-send',   # desktop
  "Codex \\"done\\"",
]
[tui]
`;
    const added = withAgentlogNotify(mine, CMD);
    const argv = agentlogNotify(added)!;
    expect(chainedProgram(argv)).toEqual(['notify-send', 'Codex "done"']);
    expect(added).toContain("# agentlog-original: notify = [\n# agentlog-original:   'notify-send',   # desktop");
    expect(withoutAgentlogNotify(added)).toBe(mine);
    // Installed again from another path: replaced in place, still chaining the same program.
    const moved = withAgentlogNotify(added, ['/node', '/new/agentlog.js']);
    expect(agentlogNotify(moved)).toEqual([
      '/node',
      '/new/agentlog.js',
      'hook',
      'codex',
      '--',
      'notify-send',
      'Codex "done"',
    ]);
    expect(withoutAgentlogNotify(moved)).toBe(mine);
  });

  it('an empty or missing file, and one without a final newline', () => {
    const added = withAgentlogNotify('', CMD);
    expect(added).toBe(`${MARKER}\nnotify = ["/usr/bin/node", "/opt/agentlog/dist/bin/agentlog.js", "hook", "codex"]\n`);
    expect(withoutAgentlogNotify(added)).toBe('');
    expect(withoutAgentlogNotify(withAgentlogNotify('model = "o3"', CMD))).toBe('model = "o3"');
    expect(withoutAgentlogNotify(CONFIG)).toBe(CONFIG); // nothing of ours: unchanged
  });

  it('refuses a notify it cannot read, changing nothing', () => {
    expect(() => withAgentlogNotify('notify = "a string"\n', CMD)).toThrow(NotifyConfigError);
    expect(() => withAgentlogNotify('notify = ["a"] extra\n', CMD)).toThrow(NotifyConfigError);
  });

  it('reads TOML string arrays', () => {
    expect(parseStringArray(`["a", 'b\\c', "\\u00e9\\n"] # x`)).toMatchObject({ values: ['a', 'b\\c', 'é\n'] });
    expect(parseStringArray('[]')).toEqual({ values: [], end: 2 });
    expect(parseStringArray('[1, 2]')).toBeNull();
  });
});

describe('install and uninstall on disk', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  const tmp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-codex-install-'));
    dirs.push(d);
    return d;
  };

  it('writes a backup, keeps the file mode, and uninstall restores the bytes', () => {
    const file = path.join(tmp(), 'config.toml');
    fs.writeFileSync(file, CONFIG, { mode: 0o640 });
    const r = installCodex({ file, command: CMD, now: Date.parse('2026-11-26T14:00:00Z') });
    expect(r.changed).toBe(true);
    expect(r.backup).toBe(`${file}.agentlog-backup-2026-11-26T14-00-00-000Z`);
    expect(fs.readFileSync(r.backup!, 'utf8')).toBe(CONFIG);
    expect(fs.statSync(file).mode & 0o777).toBe(0o640);
    expect(installCodex({ file, command: CMD }).changed).toBe(false);
    expect(uninstallCodex({ file }).changed).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe(CONFIG);
  });

  it('creates a missing config; --dry-run writes nothing; a symlinked config keeps its link', () => {
    const home = tmp();
    const file = path.join(home, 'config.toml');
    expect(installCodex({ file, command: CMD, dryRun: true }).changed).toBe(true);
    expect(fs.existsSync(file)).toBe(false);
    installCodex({ file, command: CMD });
    expect(agentlogNotify(fs.readFileSync(file, 'utf8'))).not.toBeNull();

    const real = path.join(tmp(), 'dotfiles-config.toml');
    fs.writeFileSync(real, CONFIG);
    const link = path.join(home, 'linked.toml');
    fs.symlinkSync(real, link);
    installCodex({ file: link, command: CMD });
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(agentlogNotify(fs.readFileSync(real, 'utf8'))).not.toBeNull();
  });
});

describe('the notify hook arguments', () => {
  it('finds the chained program and the payload', () => {
    expect(parseNotifyArgs(['--', 'notify-send', 'Codex', '{"type":"agent-turn-complete"}'])).toEqual({
      chain: ['notify-send', 'Codex'],
      payload: '{"type":"agent-turn-complete"}',
    });
    expect(parseNotifyArgs(['{}'])).toEqual({ chain: [], payload: '{}' });
    expect(
      finishedTurn(
        '{"type":"agent-turn-complete","thread-id":"01a2","turn-id":"t","cwd":"/w","input-messages":["hi"]}',
      ),
    ).toEqual({ threadId: '01a2', cwd: '/w' });
    expect(finishedTurn('{"type":"something-else"}')).toBeNull();
    expect(finishedTurn('not json')).toBeNull();
  });
});

describe('doctor', () => {
  it('says whether the notify line is there, current, and what it chains', async () => {
    const { notifyState } = await import('./doctor.js');
    const f = '/h/.codex/config.toml';
    expect(notifyState(f, null, CMD)).toMatchObject({
      ok: false,
      detail: `${f} does not exist: run \`agentlog install codex\``,
    });
    expect(notifyState(f, CONFIG, CMD).ok).toBe(false);
    expect(notifyState(f, withAgentlogNotify(CONFIG, CMD), CMD)).toEqual({
      ok: true,
      what: 'Codex notify',
      detail: `installed and current (${f})`,
    });
    expect(notifyState(f, withAgentlogNotify('notify = ["say"]\n', CMD), CMD).detail).toBe(
      `installed and current (${f}, chaining say)`,
    );
    expect(notifyState(f, withAgentlogNotify(CONFIG, ['/other/node', '/x.js']), CMD).detail).toMatch(
      /another agentlog/,
    );
  });
});
