// The file a tool call touches, read from its input by a per-agent table: the one helper every agent shares.
import type { FileOperation } from '../schema/records.js';
import { ownValue } from './json-values.js';

/** Per tool name: the input key holding the path, and what a successful call does to that file. */
export type ToolFiles = Readonly<Record<string, { key: string; op?: FileOperation }>>;

export interface ToolFile {
  file_path?: string;
  file_operation?: FileOperation;
}

/** The file a call reads or changes, and what it does to it when it succeeds. */
export function toolFile(files: ToolFiles, name: string, input: unknown): ToolFile {
  const spec = ownValue(files, name);
  if (!spec || typeof input !== 'object' || input === null) return {};
  const value = ownValue(input as Record<string, unknown>, spec.key);
  if (typeof value !== 'string' || value === '') return {};
  return spec.op ? { file_path: value, file_operation: spec.op } : { file_path: value };
}
