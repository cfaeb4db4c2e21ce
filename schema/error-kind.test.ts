import { describe, expect, it } from 'vitest';
import { errorKind, looksLikeUserFeedback } from './error-kind.js';

describe('errorKind', () => {
  it('groups the failures seen in real transcripts', () => {
    const cases: [string, string][] = [
      ['Exit code 1\nnpm ERR! test failed', 'Exit code 1'],
      ['Exit code 128\nfatal: not a git repository', 'Exit code 128'],
      [
        '<tool_use_error>String to replace not found in file.\nString: x</tool_use_error>',
        'String to replace not found',
      ],
      [
        '<tool_use_error>File has not been read yet. Read it first before writing to it.</tool_use_error>',
        'File has not been read yet',
      ],
      [
        "The user doesn't want to proceed with this tool use. The tool use was rejected (eg. if it was a file edit...",
        'rejected by user',
      ],
      ["The user doesn't want to take this action right now. STOP what you are doing", 'rejected by user'],
      ['[Request interrupted by user for tool use]', 'interrupted'],
      ["Claude requested permissions to write to /x/NOTES.md, but you haven't granted it yet.", 'permission denied'],
      ['This command requires approval', 'permission denied'],
      ['<tool_use_error>Sibling tool call errored</tool_use_error>', 'sibling call failed'],
      ['<tool_use_error>Error: No such tool available: Foo</tool_use_error>', 'unknown tool'],
      ['File does not exist. Note: your current working directory is /x.', 'file not found'],
      ['EISDIR: illegal operation on a directory, read', 'path is a directory'],
      ['Request failed with status code 403', 'HTTP 403'],
      ['Command timed out after 2m 0.0s', 'timeout'],
      // from the real samples: the hook's output names files and timeouts, the kind is the hook
      [
        'Pre-commit validation failed:\\n\\n[DIALYZER]\nFinding suitable PLTs\nNo such file or directory',
        'blocked by pre-commit check',
      ],
      ['Exit code 1\nhusky - pre-commit hook exited with code 1 (error)', 'blocked by pre-commit check'],
      // other agents' words for the same failures (OpenCode's edit and write tools, Gemini CLI's scheduler)
      ['oldString not found in content', 'String to replace not found'],
      [
        'Found multiple matches for oldString. Provide more surrounding lines in oldString to identify the correct match.',
        'String to replace found more than once',
      ],
      [
        'You must read file /work/beta/c.ts before overwriting it. Use the Read tool first',
        'File has not been read yet',
      ],
      [
        'Tool execution for "Shell" requires user confirmation, which is not supported in non-interactive mode.',
        'permission denied',
      ],
    ];
    for (const [message, kind] of cases) expect(errorKind(message), message).toBe(kind);
  });

  it('falls back to "Exit code N" or "failed", never to a first line such as a banner', () => {
    const pytest =
      '============================= test session starts ==============================\nplatform linux -- Python 3.12.1\ncollected 3 items\n\ntests/test_a.py F..\n1 failed, 2 passed';
    expect(errorKind(pytest)).toBe('failed');
    expect(errorKind('> build\nnpm ERR! code ELIFECYCLE\nnpm ERR! errno 2\nProcess exited with code 2')).toBe(
      'Exit code 2',
    );
    expect(errorKind('<tool_use_error>Something new\nmore</tool_use_error>')).toBe('failed');
    expect(errorKind('')).toBe('empty error');
    expect(errorKind(null)).toBeNull();
  });
});

describe('looksLikeUserFeedback', () => {
  it('tells words a person typed from a tool failure', () => {
    // rejections with feedback of Claude Code 2.0.5, from fixtures/samples
    expect(looksLikeUserFeedback('please add transformer.js too first')).toBe(true);
    expect(looksLikeUserFeedback('Wait a sec, we need to copy public/favicons/token.svg to the other repo too')).toBe(
      true,
    );
    for (const failure of [
      'grep: claude_code_log/renderer.py: No such file or directory',
      '(eval):cd:1: no such file or directory: test',
      'Shell dce0af is not running, so cannot be killed (status: killed)',
      'Error',
      "Claude requested permissions to write to /x/CLAUDE.md, but you haven't granted it yet.",
      'Exit code 1\nTraceback',
      '<tool_use_error>File does not exist.</tool_use_error>',
    ])
      expect(looksLikeUserFeedback(failure), failure).toBe(false);
  });
});
