// A small, hand-made database for the insights tests: each finding's expected hits follow from it.
import { errorKind } from '../schema/error-kind.js';
import type { Db } from '../schema/open-db.js';
import type { AnyRecord, Source, ToolCategory } from '../schema/records.js';
import { Writer } from '../schema/writer.js';

/** 2026-11-20 10:00 UTC. */
export const T0 = Date.UTC(2026, 10, 20, 10, 0);
export const MIN = 60_000;
export const SONNET = 'claude-sonnet-4-20250514';
export const OPUS = 'claude-opus-4-1-20250805';
export const GPT5_PRO = 'gpt-5-pro';

const session = (id: string, project: string, at: number, extra: Partial<Record<string, unknown>> = {}): AnyRecord =>
  ({
    kind: 'session',
    source: 'claude-code',
    id,
    project_name: project,
    project_path: `/work/${project}`,
    created_at: at,
    updated_at: at + 60 * MIN,
    ...extra,
  }) as AnyRecord;

const response = (
  id: string,
  session_id: string,
  at: number,
  t: {
    model?: string;
    input?: number;
    output?: number;
    read?: number;
    write?: number;
    write1h?: number;
    source?: Source;
  },
): AnyRecord => ({
  kind: 'message',
  source: t.source ?? 'claude-code',
  role: 'assistant',
  is_sidechain: false,
  id,
  session_id,
  model: t.model ?? SONNET,
  prompt_tokens: t.input ?? 100,
  completion_tokens: t.output ?? 100,
  cache_read_tokens: t.read ?? 0,
  cache_write_tokens: t.write ?? 0,
  ...(t.write1h ? { cache_write_1h_tokens: t.write1h } : {}),
  created_at: at,
});

const compaction = (
  id: string,
  session_id: string,
  at: number,
  trigger?: string,
  tokens_before?: number,
  compaction_kind: 'compact' | 'microcompact' = 'compact',
): AnyRecord => ({
  kind: 'compaction',
  source: 'claude-code',
  id,
  session_id,
  compaction_kind,
  created_at: at,
  ...(trigger ? { trigger } : {}),
  ...(tokens_before ? { tokens_before } : {}),
});

const CATEGORY: Record<string, ToolCategory> = {
  Bash: 'shell',
  Read: 'read',
  Edit: 'edit',
  Write: 'edit',
  WebSearch: 'web',
  run_shell_command: 'shell',
  replace: 'edit',
  exec_command: 'shell',
  apply_patch: 'edit',
};
const categoryOf = (name: string): ToolCategory => CATEGORY[name] ?? (name.includes('__') ? 'mcp' : 'other');

/** A call and its result; `error` makes it fail, with the kind the importers would store. */
export function call(
  session_id: string,
  call_id: string,
  tool_name: string,
  at: number,
  o: {
    input?: object;
    error?: string;
    /** The kind the agent's importer stores, where it is not the shared rules' (Gemini's, Codex's wording). */
    kind?: string;
    ms?: number;
    file?: string;
    op?: 'read' | 'edited';
    size?: number;
    source?: Source;
  } = {},
): AnyRecord[] {
  const source = o.source ?? 'claude-code';
  return [
    {
      kind: 'tool_call',
      source,
      id: `${session_id}-${call_id}`,
      call_id,
      session_id,
      tool_name,
      category: categoryOf(tool_name),
      created_at: at,
      ...(o.input ? { tool_input: JSON.stringify(o.input) } : {}),
      ...(o.file ? { file_path: o.file, file_operation: o.op ?? 'edited' } : {}),
    },
    {
      kind: 'tool_result',
      source,
      call_id,
      success: !o.error,
      completed_at: at + (o.ms ?? 1000),
      ...(o.error ? { error_message: o.error, error_kind: o.kind ?? errorKind(o.error)! } : {}),
      ...(o.size !== undefined ? { output_size: o.size } : {}),
    },
  ];
}

