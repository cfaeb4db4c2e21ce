#!/usr/bin/env node
// The agentlog entry point. `agentlog hook` is dispatched before anything else loads: it runs inside
// Claude Code's hook budget, so it must not pay for the argument parser, the reports or zod.
const [command, ...rest] = process.argv.slice(2);
if (command === 'hook' && !rest.some((a) => a === '--help' || a === '-h') && !process.stdin.isTTY) {
  const { runClaudeHook } = await import('../hooks/claude-hook.js');
  await runClaudeHook();
} else if (command === 'codex-notify') {
  // Codex's `notify` program (installed by `agentlog install codex`): same budget, same early dispatch.
  const { runCodexNotify } = await import('../agents/codex/notify-hook.js');
  await runCodexNotify(rest);
} else {
  const { main } = await import('./cli.js');
  await main(process.argv);
}
