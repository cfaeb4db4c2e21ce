// Tool outputs so large they fill the context window, which every later response pays to read.
import { type Finding, topSubjects } from '../finding.js';

export const bigToolOutput: Finding = {
  id: 'big-tool-output',
  class: 'habit',
  basis: 'estimated',
  title: 'Tool outputs over 10 k characters',
  thresholds: { min_chars: 10_000, chars_per_token: 4 },
  // output_size is the output's length before it was cut for storage (rows imported before it was
  // stored have none and are not counted). Tokens are estimated at :chars_per_token characters each.
  sql: `
SELECT t.session_id AS session_id, t.created_at AS at,
  t.tool_name || CASE
    WHEN json_valid(t.tool_input) AND json_extract(t.tool_input, '$.command') IS NOT NULL
      THEN '(' || substr(trim(json_extract(t.tool_input, '$.command')), 1, 60) || ')'
    WHEN t.file_path IS NOT NULL THEN '(' || t.file_path || ')'
    ELSE '' END AS subject,
  t.output_size || ' characters' AS detail, NULL AS cost, NULL AS ms,
  CAST(t.output_size / :chars_per_token AS INTEGER) AS tokens
FROM tools t
WHERE t.output_size > :min_chars`,
  advise(hits) {
    const tokens = hits.reduce((n, h) => n + (h.tokens ?? 0), 0);
    const top = topSubjects(hits, 3).map((s) => s.subject);
    return {
      text:
        `${hits.length} tool outputs were over ${this.thresholds.min_chars} characters (about ${Math.round(tokens / 1000)} k tokens put into the context), e.g. ${top.join(', ')}. ` +
        'Ask for less: filter or cut long command output, and read large files by range.',
      target: 'CLAUDE.md / AGENTS.md',
      snippet:
        '- Keep command output short: pipe long output through `| tail -50` or `| grep`, use quiet flags, and Read large files with offset/limit.',
    };
  },
};
