// A tool name from a rollout is data: names of Object.prototype's members are tools like any other.
import { describe, expect, it } from 'vitest';
import { codexToolCategory } from './tool-kinds.js';

describe('codexToolCategory', () => {
  it('knows Codex tools, and reads toString, constructor and __proto__ as unknown tools', () => {
    expect(codexToolCategory('exec_command')).toBe('shell');
    expect(codexToolCategory('apply_patch')).toBe('edit');
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty'])
      expect(codexToolCategory(name)).toBe(name === '__proto__' ? 'mcp' : 'other');
  });
});
