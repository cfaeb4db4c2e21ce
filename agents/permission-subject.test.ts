import { describe, expect, it } from 'vitest';
import { claudeToolSubject, commandPrefix, opencodeSubject } from './permission-subject.js';

describe('permission subjects', () => {
  it('are a command’s first two words, after a leading cd', () => {
    expect(commandPrefix('npm install left-pad --save')).toBe('npm install');
    expect(commandPrefix('cd web && npm run build')).toBe('npm run');
    expect(commandPrefix('ls')).toBe('ls');
    expect(commandPrefix('  git status  ')).toBe('git status');
  });

  it('are the file, the host or nothing for Claude Code’s other tools', () => {
    expect(claudeToolSubject('Bash', { command: 'rm -rf node_modules' })).toBe('rm -rf');
    expect(claudeToolSubject('Edit', { file_path: '/a/b.ts', old_string: 'x' })).toBe('/a/b.ts');
    expect(claudeToolSubject('NotebookEdit', { notebook_path: '/a/n.ipynb' })).toBe('/a/n.ipynb');
    expect(claudeToolSubject('WebFetch', { url: 'https://docs.example.com/x?y=1' })).toBe('domain:docs.example.com');
    expect(claudeToolSubject('WebFetch', { url: 'not a url' })).toBeUndefined();
    expect(claudeToolSubject('mcp__github__create_issue', { title: 't' })).toBeUndefined();
    expect(claudeToolSubject('Bash', 'rm -rf /')).toBeUndefined();
  });

  it('are OpenCode’s "always" patterns, else the patterns asked about', () => {
    expect(opencodeSubject(['echo *', 'ls *'], ['echo hello', 'ls'])).toBe('echo *, ls *');
    expect(opencodeSubject([], ['/tmp/x'])).toBe('/tmp/x');
    expect(opencodeSubject(undefined, [1, ''])).toBeUndefined();
  });
});
