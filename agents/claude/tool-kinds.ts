// What each Claude Code tool is: its normalized category and the file it touches.
import type { ToolCategory } from '../../schema/records.js';
import { type ToolFile, type ToolFiles, toolFile } from '../tool-file.js';
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

const OPERATIONS: ToolFiles = {
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
/** The file a call reads or changes, and what it does to it when it succeeds. */
export const claudeToolFile = (name: string, input: unknown): ToolFile => toolFile(OPERATIONS, name, input);
