// The mapping of each rollout entry type, classic (0.58/0.66) and paginated (0.169+), fed as plain objects.
import { describe, expect, it } from 'vitest';
import { AnyRecord } from '../../schema/records.js';
import { type CodexContext, finishContext, headOf, mapLine, newContext } from './map.js';
import { fileChangeFiles, patchFiles } from './patch.js';
import { codexToolCategory } from './tool-kinds.js';
import { readToolOutput } from './tool-output.js';

const SID = '01a217f0-de4d-7d11-92a0-49c83a4ece84';
const T = '2026-11-26T12:59:51.291Z';
const MS = Date.parse(T);

function ctx(head: Partial<ReturnType<typeof headOf>> = {}): CodexContext {
  return newContext('/home/me/.codex/sessions/2026/11/26/rollout-x.jsonl', {
    sessionId: SID,
    paginated: false,
    cwd: '/work/app',
    ...head,
  });
}
const line = (type: string, payload: unknown, timestamp = T) => ({ timestamp, type, payload });
function map(c: CodexContext, ...lines: object[]) {
  const out = lines.flatMap((l) => mapLine(l as Record<string, unknown>, c));
  for (const r of out) AnyRecord.parse(r); // every record passes its schema
  return out;
}

describe('session_meta', () => {
  it('gives the session: project, branch, version, provider, start, transcript', () => {
    const c = ctx();
    const [s] = map(
      c,
      line('session_meta', {
        id: SID,
        timestamp: '2026-11-26T12:59:51.253Z',
        cwd: '/tmp/work/demo-app',
        cli_version: '0.171.0',
        model_provider: 'openai',
        git: { commit_hash: 'd38d', branch: 'main' },
      }),
    );
    expect(s).toEqual({
      kind: 'session',
      id: SID,
      source: 'codex',
      transcript_path: '/home/me/.codex/sessions/2026/11/26/rollout-x.jsonl',
      project_path: '/tmp/work/demo-app',
      project_name: 'demo-app',
      git_branch: 'main',
      cli_version: '0.171.0',
      provider: 'openai',
      created_at: Date.parse('2026-11-26T12:59:51.253Z'),
      updated_at: MS,
    });
  });

  it('a fork names its parent, and its calls and responses are keyed by the parent (its lineage)', () => {
    const head = headOf(line('session_meta', { id: 'child', forked_from_id: 'parent', history_mode: 'paginated' }));
    expect(head).toEqual({ sessionId: 'child', forkedFrom: 'parent', cwd: undefined, paginated: true });
    const c = newContext('/x/rollout-a.jsonl', head);
    const [s] = map(c, line('session_meta', { id: 'child', forked_from_id: 'parent' }));
    expect(s).toMatchObject({ id: 'child', parent_session_id: 'parent' });
    const [call] = map(
      c,
      line('response_item', { type: 'function_call', name: 'exec_command', arguments: '{}', call_id: 'call_1' }),
    );
    expect(call).toMatchObject({ id: 'codex:parent:call_1', call_id: 'parent:call_1', session_id: 'child' });
  });

  it('a session_meta of another session (history copied in) adds nothing', () => {
    expect(map(ctx(), line('session_meta', { id: 'someone-else', cwd: '/x' }))).toEqual([]);
  });

  it('a file without one takes its id from the uuid in its name', () => {
    const c = newContext(
      '/s/rollout-2026-11-26T12-59-51-01a217f0-de4d-7d11-92a0-49c83a4ece84.jsonl',
      headOf(undefined),
    );
    expect(c.sessionId).toBe(SID);
  });
});

