// The normalized, source-neutral records that importers produce and the writer stores.
import { z } from 'zod';
import { SOURCES } from '../agents/names.js';
import { TitleRank } from './title-rank.js';

export { TitleRank };

/** The agents' names come from `agents/names.ts`, which the CLI reads without loading zod. */
export const Source = z.enum(SOURCES);
export type Source = z.infer<typeof Source>;

/** Normalized tool kinds, so reports need not know that Claude says `Edit` and OpenCode `edit`. */
export const ToolCategory = z.enum(['read', 'edit', 'shell', 'search', 'web', 'agent', 'mcp', 'other']);
export type ToolCategory = z.infer<typeof ToolCategory>;

export const FileOperation = z.enum(['edited', 'created', 'deleted', 'read']);
export type FileOperation = z.infer<typeof FileOperation>;

const ms = z.number().int().nonnegative();
const count = z.number().int().nonnegative();


export const SessionRecord = z.object({
  kind: z.literal('session'),
  id: z.string().min(1),
  source: Source,
  parent_session_id: z.string().optional(),
  agent_type: z.string().optional(),
  title: z.string().optional(),
  title_rank: z.number().int().min(1).max(4).optional(),
  project_path: z.string().optional(),
  project_name: z.string().optional(),
  git_branch: z.string().optional(),
  model: z.string().optional(),
  provider: z.string().optional(),
  cli_version: z.string().optional(),
  permission_mode: z.string().optional(),
  status: z.string().optional(),
  end_reason: z.string().optional(),
  transcript_path: z.string().optional(),
  created_at: ms.optional(),
  updated_at: ms.optional(),
  ended_at: ms.optional(),
  /**
   * Metadata that must not create a session by itself (a title line, a permission-mode line):
   * applied to the session if it exists by the end of the file's transaction, else dropped.
   */
  patch_only: z.boolean().optional(),
});
export type SessionRecord = z.infer<typeof SessionRecord>;

export const MessageRecord = z.object({
  kind: z.literal('message'),
  id: z.string().min(1),
  session_id: z.string().min(1),
  source: Source,
  role: z.enum(['user', 'assistant', 'system']),
  model: z.string().optional(),
  provider: z.string().optional(),
  /** Text of one part of the message; parts with the same `part_id` are stored once. */
  text: z.string().optional(),
  part_id: z.string().optional(),
  prompt_tokens: count.optional(),
  completion_tokens: count.optional(),
  cache_read_tokens: count.optional(),
  cache_write_tokens: count.optional(),
  /** The part of cache_write_tokens written to the 1-hour cache (priced higher than the 5-minute one). */
  cache_write_1h_tokens: count.optional(),
  /** Reasoning (thinking) tokens: already inside completion_tokens, kept apart as well. */
  reasoning_tokens: count.optional(),
  cost: z.number().nonnegative().optional(),
  is_sidechain: z.boolean(),
  agent_id: z.string().optional(),
  is_api_error: z.boolean().optional(),
  request_id: z.string().optional(),
  created_at: ms.optional(),
  completed_at: ms.optional(),
});
export type MessageRecord = z.infer<typeof MessageRecord>;

export const ToolCallRecord = z.object({
  kind: z.literal('tool_call'),
  id: z.string().min(1),
  call_id: z.string().min(1),
  session_id: z.string().min(1),
  source: Source,
  message_id: z.string().optional(),
  tool_name: z.string().min(1),
  category: ToolCategory,
  tool_input: z.string().optional(),
  file_path: z.string().optional(),
  /** What the call does to `file_path` when it succeeds. */
  file_operation: FileOperation.optional(),
  created_at: ms.optional(),
});
export type ToolCallRecord = z.infer<typeof ToolCallRecord>;

/** The outcome of a call, matched to its call by `call_id` (it may arrive in a later import). */
export const ToolResultRecord = z.object({
  kind: z.literal('tool_result'),
  call_id: z.string().min(1),
  source: Source,
  success: z.boolean(),
  tool_output: z.string().optional(),
  error_message: z.string().optional(),
  /** The kind of failure, for grouping ("Exit code 1", "permission denied", ...). */
  error_kind: z.string().optional(),
  /** The command's exit code, where the agent records one. */
  exit_code: z.number().int().optional(),
  /** Characters of the output before it was cut for storage. */
  output_size: count.optional(),
  /** How long the call ran, where the output says it (else derived from the call's and result's times). */
  duration_ms: count.optional(),
  /** Replaces the call's operation when the result knows better (a Write that created the file). */
  file_operation: FileOperation.optional(),
  completed_at: ms.optional(),
});
export type ToolResultRecord = z.infer<typeof ToolResultRecord>;