function hook(
  session_id: string,
  id: string,
  at: number,
  hook_name: string,
  outcome: 'blocking_error' | 'non_blocking_error' | 'cancelled',
  o: { command: string; error?: string; ms?: number; call?: string },
): AnyRecord {
  return {
    kind: 'hook_event',
    source: 'claude-code',
    id,
    session_id,
    event: hook_name.split(':')[0]!,
    hook_name,
    outcome,
    command: o.command,
    created_at: at,
    ...(o.error ? { error_message: o.error } : {}),
    ...(o.ms !== undefined ? { duration_ms: o.ms } : {}),
    ...(o.call ? { call_id: o.call } : {}),
  };
}

/** A turn that ended at `end`. */
const turn = (session_id: string, id: string, end: number, ms: number): AnyRecord => ({
  kind: 'turn',
  source: 'claude-code',
  id,
  session_id,
  duration_ms: ms,
  created_at: end,
});

const NOT_READ = '<tool_use_error>File has not been read yet. Read it first before writing to it.</tool_use_error>';
const REJECTED_HEAD =
  "The user doesn't want to proceed with this tool use. The tool use was rejected (eg. if it was a file edit, the new_string was NOT written to the file).";
const REJECTED = `${REJECTED_HEAD} STOP what you are doing and wait for the user to tell you how to proceed.`;

