// parse + map of each record kind, on plain data shaped like the CLI's (the real files are in import.test.ts).
import { describe, expect, it } from 'vitest';
import { mapChat, resultOf, usageOf } from './map.js';
import { type ChatProblem, parseChatJson, parseChatJsonl } from './parse.js';

const SID = '11111111-2222-4333-8444-555555555555';
const meta = {
  sessionId: SID,
  projectHash: 'ab'.repeat(32),
  startTime: '2026-11-26T10:00:00.000Z',
  lastUpdated: '2026-11-26T10:00:00.000Z',
  kind: 'main',
};
const jsonl = (...records: unknown[]) => `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;
const ctx = {
  file: '/h/.gemini/tmp/p/chats/session-x.jsonl',
  project: { folder: 'p', project_name: 'p', project_path: '/w/p' },
};

describe('parseChatJsonl', () => {
  it('keeps the last record of each (type, id), ignores $set copies, and applies $rewindTo', () => {
    const chat = parseChatJsonl(
      jsonl(
        meta,
        { $set: { messages: [{ id: 'ctx', type: 'user', content: [{ text: '<session_context>' }] }] } },
        { id: 'u1', timestamp: '2026-11-26T10:00:01.000Z', type: 'user', content: [{ text: 'hi' }] },
        {
          id: 'g1',
          timestamp: '2026-11-26T10:00:02.000Z',
          type: 'gemini',
          content: '',
          tokens: { input: 10, output: 1 },
        },
        {
          id: 'g1',
          timestamp: '2026-11-26T10:00:02.000Z',
          type: 'gemini',
          content: '',
          tokens: { input: 10, output: 1 },
          toolCalls: [],
        },
        {
          id: 'g1',
          type: 'user',
          content: [{ functionResponse: { id: 'c1', name: 'x', response: { output: 'ok' } } }],
        },
        { $set: { lastUpdated: '2026-11-26T10:00:09.000Z' } },
        { id: 'u2', type: 'user', content: [{ text: 'second' }] },
        { id: 'g2', type: 'gemini', content: 'dropped' },
        { $rewindTo: 'u2' },
        { id: 'u3', type: 'user', content: [{ text: 'instead' }] },
      ),
    );
    expect(chat.sessionId).toBe(SID);
    expect(chat.lastUpdated).toBe('2026-11-26T10:00:09.000Z');
    expect(chat.messages.map((m) => `${m.type}:${m.id}`)).toEqual(['user:u1', 'gemini:g1', 'user:g1', 'user:u3']);
    expect(chat.messages[1]).toHaveProperty('toolCalls');
  });

  it('reports lines that are not JSON objects, and leaves a partial last line for the next import', () => {
    const problems: ChatProblem[] = [];
    const chat = parseChatJsonl(
      `${JSON.stringify(meta)}\nnot json\n[1]\n{"id":"u1","type":"user","content":"a"}\n{"id":"u2","ty`,
      problems,
    );
    expect(problems).toEqual([
      { line: 2, reason: expect.stringMatching(/^not JSON/) },
      { line: 3, reason: 'not a JSON object' },
    ]);
    expect(chat.messages).toHaveLength(1);
  });

  it('reads the old whole-file format', () => {
    const chat = parseChatJson(
      JSON.stringify({ ...meta, kind: undefined, messages: [{ id: 'u1', type: 'user', content: 'hello' }] }, null, 2),
    );
    expect(chat).toMatchObject({ sessionId: SID, messages: [{ id: 'u1', content: 'hello' }] });
    expect(() => parseChatJson('{"sessionId": "x", "mess')).toThrow();
  });
});

