// What each Codex tool is: its normalized category (display names across agents are the reports' job).
import type { ToolCategory } from '../../schema/records.js';
import { ownValue } from '../json-values.js';

const CATEGORIES: Record<string, ToolCategory> = {
  shell: 'shell',
  shell_command: 'shell',
  exec_command: 'shell',
  local_shell: 'shell',
  write_stdin: 'shell',
  unified_exec: 'shell',
  apply_patch: 'edit',
  view_image: 'read',
  read_file: 'read',
  list_dir: 'search',
  grep_files: 'search',
  web_search: 'web',
  web_fetch: 'web',
  spawn_agent: 'agent',
  send_input: 'agent',
  wait: 'agent',
};

export function codexToolCategory(name: string): ToolCategory {
  // MCP tools reach the model as `server__tool` (Codex joins the server and tool names with "__").
  if (name.startsWith('mcp__') || name.includes('__')) return 'mcp';
  return ownValue(CATEGORIES, name) ?? 'other';
}