describe('prompts and answers', () => {
  it('classic: user_message events are the prompts (the first one titles the session)', () => {
    const c = ctx();
    const out = map(
      c,
      line('response_item', {
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: '<environment_context>…' }],
      }),
      line('event_msg', { type: 'user_message', message: 'Fix the   tests\nplease', images: [] }),
      line('event_msg', { type: 'user_message', message: 'again' }),
    );
    expect(out.filter((r) => r.kind === 'message').map((r) => (r as { text?: string }).text)).toEqual([
      'Fix the   tests\nplease',
      'again',
    ]);
    expect(out.filter((r) => r.kind === 'session')).toEqual([
      { kind: 'session', id: SID, source: 'codex', title: 'Fix the tests please', title_rank: 1 },
    ]);
  });

  it('paginated: UserMessage items are the prompts; AgentMessage items repeat the response_item and are skipped', () => {
    const c = ctx({ paginated: true });
    const out = map(
      c,
      line('event_msg', {
        type: 'item_completed',
        item: { type: 'UserMessage', id: 'u-1', content: [{ type: 'text', text: 'What is this?' }] },
      }),
      line('event_msg', {
        type: 'item_completed',
        item: { type: 'AgentMessage', id: 'msg_2', content: [{ type: 'Text', text: 'An app.' }] },
      }),
      line('response_item', {
        type: 'message',
        id: 'msg_2',
        role: 'assistant',
        content: [{ type: 'output_text', text: 'An app.' }],
      }),
    );
    expect(out.filter((r) => r.kind === 'message')).toEqual([
      expect.objectContaining({ id: `codex:${SID}:u-1`, role: 'user', text: 'What is this?' }),
      expect.objectContaining({ id: `codex:${SID}:msg_2`, role: 'assistant', text: 'An app.' }),
    ]);
  });

  it('the compaction summary written as an assistant message is not an answer', () => {
    const out = map(
      ctx(),
      line('response_item', {
        type: 'message',
        role: 'assistant',
        content: [{ type: 'output_text', text: 'summary' }],
        metadata: { compaction_output: true },
      }),
    );
    expect(out).toEqual([]);
  });
});

describe('tokens', () => {
  const usage = (input: number, cached: number, output: number, reasoning: number) => ({
    input_tokens: input,
    cached_input_tokens: cached,
    output_tokens: output,
    reasoning_output_tokens: reasoning,
    total_tokens: input + output,
  });

  it('paginated: one response per token_usage_record, input split into uncached and cached, model from turn_context', () => {
    const c = ctx({ paginated: true });
    const out = map(
      c,
      line('turn_context', { model: 'gpt-5-codex' }),
      line('token_usage_record', {
        response_id: 'resp_1',
        usage: usage(10279, 8192, 48, 16),
        thread_token_usage: usage(99999, 0, 9, 0),
      }),
      line('event_msg', {
        type: 'token_count',
        info: { total_token_usage: usage(1, 0, 1, 0), last_token_usage: usage(1, 0, 1, 0) },
      }),
    );
    expect(out).toEqual([
      {
        kind: 'message',
        id: `codex:${SID}:resp_1`,
        session_id: SID,
        source: 'codex',
        role: 'assistant',
        model: 'gpt-5-codex',
        request_id: 'resp_1',
        prompt_tokens: 2087,
        cache_read_tokens: 8192,
        completion_tokens: 48,
        reasoning_tokens: 16,
        is_sidechain: false,
        created_at: MS,
        completed_at: MS,
      },
    ]);
  });

  it('the model also comes from collaboration_mode and thread_settings_applied', () => {
    const c = ctx({ paginated: true });
    map(c, line('turn_context', { collaboration_mode: { settings: { model: 'gpt-5.1' } } }));
    expect(c.model).toBe('gpt-5.1');
    map(c, line('event_msg', { type: 'thread_settings_applied', thread_settings: { model: 'o3' } }));
    expect(c.model).toBe('o3');
  });

  it('classic: a re-emitted token_count has the id of the first, the zero copy after a compaction is no response', () => {
    const c = ctx();
    const a = { total_token_usage: usage(4093, 0, 55, 0), last_token_usage: usage(4093, 0, 55, 0) };
    const out = map(
      c,
      line('event_msg', { type: 'token_count', info: null }),
      line('event_msg', { type: 'token_count', info: a }),
      line('event_msg', { type: 'token_count', info: JSON.stringify(a) }), // a string holding the object
      line('event_msg', {
        type: 'token_count',
        info: { total_token_usage: usage(4093, 0, 55, 0), last_token_usage: usage(0, 0, 0, 0) },
      }),
    );
    expect(out).toHaveLength(2);
    expect(out[0]!.kind === 'message' && out[1]!.kind === 'message' && out[0]!.id === out[1]!.id).toBe(true);
    // A total that restarted (a resumed 0.58 process) with the same last is a different response.
    const restarted = map(
      c,
      line('event_msg', {
        type: 'token_count',
        info: { total_token_usage: usage(8000, 0, 55, 0), last_token_usage: usage(4093, 0, 55, 0) },
      }),
    );
    expect(restarted[0]).toMatchObject({ prompt_tokens: 4093, completion_tokens: 55 });
    expect((restarted[0] as { id: string }).id).not.toBe((out[0] as { id: string }).id);
  });

  it('classic: token_count events are ignored once a file has token_usage_record lines', () => {
    const c = ctx();
    map(c, line('token_usage_record', { response_id: 'r', usage: usage(1, 0, 1, 0) }));
    expect(c.paginated).toBe(true);
  });
});

