// One display name per tool across agents (OpenCode's `bash` and Claude Code's `Bash` are the same tool).
// The stored tool_name is never changed; reports group by the display name, through the SQL function
// tool_display_name(name) that reports/sql-functions.ts registers.

/** Raw tool names of other agents → Claude Code's name for the same tool. */
export const TOOL_DISPLAY_NAMES: Readonly<Record<string, string>> = {
  // OpenCode
  bash: 'Bash',
  read: 'Read',
  edit: 'Edit',
  multiedit: 'MultiEdit',
  write: 'Write',
  glob: 'Glob',
  grep: 'Grep',
  list: 'LS',
  webfetch: 'WebFetch',
  websearch: 'WebSearch',
  task: 'Task',
  todowrite: 'TodoWrite',
  todoread: 'TodoRead',
  // Codex CLI. apply_patch stays its own tool, Patch: one call can add, delete and edit several
  // files, so its failures are not Edit's.
  exec_command: 'Bash',
  shell: 'Bash',
  shell_command: 'Bash',
  local_shell: 'Bash',
  apply_patch: 'Patch',
  update_plan: 'TodoWrite',
  // Gemini CLI
  run_shell_command: 'Bash',
  read_file: 'Read',
  read_many_files: 'Read',
  replace: 'Edit',
  write_file: 'Write',
  search_file_content: 'Grep',
  list_directory: 'LS',
  web_fetch: 'WebFetch',
  google_web_search: 'WebSearch',
  write_todos: 'TodoWrite',
};

/** The name reports show for a stored tool name; names of MCP servers and unknown tools are kept. */
export function toolDisplayName(name: string): string {
  return Object.hasOwn(TOOL_DISPLAY_NAMES, name) ? TOOL_DISPLAY_NAMES[name]! : name;
}
