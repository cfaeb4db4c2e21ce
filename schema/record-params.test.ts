// A record's statement parameters, flat and back: what a parsing thread sends is what the writer binds.
import { describe, expect, it } from 'vitest';
import { flatRecord, kindOf, paramsOf, placeOf } from './record-params.js';
import type { AnyRecord } from './records.js';

describe('record parameters', () => {
  it('name every parameter of the statements: absent is null, a boolean 0 or 1, a message its total tokens', () => {
    const message: AnyRecord = {
      kind: 'message',
      id: 'm1',
      session_id: 's1',
      source: 'claude-code',
      role: 'assistant',
      text: 'hello',
      prompt_tokens: 3,
      cache_read_tokens: 4,
      is_sidechain: true,
    };
    expect(paramsOf(flatRecord(message))).toEqual({
      kind: 'message',
      id: 'm1',
      session_id: 's1',
      source: 'claude-code',
      role: 'assistant',
      model: null,
      provider: null,
      text: 'hello',
      part_id: null,
      prompt_tokens: 3,
      completion_tokens: null,
      cache_read_tokens: 4,
      cache_write_tokens: null,
      cache_write_1h_tokens: null,
      reasoning_tokens: null,
      tokens: 7,
      cost: null,
      is_sidechain: 1,
      agent_id: null,
      is_api_error: 0,
      request_id: null,
      created_at: null,
      completed_at: null,
    });
    const bare = paramsOf(flatRecord({ ...message, prompt_tokens: undefined, cache_read_tokens: undefined }));
    expect(bare.tokens).toBeNull();
  });

  it('keep a session’s patch_only, and every kind’s key where the writer looks for it', () => {
    const session: AnyRecord = { kind: 'session', id: 's1', source: 'claude-code', title: 't', patch_only: true };
    const flat = flatRecord(session);
    expect(kindOf(flat)).toBe('session');
    expect(flat[placeOf('session', 'id')]).toBe('s1');
    expect(paramsOf(flat)).toMatchObject({ kind: 'session', id: 's1', title: 't', patch_only: 1, status: null });
    const result: AnyRecord = { kind: 'tool_result', call_id: 'c1', source: 'codex', success: false };
    const r = flatRecord(result);
    expect([r[placeOf('tool_result', 'source')], r[placeOf('tool_result', 'call_id')]]).toEqual(['codex', 'c1']);
    expect(paramsOf(r)).toMatchObject({ success: 0, tool_output: null, completed_at: null });
  });
});
