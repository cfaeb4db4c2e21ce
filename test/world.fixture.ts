// A small, hand-made database for report tests: every expected row in the tests follows from it.
import type { Db } from '../schema/open-db.js';
import type { AnyRecord } from '../schema/records.js';
import { Writer } from '../schema/writer.js';

/** 2026-11-20 10:00 UTC: sessions A, its subagent, C and D happen on this day. */
export const T0 = Date.UTC(2026, 10, 20, 10, 0);
/** 2026-11-21 23:30 UTC: session B (already 2026-11-22 in Tokyo). */
export const TB = Date.UTC(2026, 10, 21, 23, 30);
const MIN = 60_000;

type Rec<K extends AnyRecord['kind']> = Omit<Extract<AnyRecord, { kind: K }>, 'kind' | 'source'> & {
  source?: 'claude-code' | 'opencode';
};

const session = (r: Rec<'session'>): AnyRecord => ({ kind: 'session', source: 'claude-code', ...r });
const message = (r: Omit<Rec<'message'>, 'role' | 'is_sidechain'>): AnyRecord => ({
  kind: 'message',
  source: 'claude-code',
  role: 'assistant',
  is_sidechain: false,
  ...r,
});

function tool(
  session_id: string,
  call_id: string,
  tool_name: string,
  at: number,
  ms: number,
  outcome: { error?: string; file?: string; op?: 'edited' | 'created' | 'read' } = {},
): AnyRecord[] {
  const category =
    tool_name === 'Bash' ? 'shell' : tool_name === 'Grep' ? 'search' : tool_name === 'Read' ? 'read' : 'edit';
  return [
    {
      kind: 'tool_call',
      id: `${session_id}-${call_id}`,
      call_id,
      session_id,
      source: 'claude-code',
      tool_name,
      category,
      created_at: at,
      ...(outcome.file
        ? { file_path: outcome.file, file_operation: outcome.op === 'created' ? 'edited' : (outcome.op ?? 'edited') }
        : {}),
    },
    {
      kind: 'tool_result',
      call_id,
      source: 'claude-code',
      success: !outcome.error,
      completed_at: at + ms,
      ...(outcome.error ? { error_message: outcome.error, tool_output: outcome.error } : { tool_output: 'ok' }),
      ...(outcome.op === 'created' ? { file_operation: 'created' as const } : {}),
    },
  ];
}

