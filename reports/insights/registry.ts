// Every finding agentlog knows, in the order the issue lists them; adding one adds a module and a line here.
import { bigToolOutput } from './defs/big-tool-output.js';
import { cacheRebuildAfterPause } from './defs/cache-rebuild-after-pause.js';
import { commandNotFound } from './defs/command-not-found.js';
import { commitBlockedByChecks } from './defs/commit-blocked-by-checks.js';
import { editBeforeRead } from './defs/edit-before-read.js';
import { editStringNotFoundLoop } from './defs/edit-string-not-found-loop.js';
import { expensiveModelTrivialSession } from './defs/expensive-model-trivial-session.js';
import { headlessPermissionDenied } from './defs/headless-permission-denied.js';
import { mcpFailures } from './defs/mcp-failures.js';
import { repeatedCompaction } from './defs/repeated-compaction.js';
import { hookFailures } from './defs/hook-failures.js';
import { permissionPrompts } from './defs/permission-prompts.js';
import { repeatedFailingCommand } from './defs/repeated-failing-command.js';
import { subagentCost } from './defs/subagent-cost.js';
import { userRejectedTool } from './defs/user-rejected-tool.js';
import type { Finding } from './finding.js';

export const findings: readonly Finding[] = [
  editBeforeRead,
  cacheRebuildAfterPause,
  commitBlockedByChecks,
  repeatedFailingCommand,
  subagentCost,
  userRejectedTool,
  bigToolOutput,
  commandNotFound,
  headlessPermissionDenied,
  editStringNotFoundLoop,
  repeatedCompaction,
  mcpFailures,
  expensiveModelTrivialSession,
  hookFailures,
  permissionPrompts,
];

export const findingNamed = (id: string): Finding | undefined => findings.find((f) => f.id === id);
