// What each Claude Code tool is: its normalized category and the file it touches.
import type { FileOperation, ToolCategory } from '../../schema/records.js';
import { ownValue } from '../json-values.js';

const CATEGORIES: Record<string, ToolCategory> = {
  Read: 'read',
  NotebookRead: 'read',
  Edit: 'edit',
  MultiEdit: 'edit',
  Write: 'edit',
  NotebookEdit: 'edit',
  Bash: 'shell',
  BashOutput: 'shell',
  KillBash: 'shell',
  KillShell: 'shell',
  Glob: 'search',
  Grep: 'search',
  LS: 'search',
  ToolSearch: 'search',
  WebFetch: 'web',
  WebSearch: 'web',
  Task: 'agent',
  Agent: 'agent',
  SendMessage: 'agent',
  TaskOutput: 'agent',
};

export function toolCategory(name: string): ToolCategory {
  if (name.startsWith('mcp__')) return 'mcp';
  return ownValue(CATEGORIES, name) ?? 'other';
}

const OPERATIONS: Record<string, { key: string; op?: FileOperation }> = {
  Read: { key: 'file_path', op: 'read' },
  // A Write is an edit unless its result says it created the file.
  Write: { key: 'file_path', op: 'edited' },
  Edit: { key: 'file_path', op: 'edited' },
  MultiEdit: { key: 'file_path', op: 'edited' },
  NotebookEdit: { key: 'notebook_path', op: 'edited' },
  NotebookRead: { key: 'notebook_path', op: 'read' },
  Glob: { key: 'path' },
  Grep: { key: 'path' },
  LS: { key: 'path' },
};

/** The file a call reads or changes, and what it does to it when it succeeds. */
export function toolFile(name: string, input: unknown): { file_path?: string; file_operation?: FileOperation } {
  const spec = ownValue(OPERATIONS, name);
  if (!spec || typeof input !== 'object' || input === null) return {};
  const value = ownValue(input as Record<string, unknown>, spec.key);
  if (typeof value !== 'string' || value === '') return {};
  return spec.op ? { file_path: value, file_operation: spec.op } : { file_path: value };
}