export function buildInsightsWorld(db: Db): void {
  const edit = { file_path: '/work/alpha/a.ts', old_string: 'x', new_string: 'y' };
  const records: AnyRecord[] = [
    session('s1', 'alpha', T0),
    session('s2', 'alpha', T0 + 120 * MIN),
    session('s3', 'beta', T0 + 240 * MIN, { source: 'opencode' }),
    session('s1:sub', 'alpha-wt', T0 + 20 * MIN, {
      parent_session_id: 's1',
      agent_type: 'Explore',
      updated_at: T0 + 22 * MIN,
    }),
    session('s2:sub', 'alpha', T0 + 130 * MIN, { parent_session_id: 's2', agent_type: 'general-purpose' }),

    // edit-before-read: s1 edits a.ts unread, then retries the same edit; s2 writes b.ts unread;
    // OpenCode (s3) words it its own way.
    ...call('s1', 'e1', 'Edit', T0 + MIN, { input: edit, file: edit.file_path, error: NOT_READ, ms: 100 }),
    ...call('s1', 'e2', 'Edit', T0 + 2 * MIN, { input: edit, file: edit.file_path, error: NOT_READ, ms: 100 }),
    ...call('s2', 'e3', 'Write', T0 + 121 * MIN, {
      input: { file_path: '/work/alpha/b.ts' },
      file: '/work/alpha/b.ts',
      error: NOT_READ,
      ms: 100,
    }),
    ...call('s3', 'e4', 'Edit', T0 + 241 * MIN, {
      input: { filePath: '/work/beta/c.ts' },
      file: '/work/beta/c.ts',
      error: 'You must read file /work/beta/c.ts before overwriting it. Use the Read tool first',
      ms: 100,
    }),

    // cache-rebuild-after-pause: s1 pauses 10 minutes with 30 k tokens of context, then writes it
    // all again; s2 pauses 2 minutes (no hit), then 30 minutes (hit); s3 used the 1-hour cache, so
    // 30 minutes is no pause for it.
    response('m1', 's1', T0, { input: 1000, read: 29_000 }),
    response('m2', 's1', T0 + 10 * MIN, { write: 30_000 }),
    response('m3', 's2', T0 + 120 * MIN, { read: 25_000 }),
    response('m4', 's2', T0 + 122 * MIN, { read: 25_000, write: 500 }),
    response('m5', 's2', T0 + 152 * MIN, { write: 26_000, read: 1000 }),
    response('m6', 's3', T0 + 240 * MIN, { write: 30_000, write1h: 30_000 }),
    response('m7', 's3', T0 + 270 * MIN, { write: 30_000, write1h: 30_000 }),

    // commit-blocked-by-checks: two commits stopped by a pre-commit hook; one failed for another
    // reason (a third, stopped by the agent's own hook, is with hook-failures below).
    ...call('s1', 'c1', 'Bash', T0 + 3 * MIN, {
      input: { command: 'git commit -m "fix"' },
      error: "Pre-commit validation failed:\\n\\n[FORMAT] Code is not formatted.\\nRun 'mix format' to fix.",
      ms: 20_000,
    }),
    ...call('s2', 'c2', 'Bash', T0 + 123 * MIN, {
      input: { command: 'git add -A && git commit -m "wip"' },
      error: 'Exit code 1\nhusky - pre-commit hook exited with code 1 (error)',
      ms: 40_000,
    }),
    ...call('s2', 'c3', 'Bash', T0 + 124 * MIN, {
      input: { command: 'git commit -m "again"' },
      error: 'Exit code 1\nnothing to commit, working tree clean',
    }),

    // repeated-failing-command: npm test fails 3 times the same way in s1 (a hit); in s2 twice,
    // then passes (none); "make  build" fails 3 times in s3, its spaces collapsed.
    ...[4, 5, 6].flatMap((m) =>
      call('s1', `r${m}`, 'Bash', T0 + m * MIN, {
        input: { command: 'npm test' },
        error: 'Exit code 1\nFAIL a.test.ts',
        ms: 2000,
      }),
    ),
    ...[125, 126].flatMap((m) =>
      call('s2', `r${m}`, 'Bash', T0 + m * MIN, {
        input: { command: 'npm test' },
        error: 'Exit code 1\nFAIL a.test.ts',
      }),
    ),
    ...call('s2', 'r127', 'Bash', T0 + 127 * MIN, { input: { command: 'npm test' } }),
    ...[242, 243, 244].flatMap((m) =>
      call('s3', `r${m}`, 'Bash', T0 + m * MIN, {
        input: { command: 'make  build' },
        error: 'Exit code 2\nmake: *** [build] Error 1',
        ms: 500,
      }),
    ),

    // subagent-cost: s1's Explore subagent on Opus reads a.ts and edits nothing; the parent reads
    // a.ts after it. s2's subagent edits a file: not a hit.
    response('ms1', 's1:sub', T0 + 21 * MIN, { model: OPUS, input: 1000, output: 1000 }),
    ...call('s1:sub', 'x1', 'Read', T0 + 21 * MIN, { file: '/work/alpha/a.ts', op: 'read' }),
    ...call('s1', 'x2', 'Read', T0 + 25 * MIN, { file: '/work/alpha/a.ts', op: 'read' }),
    response('ms2', 's2:sub', T0 + 131 * MIN, { input: 1000, output: 1000 }),
    ...call('s2:sub', 'x3', 'Edit', T0 + 131 * MIN, { file: '/work/alpha/d.ts', op: 'edited' }),

    // user-rejected-tool: npm install rejected twice (once with a reason); a rejected plan and a
    // permission the user had not granted are not rejections of a tool.
    ...call('s1', 'u1', 'Bash', T0 + 30 * MIN, {
      input: { command: 'npm install vite' },
      error: `${REJECTED_HEAD} The user provided the following reason for the rejection:  use pnpm`,
    }),
    ...call('s2', 'u2', 'Bash', T0 + 130 * MIN, {
      input: { command: 'cd /work/alpha && npm install lodash' },
      error: REJECTED,
    }),
    ...call('s3', 'u3', 'ExitPlanMode', T0 + 250 * MIN, { input: { plan: 'p' }, error: REJECTED }),
    ...call('s3', 'u4', 'Write', T0 + 251 * MIN, {
      input: { file_path: '/x' },
      error: "Claude requested permissions to write to /x, but you haven't granted it yet.",
    }),

    // big-tool-output: two outputs over 10 k characters, one under.
    ...call('s1', 'b1', 'Read', T0 + 40 * MIN, { file: '/work/alpha/big.json', op: 'read', size: 50_000 }),
    ...call('s2', 'b2', 'Bash', T0 + 140 * MIN, { input: { command: 'cat log.txt' }, size: 12_000 }),
    ...call('s3', 'b3', 'Bash', T0 + 260 * MIN, { input: { command: 'ls -R' }, size: 9_000 }),

    // command-not-found: pytest not on PATH; npm's config warnings as a build's error.
    ...call('s1', 'n1', 'Bash', T0 + 50 * MIN, {
      input: { command: 'pytest -x' },
      error: 'Exit code 127\n/bin/bash: line 1: pytest: command not found',
    }),
    ...call('s2', 'n2', 'Bash', T0 + 150 * MIN, {
      input: { command: 'npm run build' },
      error: 'npm warn Unknown env config "store-dir". This will stop working in the next major version of npm.',
    }),

    // hook-failures: a lint hook blocks an edit in s1 and in s2; a notify hook fails in s1; a Stop
    // hook blocks in s2, forcing the rest of its turn (it ends 2 minutes later; an earlier turn
    // ended before the hook); a subagent's hook is cancelled (one session alone: no finding).
    hook('s1', 'h1', T0 + 7 * MIN, 'PostToolUse:Edit', 'blocking_error', {
      command: 'npm run lint',
      error: '2 lint errors',
      ms: 3000,
    }),
    hook('s1', 'h2', T0 + 8 * MIN, 'Stop', 'non_blocking_error', {
      command: './notify.sh',
      error: 'notify: command not found',
      ms: 20,
    }),
    hook('s2', 'h3', T0 + 128 * MIN, 'PostToolUse:Edit', 'blocking_error', {
      command: 'npm run lint',
      error: '1 lint error',
      ms: 4000,
    }),
    hook('s2', 'h4', T0 + 135 * MIN, 'Stop', 'blocking_error', {
      command: './check-todos.sh',
      error: '2 todos open',
      ms: 500,
    }),
    // commit-blocked-by-checks too: a PreToolUse hook of the agent stops a commit in s1.
    ...call('s1', 'c4', 'Bash', T0 + 9 * MIN, {
      input: { command: 'git commit -m "more"' },
      error: 'PreToolUse:Bash hook error: [./guard.sh]: run the tests first',
      ms: 5000,
    }),
    hook('s1', 'h6', T0 + 9 * MIN, 'PreToolUse:Bash', 'blocking_error', {
      command: './guard.sh',
      error: 'run the tests first',
      ms: 4000,
      call: 'c4',
    }),
    hook('s1:sub', 'h5', T0 + 21 * MIN, 'SubagentStop', 'cancelled', { command: './slow.sh' }),
    turn('s2', 't1', T0 + 130 * MIN, 10 * MIN),
    turn('s2', 't2', T0 + 137 * MIN, 7 * MIN),
  ];
  write(db, records);
}

