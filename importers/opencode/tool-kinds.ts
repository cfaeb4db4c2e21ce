// What each OpenCode tool is: its normalized category and the file it touches.
import type { FileOperation, ToolCategory } from '../../schema/records.js';
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

const FILES: Record<string, { key: string; op?: FileOperation }> = {
  read: { key: 'filePath', op: 'read' },
  edit: { key: 'filePath', op: 'edited' },
  multiedit: { key: 'filePath', op: 'edited' },
  // A write is an edit unless its metadata says the file did not exist before.
  write: { key: 'filePath', op: 'edited' },
  glob: { key: 'path' },
  grep: { key: 'path' },
  list: { key: 'path' },
};

export function opencodeToolFile(name: string, input: unknown): { file_path?: string; file_operation?: FileOperation } {
  const spec = ownValue(FILES, name);
  if (!spec || typeof input !== 'object' || input === null) return {};
  const value = ownValue(input as Record<string, unknown>, spec.key);
  if (typeof value !== 'string' || value === '') return {};
  return spec.op ? { file_path: value, file_operation: spec.op } : { file_path: value };
}
