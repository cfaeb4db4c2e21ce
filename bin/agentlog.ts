#!/usr/bin/env node
// The agentlog entry point. `agentlog hook` is dispatched before anything else loads: it runs inside
// an agent's hook budget, so it must not pay for the argument parser, the reports or zod.
const [command, ...rest] = process.argv.slice(2);
// The registry loads no parser; the agent's hook module loads only what it needs.
if (command === 'hook' && !rest.some((a) => a === '--help' || a === '-h') && !process.stdin.isTTY) {
  const { agentNamed, DEFAULT_HOOK_AGENT } = await import('../agents/registry.js');
  const agent = agentNamed(rest[0] ?? DEFAULT_HOOK_AGENT);
  if (agent?.hook) await (await agent.hook())();
  else {
    process.stderr.write(`agentlog: hook: no agent named ${rest[0]} has a hook\n`);
    process.exitCode = 2;
  }
} else {
  const { main } = await import('./cli.js');
  await main(process.argv);
}
