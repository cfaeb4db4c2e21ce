// Tool outputs so large they fill the context window, which every later response pays to read.
import { type Finding, topSubjects } from '../finding.js';
import { shellCommand } from '../shell-command.js';

// Written into the SQL, not passed as :min_chars: 013_findings_indexes keeps the calls with outputs
// over this many characters in an index of their own, which SQLite uses only for this literal.
const MIN_CHARS = 10_000;

export const bigToolOutput: Finding = {
  id: 'big-tool-output',
  class: 'habit',
  basis: 'estimated',
  title: 'Tool outputs over 10 k characters',
  thresholds: { min_chars: MIN_CHARS, chars_per_token: 4 },
  // output_size is the output's length before it was cut for storage (rows imported before it was
  // stored have none and are not counted). Tokens are estimated at :chars_per_token characters each.
  sql: `
WITH big AS (
  SELECT t.session_id, t.created_at, t.tool_name, t.file_path, t.output_size, ${shellCommand('t')} AS command
  FROM tools t
  WHERE t.output_size > ${MIN_CHARS}
)
SELECT session_id, created_at AS at,
  tool_name || CASE
    WHEN command IS NOT NULL THEN '(' || substr(trim(command), 1, 60) || ')'
    WHEN file_path IS NOT NULL THEN '(' || file_path || ')'
    ELSE '' END AS subject,
  output_size || ' characters' AS detail, NULL AS cost, NULL AS ms,
  CAST(output_size / :chars_per_token AS INTEGER) AS tokens
FROM big`,
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