export function buildWorld(db: Db): void {
  const records: AnyRecord[] = [
    // Session A: project alpha, Sonnet 4, busy with tools.
    session({
      id: 'sess-a',
      project_name: 'alpha',
      project_path: '/work/alpha',
      title: 'Fix the tests',
      created_at: T0,
      updated_at: T0 + 60 * MIN,
    }),
    {
      kind: 'message',
      id: 'u-a1',
      session_id: 'sess-a',
      source: 'claude-code',
      role: 'user',
      is_sidechain: false,
      text: 'Fix the tests',
      part_id: 'u-a1',
      created_at: T0,
    },
    message({
      id: 'm-a1',
      session_id: 'sess-a',
      model: 'claude-sonnet-4-20250514',
      prompt_tokens: 1000,
      completion_tokens: 500,
      cache_write_tokens: 2000,
      cache_write_1h_tokens: 500,
      cache_read_tokens: 10000,
      created_at: T0 + MIN,
    }),
    message({
      id: 'm-a2',
      session_id: 'sess-a',
      model: 'claude-sonnet-4-20250514',
      prompt_tokens: 100,
      completion_tokens: 100,
      cache_write_tokens: 0,
      cache_read_tokens: 20000,
      created_at: T0 + 30 * MIN,
    }),
    ...tool('sess-a', 'a-t1', 'Bash', T0 + 2 * MIN, 1000),
    ...tool('sess-a', 'a-t2', 'Bash', T0 + 3 * MIN, 3000, { error: 'Exit code 1\nnpm ERR! test failed' }),
    ...tool('sess-a', 'a-t3', 'Bash', T0 + 4 * MIN, 2000, { error: 'Exit code 1\nboom' }),
    ...tool('sess-a', 'a-t4', 'Bash', T0 + 5 * MIN, 1000, { error: 'Exit code 2' }),
    ...tool('sess-a', 'a-t5', 'Edit', T0 + 6 * MIN, 500, {
      error: '<tool_use_error>String to replace not found in file.\nString: foo</tool_use_error>',
    }),
    ...tool('sess-a', 'a-t6', 'Edit', T0 + 7 * MIN, 500, { file: '/work/alpha/a.ts', op: 'edited' }),
    ...tool('sess-a', 'a-t7', 'Write', T0 + 8 * MIN, 200, { file: '/work/alpha/b.ts', op: 'created' }),
    ...tool('sess-a', 'a-t8', 'Read', T0 + 9 * MIN, 100, { file: '/work/alpha/a.ts', op: 'read' }),

    // A's subagent, working in a worktree of its own.
    session({
      id: 'sess-a:sub',
      parent_session_id: 'sess-a',
      agent_type: 'Explore',
      project_name: 'alpha-wt',
      project_path: '/work/alpha-wt',
      created_at: T0 + 10 * MIN,
      updated_at: T0 + 12 * MIN,
    }),
    message({
      id: 'm-sub1',
      session_id: 'sess-a:sub',
      model: 'claude-haiku-4-5-20251001',
      prompt_tokens: 200,
      completion_tokens: 100,
      cache_write_tokens: 0,
      cache_read_tokens: 0,
      created_at: T0 + 10 * MIN,
    }),
    ...tool('sess-a:sub', 's-t1', 'Grep', T0 + 11 * MIN, 400),
    ...tool('sess-a:sub', 's-t2', 'Edit', T0 + 11 * MIN + 30_000, 600, { file: '/work/alpha/a.ts', op: 'edited' }),

    // Session B: project beta, Opus 4.6, late on the 21st (UTC), with a compaction and an API error.
    session({
      id: 'sess-b',
      project_name: 'beta',
      project_path: '/work/beta',
      title: 'Refactor, "carefully" | twice\nplease',
      created_at: TB,
      updated_at: TB + 20 * MIN,
    }),
    message({
      id: 'm-b1',
      session_id: 'sess-b',
      model: 'claude-opus-4-6',
      prompt_tokens: 10,
      completion_tokens: 1000,
      cache_write_tokens: 0,
      cache_read_tokens: 0,
      created_at: TB + MIN,
    }),
    ...tool('sess-b', 'b-t1', 'Bash', TB + 2 * MIN, 5000),
    {
      kind: 'compaction',
      id: 'c-b1',
      session_id: 'sess-b',
      source: 'claude-code',
      compaction_kind: 'compact',
      trigger: 'auto',
      tokens_before: 150000,
      tokens_after: 2000,
      created_at: TB + 10 * MIN,
    },
    {
      kind: 'compaction',
      id: 'c-b2',
      session_id: 'sess-b',
      source: 'claude-code',
      compaction_kind: 'microcompact',
      trigger: 'auto',
      tokens_before: 90000,
      tokens_after: 60000,
      created_at: TB + 15 * MIN,
    },
    {
      kind: 'session_error',
      id: 'e-b1',
      session_id: 'sess-b',
      source: 'claude-code',
      error_type: 'overloaded_error',
      error_message: 'Overloaded',
      status_code: 529,
      created_at: TB + 3 * MIN,
    },

    // Session C: OpenCode, with the cost OpenCode stored.
    session({
      id: 'sess-c',
      source: 'opencode',
      project_name: 'gamma',
      project_path: '/work/gamma',
      created_at: T0 + 120 * MIN,
      updated_at: T0 + 120 * MIN,
    }),
    message({
      id: 'm-c1',
      session_id: 'sess-c',
      source: 'opencode',
      model: 'gpt-5',
      prompt_tokens: 100,
      completion_tokens: 50,
      cache_write_tokens: 0,
      cache_read_tokens: 0,
      cost: 0.5,
      created_at: T0 + 120 * MIN,
    }),

    // Session D: a model agentlog has no price for.
    session({
      id: 'sess-d',
      project_name: 'delta',
      project_path: '/work/delta',
      created_at: T0 + 180 * MIN,
      updated_at: T0 + 180 * MIN,
    }),
    message({
      id: 'm-d1',
      session_id: 'sess-d',
      model: 'claude-opus-9',
      prompt_tokens: 10,
      completion_tokens: 10,
      cache_write_tokens: 0,
      cache_read_tokens: 0,
      created_at: T0 + 180 * MIN,
    }),
  ];
  const writer = new Writer(db);
  writer.begin();
  for (const r of records) writer.write(r);
  writer.commit(null);
}