describe('mapChat', () => {
  it('maps prompts, responses with their usage, calls with their results, errors and compressions', () => {
    const records = mapChat(
      {
        ...meta,
        messages: [
          { id: 'ctx', type: 'user', content: [{ text: '<session_context>\nThis is the Gemini CLI.' }] },
          { id: 'u1', timestamp: '2026-11-26T10:00:01.000Z', type: 'user', content: [{ text: 'fix it' }] },
          {
            id: 'g1',
            timestamp: '2026-11-26T10:00:02.000Z',
            type: 'gemini',
            content: 'on it',
            model: 'gemini-2.5-pro',
            tokens: { input: 100, output: 10, cached: 60, thoughts: 5, tool: 2, total: 117 },
            toolCalls: [
              {
                id: 'c1',
                name: 'run_shell_command',
                args: { command: 'false' },
                status: 'cancelled',
                timestamp: '2026-11-26T10:00:03.000Z',
              },
              {
                id: 'c2',
                name: 'write_file',
                args: { file_path: '/w/p/a.txt', content: 'x' },
                status: 'success',
                resultDisplay: { isNewFile: false },
              },
            ],
          },
          {
            id: 'g1',
            type: 'user',
            content: [
              {
                functionResponse: {
                  id: 'c2',
                  name: 'write_file',
                  response: { output: 'Successfully overwrote file: /w/p/a.txt.' },
                },
              },
            ],
          },
          {
            id: 'e1',
            timestamp: '2026-11-26T10:00:04.000Z',
            type: 'error',
            content: '[API Error: 500 Internal error]',
          },
          { id: 'i1', type: 'info', content: 'Chat history compressed from 120,000 to 9,000 tokens.' },
          { id: 'u2', type: 'user', content: [{ text: '<state_snapshot>\n...' }] },
        ],
      },
      ctx,
    );
    const of = (kind: string) => records.filter((r) => r.kind === kind);
    expect(of('session')).toEqual([
      {
        kind: 'session',
        id: SID,
        source: 'gemini',
        transcript_path: ctx.file,
        project_path: '/w/p',
        project_name: 'p',
        created_at: Date.parse('2026-11-26T10:00:00.000Z'),
        updated_at: Date.parse('2026-11-26T10:00:00.000Z'),
        title: 'fix it',
        title_rank: 1,
      },
    ]);
    expect(of('message').map((m) => (m.kind === 'message' ? [m.id, m.role, m.text] : []))).toEqual([
      [`gemini:${SID}:user:u1`, 'user', 'fix it'],
      [`gemini:${SID}:gemini:g1`, 'assistant', 'on it'],
      [`gemini:${SID}:info:i1`, 'system', 'Chat history compressed from 120,000 to 9,000 tokens.'],
      [`gemini:${SID}:user:u2`, 'user', '<state_snapshot>\n...'],
    ]);
    expect(of('message')[1]).toMatchObject({
      model: 'gemini-2.5-pro',
      prompt_tokens: 42,
      cache_read_tokens: 60,
      completion_tokens: 15,
      reasoning_tokens: 5,
    });
    expect(of('tool_call')).toMatchObject([
      {
        id: `gemini:${SID}:c1`,
        call_id: `gemini:${SID}:c1`,
        tool_name: 'run_shell_command',
        category: 'shell',
        message_id: `gemini:${SID}:gemini:g1`,
      },
      {
        id: `gemini:${SID}:c2`,
        tool_name: 'write_file',
        category: 'edit',
        file_path: '/w/p/a.txt',
        file_operation: 'edited',
      },
    ]);
    expect(of('tool_result')).toMatchObject([
      {
        call_id: `gemini:${SID}:c1`,
        success: false,
        error_kind: 'interrupted',
        completed_at: Date.parse('2026-11-26T10:00:03.000Z'),
      },
      {
        call_id: `gemini:${SID}:c2`,
        success: true,
        file_operation: 'edited',
        tool_output: 'Successfully overwrote file: /w/p/a.txt.',
      },
    ]);
    expect(of('session_error')).toEqual([
      {
        kind: 'session_error',
        id: `gemini:${SID}:error:e1`,
        session_id: SID,
        source: 'gemini',
        error_type: 'api_error',
        error_message: '[API Error: 500 Internal error]',
        created_at: Date.parse('2026-11-26T10:00:04.000Z'),
      },
    ]);
    expect(of('compaction')).toMatchObject([
      { id: `gemini:${SID}:compaction:i1`, compaction_kind: 'compact', tokens_before: 120000, tokens_after: 9000 },
      { id: `gemini:${SID}:compaction:u2`, compaction_kind: 'compact' },
    ]);
  });

  it('maps nothing for a chat without a session id', () => {
    expect(mapChat({ messages: [{ id: 'u1', type: 'user', content: 'x' }] }, ctx)).toEqual([]);
  });
});

describe('results and usage', () => {
  it('takes the exit code from the shell output text, since the status says success', () => {
    const r = resultOf(SID, { id: 'c', name: 'run_shell_command', status: 'success' }, [
      { id: 'c', response: { output: 'Output: boom\nExit Code: 1\nProcess Group PGID: 7' } },
    ]);
    expect(r).toMatchObject({ success: false, exit_code: 1, error_kind: 'Exit code 1', output_size: 47 });
  });

  it('has no outcome yet for a call still running', () => {
    expect(resultOf(SID, { id: 'c', name: 'read_file', status: 'executing' }, [])).toBeUndefined();
  });

  it('bills thoughts as output and tool-use prompt as input; cached is read from the cache', () => {
    expect(usageOf({ input: 5600, output: 50, cached: 5120, thoughts: 850, tool: 30, total: 6530 })).toEqual({
      prompt_tokens: 510,
      cache_read_tokens: 5120,
      completion_tokens: 900,
      reasoning_tokens: 850,
    });
    expect(usageOf(undefined)).toEqual({});
  });
});