function write(db: Db, records: AnyRecord[]): void {
  const writer = new Writer(db);
  writer.begin();
  for (const r of records) writer.write(r);
  writer.commit(null);
}

/**
 * The hits of the findings the issue lists after the first eight, in sessions of Gemini CLI (s4) and
 * Codex (s5, s7) too. Apart from buildInsightsWorld, whose expected rows other tests (digest, page,
 * CLI) state; call it after that.
 */
export function addLaterFindings(db: Db): void {
  const records: AnyRecord[] = [
    // s6 and s8 (below) are more Claude Code sessions
    session('s4', 'gamma', T0 + 360 * MIN, { source: 'gemini' }),
    session('s5', 'gamma', T0 + 480 * MIN, { source: 'codex' }),
    session('s6', 'alpha', T0 + 540 * MIN),
    session('s7', 'gamma', T0 + 560 * MIN, { source: 'codex' }),

    // headless-permission-denied: claude -p (s1, s3) and gemini -p (s4) could not ask; the part of a
    // compound command that needed approval is the subject. A shell's own "Permission denied" is not one.
    ...call('s1', 'h1', 'Bash', T0 + 7 * MIN, {
      input: { command: 'cd /work/alpha && npm test' },
      error:
        'This Bash command contains multiple operations. The following part requires approval: npm test -- --watch',
      ms: 10,
    }),
    ...call('s1', 'h2', 'WebSearch', T0 + 8 * MIN, {
      input: { query: 'vitest' },
      error: "Claude requested permissions to use WebSearch, but you haven't granted it yet.",
      ms: 10,
    }),
    ...call('s4', 'h3', 'run_shell_command', T0 + 361 * MIN, {
      source: 'gemini',
      input: { command: 'npm test' },
      error: 'Tool execution for "Shell" requires user confirmation, which is not supported in non-interactive mode.',
      ms: 10,
    }),
    ...call('s2', 'h4', 'Bash', T0 + 141 * MIN, {
      input: { command: 'cat /root/secret' },
      error: 'Exit code 1\ncat: /root/secret: Permission denied',
    }),

    // edit-string-not-found-loop: two misses on one file in s2, in OpenCode's (s3), Gemini CLI's (s4)
    // and Codex's (s5) words; one miss in s1 is no loop.
    ...call('s1', 'l1', 'Edit', T0 + 9 * MIN, {
      input: { file_path: '/work/alpha/e.ts' },
      file: '/work/alpha/e.ts',
      error: '<tool_use_error>String to replace not found in file.\nString: x</tool_use_error>',
    }),
    ...[142, 143].flatMap((m) =>
      call('s2', `l${m}`, 'Edit', T0 + m * MIN, {
        input: { file_path: '/work/alpha/e.ts', old_string: `v${m}` },
        file: '/work/alpha/e.ts',
        error: '<tool_use_error>String to replace not found in file.\nString: x</tool_use_error>',
        ms: 500,
      }),
    ),
    ...[252, 253].flatMap((m) =>
      call('s3', `l${m}`, 'Edit', T0 + m * MIN, {
        input: { filePath: '/work/beta/c.ts', oldString: `v${m}` },
        file: '/work/beta/c.ts',
        error: 'oldString not found in content',
        ms: 500,
      }),
    ),
    ...[362, 363].flatMap((m) =>
      call('s4', `l${m}`, 'replace', T0 + m * MIN, {
        source: 'gemini',
        input: { file_path: '/work/gamma/g.ts', old_string: `v${m}` },
        file: '/work/gamma/g.ts',
        error: "Could not find an exact match for 'old_string' in '/work/gamma/g.ts'.",
        kind: 'String to replace not found',
        ms: 500,
      }),
    ),
    ...[481, 482].flatMap((m) =>
      call('s5', `l${m}`, 'apply_patch', T0 + m * MIN, {
        source: 'codex',
        file: '/work/gamma/h.ts',
        error: 'apply_patch verification failed: Failed to find expected lines in /work/gamma/h.ts:\nold line',
        kind: 'patch did not apply',
        ms: 500,
      }),
    ),

    // repeated-compaction: s1 compacts twice in mid-task and reads a.ts (after the first) and
    // big.json (after the second) again; s5 (Codex) twice with nothing read again. s2 compacts once
    // in mid-task and once at its end (no tool call after it), and clears old tool output
    // (a microcompaction): no hit.
    compaction('k1', 's1', T0 + 26 * MIN, 'auto', 150_000),
    ...call('s1', 'k1r', 'Read', T0 + 27 * MIN, { file: '/work/alpha/a.ts', op: 'read', size: 8000 }),
    compaction('k2', 's1', T0 + 41 * MIN, 'auto', 160_000),
    ...call('s1', 'k2r', 'Read', T0 + 42 * MIN, { file: '/work/alpha/big.json', op: 'read', size: 9000 }),
    compaction('k3', 's5', T0 + 483 * MIN),
    ...call('s5', 'k3s', 'exec_command', T0 + 484 * MIN, { source: 'codex', input: { cmd: 'ls' } }),
    compaction('k4', 's5', T0 + 486 * MIN),
    ...call('s5', 'k4s', 'exec_command', T0 + 487 * MIN, { source: 'codex', input: { cmd: 'ls' } }),
    compaction('k5', 's2', T0 + 128 * MIN, 'manual'),
    compaction('k6', 's2', T0 + 129 * MIN, 'auto', undefined, 'microcompact'),
    compaction('k7', 's2', T0 + 175 * MIN, 'auto'),

    // mcp-failures: the github server times out (s1) and refuses connections (s2), Gemini's docs
    // server fails (s4); an interrupted call and a call that worked are not failures of a server.
    ...call('s1', 'p1', 'mcp__github__create_issue', T0 + 52 * MIN, {
      input: { title: 't' },
      error: 'MCP error -32001: Request timed out',
      ms: 60_000,
    }),
    ...call('s2', 'p2', 'mcp__github__search_code', T0 + 152 * MIN, {
      input: { q: 'x' },
      error: 'Error: connect ECONNREFUSED 127.0.0.1:3000',
      ms: 5,
    }),
    ...call('s2', 'p3', 'mcp__github__search_code', T0 + 153 * MIN, {
      input: { q: 'y' },
      error: '[Request interrupted by user for tool use]',
    }),
    ...call('s2', 'p4', 'mcp__github__search_code', T0 + 154 * MIN, { input: { q: 'z' } }),
    ...call('s4', 'p5', 'docs__lookup', T0 + 364 * MIN, { source: 'gemini', input: { id: 1 }, error: 'boom', ms: 20 }),

    // expensive-model-trivial-session: s6 asks Opus a question with two reads; s7 asks gpt-5-pro
    // with one command. Not hits: s1:sub on Opus (a subagent), s8 on Opus making one edit.
    response('m8', 's6', T0 + 541 * MIN, { model: OPUS, input: 10_000, output: 1000 }),
    ...call('s6', 't1', 'Read', T0 + 541 * MIN, { file: '/work/alpha/a.ts', op: 'read' }),
    ...call('s6', 't2', 'Read', T0 + 542 * MIN, { file: '/work/alpha/b.ts', op: 'read' }),
    response('m9', 's7', T0 + 561 * MIN, { model: GPT5_PRO, input: 5000, output: 500, source: 'codex' }),
    ...call('s7', 't3', 'exec_command', T0 + 561 * MIN, { source: 'codex', input: { cmd: 'git log -5' } }),
    session('s8', 'alpha', T0 + 580 * MIN),
    response('m10', 's8', T0 + 581 * MIN, { model: OPUS, input: 10_000, output: 1000 }),
    ...call('s8', 't4', 'Edit', T0 + 581 * MIN, { file: '/work/alpha/a.ts', op: 'edited' }),
  ];
  write(db, records);
}

