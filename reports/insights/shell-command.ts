// The command line of a shell call as SQL, whichever agent made it: findings group and name commands by it.

/**
 * The command in `<t>.tool_input`: `command` (Claude Code's Bash, OpenCode's bash, Gemini CLI's
 * run_shell_command), `cmd` (Codex's exec_command), or the script of Codex's classic `shell` call,
 * whose command is an argument list (`["bash", "-lc", "npm test"]`). NULL when the input is not JSON.
 */
export const shellCommand = (t: string) => `CASE WHEN json_valid(${t}.tool_input) THEN coalesce(
    json_extract(${t}.tool_input, '$.cmd'),
    CASE WHEN json_extract(${t}.tool_input, '$.command[1]') IN ('-lc', '-c') THEN json_extract(${t}.tool_input, '$.command[2]') END,
    json_extract(${t}.tool_input, '$.command')) END`;
