// What each Gemini CLI tool is: its normalized category and the file it touches.
import type { FileOperation, ToolCategory } from '../../schema/records.js';
import { ownValue } from '../json-values.js';

const CATEGORIES: Record<string, ToolCategory> = {
  read_file: 'read',
  read_many_files: 'read',
  write_file: 'edit',
  replace: 'edit',
  edit: 'edit',
  smart_edit: 'edit',
  run_shell_command: 'shell',
  list_directory: 'search',
  glob: 'search',
  search_file_content: 'search',
  grep_search: 'search',
  web_fetch: 'web',
  google_web_search: 'web',
  codebase_investigator: 'agent',
  delegate_to_agent: 'agent',
};

export function geminiToolCategory(name: string): ToolCategory {
  // Tools of MCP servers are registered as <server>__<tool> when their names collide.
  if (name.includes('__') || name.startsWith('mcp_')) return 'mcp';
  return ownValue(CATEGORIES, name) ?? 'other';
}

// Releases before 0.2x named the path `absolute_path` (read_file) or `path` (list_directory, glob).
const PATH_KEYS = ['file_path', 'absolute_path', 'path', 'dir_path'];
const OPERATIONS: Record<string, FileOperation | undefined> = {
  read_file: 'read',
  // A write is an edit unless its result says it created the file.
  write_file: 'edited',
  replace: 'edited',
  edit: 'edited',
  smart_edit: 'edited',
  list_directory: undefined,
  glob: undefined,
  search_file_content: undefined,
  grep_search: undefined,
};

/** The file a call reads or changes, and what it does to it when it succeeds. */
export function geminiToolFile(name: string, args: unknown): { file_path?: string; file_operation?: FileOperation } {
  if (!Object.hasOwn(OPERATIONS, name) || typeof args !== 'object' || args === null) return {};
  const a = args as Record<string, unknown>;
  const key = PATH_KEYS.find((k) => typeof a[k] === 'string' && a[k] !== '');
  if (!key) return {};
  const op = ownValue(OPERATIONS, name);
  return op ? { file_path: a[key] as string, file_operation: op } : { file_path: a[key] as string };
}
