// Subagents that cost money and changed nothing, and the files their parent read again after them.
import { inRange, messageCost } from '../../filters.js';
import { type Finding, topSubjects } from '../finding.js';

export const subagentCost: Finding = {
  id: 'subagent-cost',
  class: 'habit',
  basis: 'measured',
  title: 'Subagents that made no edits, with their cost and model',
  thresholds: {},
  // One hit per subagent session that edited or created no file. The parent's re-reads are reads
  // of files the subagent had read, by the parent, after the subagent's last activity.
  sql: `
WITH sub AS (
  SELECT s.id, s.parent_session_id, coalesce(s.agent_type, 'subagent') AS agent_type,
    coalesce(s.model, (SELECT m.model FROM messages m WHERE m.session_id = s.id AND m.model IS NOT NULL LIMIT 1)) AS model,
    s.created_at, s.updated_at
  FROM sessions s
  WHERE s.parent_session_id IS NOT NULL
    -- the period on the time of a hit, coalesce(created_at, updated_at), in a form the time index serves
    AND (${inRange('s.created_at')} OR (s.created_at IS NULL AND ${inRange('s.updated_at')}))
    -- Claude Code runs compaction as an agent (acompact-*): it summarises, it is not asked to edit
    AND s.id NOT LIKE '%:acompact-%'
    -- a Codex session with a parent is a fork (a copy of a conversation the user made), not a subagent
    AND NOT (s.source = 'codex' AND s.agent_type IS NULL)
    AND EXISTS (SELECT 1 FROM messages m WHERE m.session_id = s.id AND m.tokens IS NOT NULL)
    AND NOT EXISTS (SELECT 1 FROM file_operations f WHERE f.session_id = s.id AND f.operation_type IN ('edited', 'created'))
)
SELECT sub.id AS session_id, coalesce(sub.created_at, sub.updated_at) AS at,
  sub.agent_type || ' on ' || coalesce(sub.model, 'unknown model') AS subject,
  (SELECT count(DISTINCT pr.file_path) FROM file_operations pr
     -- coalesce() keeps SQLite off the index led by operation_type (every read of every session):
     -- the rows of the parent come from its session index
     WHERE pr.session_id = sub.parent_session_id AND coalesce(pr.operation_type, '') = 'read'
       AND pr.created_at > sub.updated_at
       AND EXISTS (SELECT 1 FROM file_operations r
         WHERE r.operation_type = 'read' AND r.file_path = pr.file_path AND r.session_id = sub.id))
    || ' files read again by the parent' AS detail,
  (SELECT sum(${messageCost('m')}) FROM messages m WHERE m.session_id = sub.id AND m.tokens IS NOT NULL) AS cost,
  CASE WHEN sub.updated_at > sub.created_at THEN sub.updated_at - sub.created_at END AS ms,
  (SELECT sum(m.tokens) FROM messages m WHERE m.session_id = sub.id) AS tokens
FROM sub`,
  advise(hits) {
    const cost = hits.reduce((n, h) => n + (h.cost ?? 0), 0);
    const opus = hits.filter((h) => /opus/i.test(h.subject)).length;
    const reread = hits.reduce((n, h) => n + (Number.parseInt(h.detail ?? '0', 10) || 0), 0);
    const agents = [...new Set(topSubjects(hits, 5).map((s) => s.subject.split(' on ')[0]!))];
    const named = agents.find((a) => a !== 'subagent') ?? 'general-purpose';
    return {
      text:
        `${hits.length} subagents made no edits and cost $${cost.toFixed(2)}` +
        (opus ? `, ${opus} of them on Opus` : '') +
        (reread ? `; the parent then read ${reread} of the files they had read again` : '') +
        `. Give read-only agents (${agents.join(', ')}) a cheaper model, and have them return what they read so the parent does not read it again.`,
      target: "the agent's frontmatter (.claude/agents/<name>.md)",
      snippet: `---\nname: ${named}\nmodel: haiku\n---`,
    };
  },
};