describe('tool calls and outputs', () => {
  it('function_call (0.58 shell) and its JSON output: exit code, duration, failure kind', () => {
    const c = ctx();
    const out = map(
      c,
      line('response_item', {
        type: 'function_call',
        name: 'shell',
        arguments: '{"command":["bash","-lc","ls CHANGELOG.md"],"workdir":"/work/app"}',
        call_id: 'call_1',
      }),
      line('response_item', {
        type: 'function_call_output',
        call_id: 'call_1',
        output: '{"output":"ls: cannot access x","metadata":{"exit_code":2,"duration_seconds":0.25}}',
      }),
    );
    expect(out[0]).toEqual({
      kind: 'tool_call',
      id: `codex:${SID}:call_1`,
      call_id: `${SID}:call_1`,
      session_id: SID,
      source: 'codex',
      tool_name: 'shell',
      category: 'shell',
      tool_input: '{"command":["bash","-lc","ls CHANGELOG.md"],"workdir":"/work/app"}',
      created_at: MS,
    });
    expect(out[1]).toEqual({
      kind: 'tool_result',
      call_id: `${SID}:call_1`,
      source: 'codex',
      success: false,
      tool_output: 'ls: cannot access x',
      output_size: 19,
      exit_code: 2,
      duration_ms: 250,
      completed_at: MS,
      error_message: 'ls: cannot access x',
      error_kind: 'Exit code 2',
    });
  });

  it('only the first output of a call counts', () => {
    const c = ctx();
    const out = map(
      c,
      line('response_item', {
        type: 'function_call_output',
        call_id: 'c',
        output: 'Exit code: 0\nWall time: 0.1 seconds\nOutput:\nok',
      }),
      line('response_item', { type: 'function_call_output', call_id: 'c', output: 'Exit code: 1' }),
    );
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ success: true, exit_code: 0, duration_ms: 100 });
  });

  it('custom_tool_call apply_patch: one row per file, the call carrying the first; nothing for a failed patch', () => {
    const c = ctx();
    const patch =
      '*** Begin Patch\n*** Add File: notes.txt\n+a\n*** Update File: /abs/README.md\n@@\n-x\n+y\n*** Delete File: old.txt\n*** End Patch';
    const out = map(
      c,
      line('response_item', { type: 'custom_tool_call', name: 'apply_patch', input: patch, call_id: 'p1' }),
      line('response_item', {
        type: 'custom_tool_call_output',
        call_id: 'p1',
        output:
          '{"output":"Success. Updated the following files:\\nA notes.txt\\n","metadata":{"exit_code":0,"duration_seconds":0.0}}',
      }),
    );
    expect(out[0]).toMatchObject({
      tool_name: 'apply_patch',
      category: 'edit',
      file_path: '/work/app/notes.txt',
      file_operation: 'created',
    });
    expect(out.slice(2)).toEqual([
      expect.objectContaining({
        kind: 'file_operation',
        file_path: '/abs/README.md',
        operation_type: 'edited',
        tool_id: `codex:${SID}:p1`,
      }),
      expect.objectContaining({ kind: 'file_operation', file_path: '/work/app/old.txt', operation_type: 'deleted' }),
    ]);
    const failed = map(
      c,
      line('response_item', { type: 'custom_tool_call', name: 'apply_patch', input: patch, call_id: 'p2' }),
      line('response_item', {
        type: 'custom_tool_call_output',
        call_id: 'p2',
        output: 'apply_patch verification failed: Failed to find expected lines in /abs/README.md:\nx',
      }),
    );
    expect(failed.slice(1)).toEqual([
      expect.objectContaining({ kind: 'tool_result', success: false, error_kind: 'patch did not apply' }),
    ]);
  });

  it('a patch through the shell tool (exec_command apply_patch <<PATCH) records its files under the shell call', () => {
    const out = map(
      ctx(),
      line('response_item', {
        type: 'function_call',
        name: 'exec_command',
        arguments: JSON.stringify({
          cmd: "apply_patch <<'PATCH'\n*** Begin Patch\n*** Update File: notes.txt\n@@\n-a\n+b\n*** End Patch\nPATCH",
        }),
        call_id: 'x',
      }),
    );
    expect(out[0]).toMatchObject({
      tool_name: 'exec_command',
      category: 'shell',
      file_path: '/work/app/notes.txt',
      file_operation: 'edited',
    });
  });

  it('function_call apply_patch with object arguments (agentsview fixture form)', () => {
    const out = map(
      ctx(),
      line('response_item', {
        type: 'function_call',
        name: 'apply_patch',
        arguments: { patch: '*** Begin Patch\n*** Update File: a.go\n*** Update File: b.go\n*** End Patch' },
        call_id: 'call_test',
      }),
    );
    expect(out[0]).toMatchObject({ file_path: '/work/app/a.go', file_operation: 'edited', category: 'edit' });
  });

  it('local_shell_call and other *_call items are calls too, named as the oracle names them', () => {
    const out = map(
      ctx(),
      line('response_item', { type: 'local_shell_call', call_id: 'l1', action: { type: 'exec', command: ['ls'] } }),
      line('response_item', { type: 'web_search_call', id: 'ws_1', action: { query: 'x' } }),
      line('response_item', { type: 'weird_call' }), // no id: nothing to count
    );
    expect(out.map((r) => [(r as { tool_name: string }).tool_name, (r as { category: string }).category])).toEqual([
      ['local_shell', 'shell'],
      ['web_search', 'web'],
    ]);
  });

  it('a FileChange item names the files of a shell patch that could not be parsed', () => {
    const c = ctx({ paginated: true });
    const out = map(
      c,
      line('response_item', {
        type: 'function_call',
        name: 'exec_command',
        arguments: '{"cmd":"apply_patch < p.diff"}',
        call_id: 'f',
      }),
      line('event_msg', {
        type: 'item_completed',
        item: {
          type: 'FileChange',
          id: 'f',
          changes: { '/w/a.txt': { type: 'add', content: 'x' }, '/w/b.txt': { type: 'update', unified_diff: '' } },
        },
      }),
      line('response_item', {
        type: 'function_call_output',
        call_id: 'f',
        output: 'Exit code: 0\nWall time: 0 seconds\nOutput:\nSuccess.',
      }),
    );
    expect(out.filter((r) => r.kind === 'file_operation')).toEqual([
      expect.objectContaining({ file_path: '/w/b.txt', operation_type: 'edited' }),
    ]);
  });
});

