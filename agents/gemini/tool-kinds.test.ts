// A tool name from a chat is data: names of Object.prototype's members are tools like any other.
import { describe, expect, it } from 'vitest';
import { geminiToolCategory, geminiToolFile } from './tool-kinds.js';

describe('Gemini tool kinds', () => {
  it('know Gemini tools, and read toString, constructor and valueOf as unknown tools touching no file', () => {
    expect(geminiToolCategory('run_shell_command')).toBe('shell');
    expect(geminiToolFile('replace', { file_path: '/a.ts' })).toEqual({ file_path: '/a.ts', file_operation: 'edited' });
    for (const name of ['toString', 'constructor', 'valueOf']) {
      expect(geminiToolCategory(name)).toBe('other');
      expect(geminiToolFile(name, { file_path: '/a.ts' })).toEqual({});
    }
  });
});