/**
 * Permission prompts (permission-prompts), apart like addLaterFindings: Claude Code's asks, answered
 * by the calls they were for (`npm run build` run every time: always approved), and OpenCode's with
 * their answers (`git push *` denied every time).
 */
export function addPermissionPrompts(db: Db): void {
  const ask = (
    id: string,
    session_id: string,
    source: Source,
    tool_name: string,
    subject: string,
    at: number,
    decision?: 'approved' | 'denied',
  ): AnyRecord => ({
    kind: 'permission_event',
    id,
    session_id,
    source,
    tool_name,
    subject,
    asked_at: at,
    ...(decision ? { decision, decided_at: at + 30_000 } : {}),
  });
  const build = { input: { command: 'npm run build' } };
  write(db, [
    session('p1', 'alpha', T0 + 600 * MIN),
    session('p2', 'alpha', T0 + 620 * MIN),
    ...call('p1', 'pc1', 'Bash', T0 + 601 * MIN, build),
    ask('pp1', 'p1', 'claude-code', 'Bash', 'npm run', T0 + 601 * MIN + 2000),
    ...call('p2', 'pc2', 'Bash', T0 + 621 * MIN, build),
    ask('pp2', 'p2', 'claude-code', 'Bash', 'npm run', T0 + 621 * MIN + 2000),
    ...call('p2', 'pc3', 'Bash', T0 + 631 * MIN, build),
    ask('pp3', 'p2', 'claude-code', 'Bash', 'npm run', T0 + 631 * MIN + 2000),
    session('p3', 'gamma', T0 + 640 * MIN, { source: 'opencode' }),
    session('p4', 'gamma', T0 + 660 * MIN, { source: 'opencode' }),
    ask('pp4', 'p3', 'opencode', 'bash', 'git push *', T0 + 641 * MIN, 'denied'),
    ask('pp5', 'p4', 'opencode', 'bash', 'git push *', T0 + 661 * MIN, 'denied'),
    ask('pp6', 'p4', 'opencode', 'bash', 'git push *', T0 + 671 * MIN, 'denied'),
  ]);
}