export const CompactionRecord = z.object({
  kind: z.literal('compaction'),
  id: z.string().min(1),
  session_id: z.string().min(1),
  source: Source,
  compaction_kind: z.enum(['compact', 'microcompact']),
  trigger: z.string().optional(),
  tokens_before: count.optional(),
  tokens_after: count.optional(),
  messages_before: count.optional(),
  messages_after: count.optional(),
  created_at: ms.optional(),
});
export type CompactionRecord = z.infer<typeof CompactionRecord>;

export const SessionErrorRecord = z.object({
  kind: z.literal('session_error'),
  id: z.string().min(1),
  session_id: z.string().min(1),
  source: Source,
  error_type: z.string().min(1),
  error_message: z.string().optional(),
  status_code: z.number().int().optional(),
  retry_count: count.optional(),
  created_at: ms.optional(),
});
export type SessionErrorRecord = z.infer<typeof SessionErrorRecord>;

/** A file touched outside the tool-call path (OpenCode's file.edited event). Same id as its call when known. */
export const FileOperationRecord = z.object({
  kind: z.literal('file_operation'),
  id: z.string().min(1),
  session_id: z.string().min(1),
  source: Source,
  file_path: z.string().min(1),
  operation_type: FileOperation,
  tool_id: z.string().optional(),
  created_at: ms.optional(),
});
export type FileOperationRecord = z.infer<typeof FileOperationRecord>;

/**
 * A hook that failed, blocked or was cancelled (Claude Code's `hook_*_error` attachments and the
 * errors of `stop_hook_summary`). Successful runs are not stored: they are one per tool call.
 */
export const HookOutcome = z.enum(['blocking_error', 'non_blocking_error', 'cancelled', 'error']);
export const HookEventRecord = z.object({
  kind: z.literal('hook_event'),
  id: z.string().min(1),
  session_id: z.string().min(1),
  source: Source,
  /** The hook event (PreToolUse, PostToolUse, Stop, ...). */
  event: z.string().optional(),
  /** The event with its matcher, as the agent names it (`PostToolUse:Edit`). */
  hook_name: z.string().optional(),
  outcome: HookOutcome,
  command: z.string().optional(),
  error_message: z.string().optional(),
  exit_code: z.number().int().optional(),
  duration_ms: ms.optional(),
  /** The tool call the hook ran for, when it ran for one. */
  call_id: z.string().optional(),
  created_at: ms.optional(),
});
export type HookEventRecord = z.infer<typeof HookEventRecord>;

/** One completed turn (a prompt and all the work until the agent stopped): how long it took. */
export const TurnRecord = z.object({
  kind: z.literal('turn'),
  id: z.string().min(1),
  session_id: z.string().min(1),
  source: Source,
  duration_ms: ms,
  message_count: count.optional(),
  /** When the turn ended. */
  created_at: ms.optional(),
});
export type TurnRecord = z.infer<typeof TurnRecord>;

/**
 * A permission prompt: the ask, its answer, or both (they may arrive apart, with the same id).
 * `decision` is the answer when the agent records one.
 */
export const PermissionEventRecord = z.object({
  kind: z.literal('permission_event'),
  id: z.string().min(1),
  session_id: z.string().min(1),
  source: Source,
  tool_name: z.string().optional(),
  /** What was asked about, normalized so repeats group: a command's first words, a path, a pattern. */
  subject: z.string().optional(),
  /** The tool call the prompt was for, when the agent names it. */
  call_id: z.string().optional(),
  asked_at: ms.optional(),
  decision: z.enum(['approved', 'denied']).optional(),
  decided_at: ms.optional(),
});
export type PermissionEventRecord = z.infer<typeof PermissionEventRecord>;

export const AnyRecord = z.discriminatedUnion('kind', [
  FileOperationRecord,
  SessionRecord,
  MessageRecord,
  ToolCallRecord,
  ToolResultRecord,
  CompactionRecord,
  SessionErrorRecord,
  HookEventRecord,
  TurnRecord,
  PermissionEventRecord,
]);
export type AnyRecord = z.infer<typeof AnyRecord>;
