#!/usr/bin/env node
// The agentlog entry point. `agentlog hook` is dispatched before anything else loads: it runs inside
// an agent's hook budget, so it must not pay for the argument parser, the reports or zod.
const [command, ...rest] = process.argv.slice(2);
// The registry loads no parser; the agent's hook module loads only what it needs. A payload comes on
// stdin (Claude Code, Gemini CLI) or as arguments after the agent's name (Codex's notify, whose
// stdin may be the terminal): either way it is a hook call, not a person asking for help.
// Only `hook` looks at stdin: making process.stdin costs any other command ~15 ms.
const hookCall =
  command === 'hook' && !rest.some((a) => a === '--help' || a === '-h') && (rest.length > 1 || !process.stdin.isTTY);
if (hookCall) {
  const { agentNamed, DEFAULT_HOOK_AGENT } = await import('../agents/registry.js');
  const agent = agentNamed(rest[0] ?? DEFAULT_HOOK_AGENT);
  if (agent?.hook) await (await agent.hook())(rest.slice(1));
  else {
    process.stderr.write(`agentlog: hook: no agent named ${rest[0]} has a hook\n`);
    process.exitCode = 2;
  }
} else {
  const { main } = await import('./cli.js');
  await main(process.argv);
}
