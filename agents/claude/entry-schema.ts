// Claude Code transcript lines as zod schemas: what the import reads, leniently (a wrong-typed field
// reads as missing, never fails the line). The types and the tests use them; the import runs the
// hand-written readers of schema.ts, which load no zod (loading it costs a hook about 0.1 s CPU).
import { z } from 'zod';

const str = z.string().optional().catch(undefined);
const num = z.number().finite().optional().catch(undefined);
const bool = z.boolean().optional().catch(undefined);
const record = z.record(z.string(), z.unknown()).optional().catch(undefined);

export const Usage = z.looseObject({
  input_tokens: num,
  output_tokens: num,
  cache_creation_input_tokens: num,
  cache_read_input_tokens: num,
  cache_creation: z.record(z.string(), z.unknown()).optional().catch(undefined),
});

/** One content block; which fields are present depends on `type`. */
export const Block = z.looseObject({
  type: str,
  text: str,
  id: str,
  name: str,
  input: z.unknown().optional(),
  tool_use_id: str,
  content: z.unknown().optional(),
  is_error: bool,
});

export const ApiMessage = z.looseObject({
  id: str,
  role: str,
  model: str,
  content: z
    .union([z.string(), z.array(z.unknown())])
    .optional()
    .catch(undefined),
  usage: Usage.optional().catch(undefined),
  stop_reason: str.nullable().catch(undefined),
});

/** The fields agentlog reads, from every entry type; everything else passes through untouched. */
export const Entry = z.looseObject({
  type: z.string(),
  subtype: str,
  uuid: str,
  parentUuid: z.string().nullable().optional().catch(undefined),
  sessionId: str,
  timestamp: str,
  cwd: str,
  gitBranch: str,
  version: str,
  isSidechain: bool,
  agentId: str,
  isMeta: bool,
  isCompactSummary: bool,
  permissionMode: str,
  requestId: str,
  message: ApiMessage.optional().catch(undefined),
  toolUseResult: z.unknown().optional(),
  isApiErrorMessage: bool,
  error: z.unknown().optional(),
  apiErrorStatus: num,
  content: z.unknown().optional(),
  level: str,
  retryAttempt: num,
  compactMetadata: record,
  microcompactMetadata: record,
  summary: str,
  customTitle: str,
  aiTitle: str,
  // attachment lines: hook outcomes among other kinds (read by map.ts with asObject)
  attachment: record,
  // system/turn_duration and system/stop_hook_summary
  durationMs: num,
  messageCount: num,
  hookErrors: z.array(z.unknown()).optional().catch(undefined),
  hookInfos: z.array(z.unknown()).optional().catch(undefined),
  toolUseID: str,
});
