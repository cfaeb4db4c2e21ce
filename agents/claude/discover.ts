// Finds Claude Code transcript files under roots, project folders or single files.
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import fg from 'fast-glob';
import { isAgentlogSpool } from '../spool-names.js';

/**
 * Every `*.jsonl` below each path: main transcripts, flat `agent-*.jsonl` (2.0.x) and
 * `<session>/subagents/agent-*.jsonl` (2.1.x). Workflow `journal.jsonl` files are run logs, not
 * transcripts, and agentlog's own spools are not transcripts. Sorted, so runs see files in the same order.
 */
export async function discoverClaudeFiles(
  paths: string[],
  onUnreadable: (dir: string, error: string) => void = () => undefined,
): Promise<string[]> {
  // fast-glob skips a folder it cannot read (suppressErrors); its readdir is wrapped to name each one.
  const readdir = ((dir: string, ...rest: unknown[]) => {
    const done = rest.pop() as (err: NodeJS.ErrnoException | null, entries?: unknown) => void;
    (fsSync.readdir as (...a: unknown[]) => void)(
      dir,
      ...rest,
      (err: NodeJS.ErrnoException | null, entries: unknown) => {
        if (err && err.code !== 'ENOENT') onUnreadable(dir, err.message);
        done(err, entries);
      },
    );
  }) as unknown as typeof fsSync.readdir;
  const found = new Set<string>();
  for (const p of paths) {
    const abs = path.resolve(p);
    const st = await fs.stat(abs);
    if (st.isFile()) {
      if (abs.endsWith('.jsonl') && !isAgentlogSpool(abs)) found.add(abs);
      continue;
    }
    const files = await fg('**/*.jsonl', {
      cwd: abs,
      absolute: true,
      onlyFiles: true,
      followSymbolicLinks: false,
      suppressErrors: true,
      fs: { readdir },
      // Other agents' JSONL files found here (Codex rollouts, Gemini chats) are left to them by the
      // import plan, which asks each agent what it claims (agents/contract.ts).
      ignore: ['**/workflows/**/journal.jsonl', '**/opencode-spool*.jsonl', '**/claude-hooks-spool*.jsonl'],
    });
    for (const f of files) found.add(path.resolve(f));
  }
  return [...found].sort();
}
