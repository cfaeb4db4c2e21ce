// Maps Codex tool calls and their outputs (exit codes, durations, patch files) to records.
import path from 'node:path';
import { errorKind } from '../../schema/error-kind.js';
import { asObject, asString, type Json } from '../json-values.js';
import { ERROR_MESSAGE_MAX_BYTES, roughCut, roughJson, TOOL_OUTPUT_MAX_BYTES } from '../text-limits.js';
import type { AnyRecord, FileOperationRecord, ToolCallRecord, ToolResultRecord } from '../../schema/records.js';
import { type CodexContext, callKey, SOURCE } from './context.js';
import { type PatchFile, patchFiles } from './patch.js';
import { codexToolCategory } from './tool-kinds.js';
import { failureKind, readToolOutput } from './tool-output.js';

function parsedArguments(p: Json): unknown {
  const args = p.arguments ?? p.input ?? p.action;
  if (typeof args !== 'string') return args;
  try {
    return JSON.parse(args) as unknown;
  } catch {
    return args; // custom tools (apply_patch) take free text
  }
}

/** The text a patch could be in: apply_patch's input, or the command line of a shell call. */
function patchTextOf(input: unknown): string {
  if (typeof input === 'string') return input;
  const o = asObject(input);
  if (!o) return '';
  for (const k of ['patch', 'input', 'cmd', 'command']) {
    const v = o[k];
    if (typeof v === 'string') return v;
    if (Array.isArray(v)) return v.map(String).join('\n');
  }
  return '';
}

export function resolved(ctx: CodexContext, p: string): string {
  return path.isAbsolute(p) || !ctx.cwd ? p : path.join(ctx.cwd, p);
}

export function toolCall(type: string, p: Json, ts: number | undefined, ctx: CodexContext): AnyRecord[] {
  const cid = asString(p.call_id) ?? asString(p.id);
  if (!cid) return [];
  const name =
    type === 'function_call' || type === 'custom_tool_call'
      ? (asString(p.name) ?? '?')
      : type === 'local_shell_call'
        ? 'local_shell'
        : type.slice(0, -'_call'.length);
  const input = parsedArguments(p);
  const key = callKey(ctx, cid);
  const r: ToolCallRecord = {
    kind: 'tool_call',
    id: `codex:${key}`,
    call_id: key,
    session_id: ctx.sessionId,
    source: SOURCE,
    tool_name: name,
    category: codexToolCategory(name),
    created_at: ts,
  };
  const json = roughJson(input);
  if (json !== undefined) r.tool_input = json;
  const files = patchFiles(patchTextOf(input)).map((f) => ({ ...f, path: resolved(ctx, f.path) }));
  if (files.length > 0) {
    ctx.patches.set(key, files);
    r.file_path = files[0]!.path;
    r.file_operation = files[0]!.operation;
  }
  return [r];
}

export function toolOutput(p: Json, ts: number | undefined, ctx: CodexContext): AnyRecord[] {
  const cid = asString(p.call_id);
  if (!cid) return [];
  const key = callKey(ctx, cid);
  // The first output decides (as in the oracle); a repeated one adds nothing.
  if (ctx.outputs.has(key)) return [];
  ctx.outputs.add(key);
  const o = readToolOutput(p.output);
  const r: ToolResultRecord = {
    kind: 'tool_result',
    call_id: key,
    source: SOURCE,
    success: !o.failed,
    tool_output: roughCut(o.text, TOOL_OUTPUT_MAX_BYTES),
    output_size: o.text.length,
  };
  if (o.exitCode !== undefined) r.exit_code = o.exitCode;
  if (o.durationMs !== undefined) r.duration_ms = o.durationMs;
  if (ts !== undefined) r.completed_at = ts;
  if (o.failed) {
    r.error_message = roughCut(o.text, ERROR_MESSAGE_MAX_BYTES);
    r.error_kind = failureKind(o) ?? errorKind(o.text) ?? undefined;
  }
  const out: AnyRecord[] = [r];
  // The call's row carries the first file; the other files of a patch that applied get rows of their own.
  const files = ctx.patches.get(key) ?? [];
  if (!o.failed) files.slice(1).forEach((f, i) => out.push(fileRow(ctx, key, f, i + 1, ts)));
  return out;
}

function fileRow(ctx: CodexContext, key: string, f: PatchFile, n: number, ts: number | undefined): FileOperationRecord {
  return {
    kind: 'file_operation',
    id: `codex:${key}:file:${n}`,
    session_id: ctx.sessionId,
    source: SOURCE,
    file_path: f.path,
    operation_type: f.operation,
    tool_id: `codex:${key}`,
    created_at: ts,
  };
}
