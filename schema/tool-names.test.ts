import { describe, expect, it } from 'vitest';
import { toolDisplayName } from './tool-names.js';

describe('tool display names', () => {
  it('gives the shells of every agent one name, and the file tools Claude Code\'s names', () => {
    for (const n of ['Bash', 'bash', 'exec_command', 'shell', 'shell_command', 'local_shell', 'run_shell_command'])
      expect(toolDisplayName(n)).toBe('Bash');
    expect(toolDisplayName('read_file')).toBe('Read');
    expect(toolDisplayName('replace')).toBe('Edit');
    expect(toolDisplayName('write_file')).toBe('Write');
    expect(toolDisplayName('apply_patch')).toBe('Patch');
    expect(['read', 'edit', 'write', 'glob', 'grep', 'list', 'webfetch', 'task', 'todowrite'].map(toolDisplayName)).toEqual(
      ['Read', 'Edit', 'Write', 'Glob', 'Grep', 'LS', 'WebFetch', 'Task', 'TodoWrite'],
    );
  });

  it('keeps unknown and MCP names, and is not fooled by Object prototype names', () => {
    expect(toolDisplayName('mcp__github__create_issue')).toBe('mcp__github__create_issue');
    expect(toolDisplayName('toString')).toBe('toString');
    expect(toolDisplayName('constructor')).toBe('constructor');
  });
});
