// install claude changes only what it adds: the rest of settings.json keeps its bytes.
import { describe, expect, it } from 'vitest';
import { withAgentlogHooks, withoutAgentlogHooks } from './install.js';
import { editJson } from './json-edit.js';

const CMD = '/usr/bin/node /opt/agentlog/dist/bin/agentlog.js hook';

describe('editJson', () => {
  it('adds the hooks and leaves compact one-line objects and odd spacing as they were', () => {
    const text =
      '{\n  "permissions": {"allow": ["Bash(npm test)","Read"], "deny": []},\n  "env":   { "A": "1" },\n' +
      '  "hooks": {\n    "PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "lint"}]}]\n  }\n}\n';
    const before = JSON.parse(text);
    const after = withAgentlogHooks(before, CMD);
    const out = editJson(text, before, after);
    expect(JSON.parse(out)).toEqual(after);
    expect(out).toContain('  "permissions": {"allow": ["Bash(npm test)","Read"], "deny": []},\n  "env":   { "A": "1" },\n');
    expect(out).toContain('    "PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "lint"}]}]');
    // Everything before the insertion point is byte for byte the same.
    const cut = text.indexOf('}]}]') + 4;
    expect(out.slice(0, cut)).toBe(text.slice(0, cut));
  });

  it('adds to an existing event list on one line, compactly, and updates an old agentlog command in place', () => {
    const text = '{"hooks":{"SessionStart":[{"hooks":[{"type":"command","command":"echo hi"}]}]},"model":"opus"}';
    const before = JSON.parse(text);
    const after = withAgentlogHooks(before, CMD);
    const out = editJson(text, before, after);
    expect(JSON.parse(out)).toEqual(after);
    expect(out.includes('\n')).toBe(false);
    expect(out.endsWith(',"model":"opus"}')).toBe(true);

    const old = out.replace(CMD, '/old/node /old/agentlog.js hook');
    const moved = editJson(old, JSON.parse(old), withAgentlogHooks(JSON.parse(old), CMD));
    expect(moved).toBe(out);
  });

  it('uninstall gives back what was there before install', () => {
    const text = '{\n    "theme": "dark",\n    "hooks": {}\n}\n';
    const before = JSON.parse(text);
    const installed = editJson(text, before, withAgentlogHooks(before, CMD), '    ');
    const back = editJson(installed, JSON.parse(installed), withoutAgentlogHooks(JSON.parse(installed)), '    ');
    expect(JSON.parse(back)).toEqual({ theme: 'dark' });
    expect(back).toBe('{\n    "theme": "dark"\n}\n');
  });
});
