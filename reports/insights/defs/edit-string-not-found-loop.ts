// Edits of one file that missed their text again and again in a session: the agent edits from memory instead of reading.
import { inRange } from '../../filters.js';
import { type Finding, topSubjects } from '../finding.js';

const MISSED = (t: string) => `${t}.success = 0
    AND (${t}.error_kind IN ('String to replace not found', 'patch did not apply')
      OR ${t}.error_message LIKE '%oldString not found%')`;

export const editStringNotFoundLoop: Finding = {
  id: 'edit-string-not-found-loop',
  class: 'habit',
  basis: 'measured',
  title: 'Edits that did not find their text, repeated on the same file in a session',
  thresholds: { min_misses: 2 },
  // One hit per session and file with :min_misses failed edits or more. The kind covers Claude Code's
  // "String to replace not found", OpenCode's "oldString not found" and Gemini CLI's "Could not find
  // an exact match"; Codex's apply_patch stores "patch did not apply" (its usual cause: lines that
  // are not in the file). OpenCode's rows imported before its wording had the kind are found by it.
  sql: `
WITH missed AS (
  SELECT t.session_id, t.created_at, t.duration_ms, t.tool_name, coalesce(t.file_path, t.tool_name) AS file
  FROM tools t
  WHERE ${MISSED('t')}
    -- a hit is timed by its first miss, so only sessions with a miss in the period can have one
    AND t.session_id IN (SELECT p.session_id FROM tools p WHERE ${inRange('p.created_at')} AND ${MISSED('p')})
)
SELECT session_id, min(created_at) AS at, file AS subject,
  count(*) || ' failed edits (' || max(tool_name) || ')' AS detail, NULL AS cost, sum(duration_ms) AS ms, NULL AS tokens
FROM missed
GROUP BY session_id, file
HAVING count(*) >= :min_misses`,
  advise(hits) {
    const misses = hits.reduce((n, h) => n + (Number.parseInt(h.detail ?? '0', 10) || 0), 0);
    const files = topSubjects(hits, 3).map((s) => s.subject);
    return {
      text:
        `${hits.length} times an agent's edits missed their text ${this.thresholds.min_misses} or more times on the same file in one session (${misses} failed edits), e.g. ${files.join(', ')}. ` +
        'After an edit fails, have it read the lines again rather than retry from memory.',
      target: 'CLAUDE.md / AGENTS.md / GEMINI.md',
      snippet:
        '- When an edit fails because its text was not found, Read the file (the lines around the change) again and copy the exact text, whitespace included, before the next edit.',
    };
  },
};
