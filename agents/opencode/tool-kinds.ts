// What each OpenCode tool is: its normalized category and the file it touches.
import type { ToolCategory } from '../../schema/records.js';
import { type ToolFile, type ToolFiles, toolFile } from '../tool-file.js';
import { ownValue } from '../json-values.js';

const CATEGORIES: Record<string, ToolCategory> = {
  read: 'read',
  edit: 'edit',
  write: 'edit',
  patch: 'edit',
  apply_patch: 'edit',
  multiedit: 'edit',
  bash: 'shell',
  glob: 'search',
  grep: 'search',
  list: 'search',
  codesearch: 'search',
  webfetch: 'web',
  websearch: 'web',
  task: 'agent',
};

export function opencodeToolCategory(name: string): ToolCategory {
  if (name.includes('_') && !ownValue(CATEGORIES, name)) return 'mcp'; // MCP tools are named <server>_<tool>
  return ownValue(CATEGORIES, name) ?? 'other';
}

const FILES: ToolFiles = {
  read: { key: 'filePath', op: 'read' },
  edit: { key: 'filePath', op: 'edited' },
  multiedit: { key: 'filePath', op: 'edited' },
  // A write is an edit unless its metadata says the file did not exist before.
  write: { key: 'filePath', op: 'edited' },
  glob: { key: 'path' },
  grep: { key: 'path' },
  list: { key: 'path' },
};

/** The file a call reads or changes, and what it does to it when it succeeds. */
export const opencodeToolFile = (name: string, input: unknown): ToolFile => toolFile(FILES, name, input);
