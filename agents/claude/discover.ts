// Finds Claude Code transcript files under roots, project folders or single files.
import fs from 'node:fs/promises';
import path from 'node:path';
import fg from 'fast-glob';
import { isAgentlogSpool } from '../spool-names.js';

/** Gemini CLI chats (`chats/session-*.jsonl`, a subagent's `chats/<parent>/<id>.jsonl`) are the gemini source's. */
const GEMINI_CHAT = /[\\/]chats[\\/](?:session-[^\\/]*|[^\\/]+[\\/][^\\/]+)\.jsonl$/;
const isCodexRollout = (file: string) => path.basename(file).startsWith('rollout-');

/**
 * Every `*.jsonl` below each path: main transcripts, flat `agent-*.jsonl` (2.0.x) and
 * `<session>/subagents/agent-*.jsonl` (2.1.x). Workflow `journal.jsonl` files are run logs, not
 * transcripts, and agentlog's own spools are not transcripts. Sorted, so runs see files in the same order.
 */
export async function discoverClaudeFiles(paths: string[]): Promise<string[]> {
  const found = new Set<string>();
  for (const p of paths) {
    const abs = path.resolve(p);
    const st = await fs.stat(abs);
    if (st.isFile()) {
      if (abs.endsWith('.jsonl') && !isAgentlogSpool(abs) && !GEMINI_CHAT.test(abs) && !isCodexRollout(abs))
        found.add(abs);
      continue;
    }
    const files = await fg('**/*.jsonl', {
      cwd: abs,
      absolute: true,
      onlyFiles: true,
      followSymbolicLinks: false,
      suppressErrors: true,
      // Codex rollouts and Gemini chats are JSONL too (a PATH may hold both agents' files): they are their own importers'.
      ignore: [
        '**/workflows/**/journal.jsonl',
        '**/opencode-spool*.jsonl',
        '**/claude-hooks-spool*.jsonl',
        '**/chats/session-*.jsonl',
        '**/chats/*/*.jsonl',
        '**/rollout-*.jsonl',
      ],
    });
    for (const f of files) found.add(path.resolve(f));
  }
  return [...found].sort();
}
