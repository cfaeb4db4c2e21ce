// Edits and writes of files the agent had not read: each one fails and costs a round trip.
import { type Finding, topSubjects } from '../finding.js';

export const editBeforeRead: Finding = {
  id: 'edit-before-read',
  class: 'fix',
  basis: 'measured',
  title: 'Edits or writes of files the agent had not read',
  thresholds: {},
  // Claude Code says "File has not been read yet", OpenCode "must read file ... before overwriting".
  // A retry with the same input fails the same way, so it is marked apart; so are subagents, whose
  // instructions come from their own definition, not from CLAUDE.md alone.
  sql: `
SELECT t.session_id AS session_id, t.created_at AS at, coalesce(t.file_path, t.tool_name) AS subject,
  t.tool_name
    || CASE WHEN s.parent_session_id IS NOT NULL THEN ', in a subagent' ELSE '' END
    || CASE WHEN EXISTS (SELECT 1 FROM tools p WHERE p.session_id = t.session_id AND p.id <> t.id
         AND p.tool_name = t.tool_name AND p.tool_input = t.tool_input AND p.created_at < t.created_at)
       THEN ', a retry with identical input' ELSE '' END AS detail,
  NULL AS cost, t.duration_ms AS ms, NULL AS tokens
FROM tools t JOIN sessions s ON s.id = t.session_id
WHERE t.success = 0
  AND (t.error_kind = 'File has not been read yet'
    OR t.error_message LIKE '%File has not been read yet%'
    OR t.error_message LIKE '%must read%file%before%')`,
  advise(hits) {
    const sub = hits.filter((h) => h.detail?.includes('subagent')).length;
    const retries = hits.filter((h) => h.detail?.includes('retry')).length;
    const files = topSubjects(hits, 3).map((s) => s.subject);
    return {
      text:
        `${hits.length} edits or writes failed because the file had not been read` +
        (sub ? ` (${sub} inside subagents` + (retries ? `, ${retries} retried with identical input)` : ')') : '') +
        (!sub && retries ? ` (${retries} retried with identical input)` : '') +
        `, e.g. ${files.join(', ')}. Tell the agent to read a file before changing it` +
        (sub ? ", and say it in the subagents' own instructions too." : '.'),
      target: sub
        ? 'CLAUDE.md / AGENTS.md, and each subagent definition (.claude/agents/*.md)'
        : 'CLAUDE.md / AGENTS.md',
      snippet:
        '- Read a file (or the part you change) before you Edit or Write it; after a failed edit, read it again instead of retrying the same edit.',
    };
  },
};