describe('compactions and API errors', () => {
  it('compacted lines are compactions', () => {
    expect(map(ctx(), line('compacted', { message: 'summary' }))).toEqual([
      {
        kind: 'compaction',
        id: `codex:${SID}:compact:${MS}`,
        session_id: SID,
        source: 'codex',
        compaction_kind: 'compact',
        created_at: MS,
      },
    ]);
  });

  it('a turn that ended in an error (0.171 task_complete.error), with the HTTP status where given', () => {
    const out = map(
      ctx(),
      line('event_msg', {
        type: 'task_complete',
        turn_id: 't1',
        error: {
          message: 'Too many requests',
          codex_error_info: { response_too_many_failed_attempts: { http_status_code: 429 } },
        },
      }),
      line('event_msg', { type: 'task_complete', turn_id: 't2', error: null }),
      line('event_msg', { type: 'error', message: 'stream disconnected' }),
      line('event_msg', { type: 'stream_error', message: 'Reconnecting... 1/5' }),
    );
    expect(out).toEqual([
      expect.objectContaining({
        id: `codex:${SID}:turn-error:t1`,
        error_type: 'response_too_many_failed_attempts',
        status_code: 429,
        error_message: 'Too many requests',
      }),
      expect.objectContaining({ error_type: 'api_error', error_message: 'stream disconnected' }),
      expect.objectContaining({ error_type: 'stream_error', error_message: 'Reconnecting... 1/5' }),
    ]);
  });
});

