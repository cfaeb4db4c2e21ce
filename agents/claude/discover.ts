// Finds Claude Code transcript files under roots, project folders or single files.
import fs from 'node:fs/promises';
import path from 'node:path';
import { type Discovery, listFolder } from '../folder-files.js';
import { isAgentlogSpool } from '../spool-names.js';

/** A workflow's `journal.jsonl` anywhere below a `workflows` folder: a run log, not a transcript. */
const WORKFLOW_JOURNAL = /(?:^|\/)workflows\/(?:.*\/)?journal\.jsonl$/;

/**
 * Every `*.jsonl` below each path: main transcripts, flat `agent-*.jsonl` (2.0.x) and
 * `<session>/subagents/agent-*.jsonl` (2.1.x). Workflow `journal.jsonl` files are run logs, not
 * transcripts, and agentlog's own spools are not transcripts. Other agents' JSONL files found here
 * (Codex rollouts, Gemini chats) are left to them by the import plan, which asks each agent what it
 * claims (agents/contract.ts). Sorted, so runs see files in the same order.
 */
export async function discoverClaudeFiles(
  paths: string[],
  { list = listFolder, onUnreadable }: Discovery = {},
): Promise<string[]> {
  const found = new Set<string>();
  for (const p of paths) {
    const abs = path.resolve(p);
    const st = await fs.stat(abs);
    if (st.isFile()) {
      if (abs.endsWith('.jsonl') && !isAgentlogSpool(abs)) found.add(abs);
      continue;
    }
    const listing = list(abs);
    for (const { dir, error } of listing.unreadable) onUnreadable?.(dir, error);
    for (const f of listing.files)
      if (f.rel.endsWith('.jsonl') && !isAgentlogSpool(f.rel) && !WORKFLOW_JOURNAL.test(f.rel)) found.add(f.abs);
  }
  return [...found].sort();
}