describe('turns', () => {
  it('gives a turn for a task_complete with its duration (a real 0.169 line), once per lineage', () => {
    // fixtures/samples/codex/codex-0.169.0/sessions/2026/11/21/rollout-2026-11-21T21-56-02-….jsonl
    const real = {
      timestamp: '2026-11-21T21:56:02.921Z',
      ordinal: 13,
      type: 'event_msg',
      payload: {
        type: 'task_complete',
        root_turn_id: '01a2001b-f876-7100-bb40-c45192abf26a',
        turn_id: '01a2001b-f876-7100-bb40-c45192abf26a',
        last_agent_message: 'Done: this repo has a README describing a demo project. (codex mock reply)',
        started_at: 1795298162,
        completed_at: 1795298162,
        duration_ms: 111,
        time_to_first_token_ms: 104,
      },
    };
    expect(map(ctx({ paginated: true }), real)).toEqual([
      {
        kind: 'turn',
        id: `codex:${SID}:turn:01a2001b-f876-7100-bb40-c45192abf26a`,
        session_id: SID,
        source: 'codex',
        duration_ms: 111,
        created_at: Date.parse('2026-11-21T21:56:02.921Z'),
      },
    ]);
    const fork = map(ctx({ sessionId: 'fork', forkedFrom: SID }), real);
    expect(fork.map((r) => [r.kind, 'id' in r ? r.id : null])).toEqual([
      ['turn', `codex:${SID}:turn:01a2001b-f876-7100-bb40-c45192abf26a`],
    ]);
    // Older versions say nothing of the duration.
    expect(map(ctx(), line('event_msg', { type: 'task_complete', turn_id: 't', last_agent_message: 'x' }))).toEqual([]);
  });
});

describe('the end of a read', () => {
  it('writes the newest time seen once', () => {
    const c = ctx();
    map(
      c,
      line('session_meta', { id: SID }),
      line('event_msg', { type: 'agent_reasoning', text: 'x' }, '2026-11-26T13:00:00.000Z'),
    );
    expect(finishContext(c)).toEqual([
      { kind: 'session', id: SID, source: 'codex', updated_at: Date.parse('2026-11-26T13:00:00.000Z') },
    ]);
  });
});

describe('tool outputs in their three formats', () => {
  it.each([
    ['{"output":"x","metadata":{"exit_code":0,"duration_seconds":1.5}}', false, 0, 1500],
    ['Exit code: 1\nWall time: 0.1 seconds\nOutput:\nboom', true, 1, 100],
    [
      'Chunk ID: c0\nWall time: 0.0000 seconds\nProcess exited with code 2\nOriginal token count: 17\nOutput:\n',
      true,
      2,
      0,
    ],
    ['Chunk ID: c0\nWall time: 1.0 seconds\nProcess running with session ID 3\nOutput:\n', false, undefined, 1000],
    ['apply_patch verification failed: Failed to find expected lines', true, undefined, undefined],
    ['aborted by user', true, undefined, undefined],
    ['{"success": false, "output": "no"}', true, undefined, undefined],
  ])('%j', (text, failed, exitCode, durationMs) => {
    const o = readToolOutput(text);
    expect([o.failed, o.exitCode, o.durationMs]).toEqual([failed, exitCode, durationMs]);
  });

  it('outputs given as a list of parts or an object', () => {
    expect(readToolOutput([{ type: 'input_text', text: 'Exit code: 3' }]).exitCode).toBe(3);
    expect(readToolOutput({ success: false }).failed).toBe(true);
  });
});

describe('patches and tool kinds', () => {
  it('reads Add / Update / Delete and a rename', () => {
    expect(
      patchFiles(
        'cat <<EOF\n*** Begin Patch\n*** Update File: a\n*** Move to: b\n@@\n*** End Patch\n*** Add File: ignored',
      ),
    ).toEqual([
      { path: 'a', operation: 'deleted' },
      { path: 'b', operation: 'created' },
    ]);
    expect(patchFiles('no patch here')).toEqual([]);
    expect(fileChangeFiles({ '/a': { type: 'delete' }, '/b': { type: 'update', move_path: '/c' } })).toEqual([
      { path: '/a', operation: 'deleted' },
      { path: '/b', operation: 'deleted' },
      { path: '/c', operation: 'created' },
    ]);
  });

  it('categories', () => {
    expect(
      [
        'exec_command',
        'shell_command',
        'write_stdin',
        'apply_patch',
        'view_image',
        'update_plan',
        'github__create_issue',
      ].map(codexToolCategory),
    ).toEqual(['shell', 'shell', 'shell', 'edit', 'read', 'other', 'mcp']);
  });
});
