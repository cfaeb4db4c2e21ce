// Commands the shell could not find, and known noise lines that a tool recorded as its error.
import { type Finding, topSubjects } from '../finding.js';
import { shellCommand } from '../shell-command.js';

export const commandNotFound: Finding = {
  id: 'command-not-found',
  class: 'fix',
  basis: 'measured',
  title: 'Commands not found, and environment noise recorded as errors',
  thresholds: {},
  // Exit code 127 is the shell's "command not found". npm's config warnings print on stderr
  // before anything else, so a failing build records them as its error instead of the real one.
  sql: `
WITH failed AS (
  SELECT t.session_id, t.created_at, t.tool_name, t.error_message, t.duration_ms, trim(${shellCommand('t')}) AS command
  FROM tools t
  WHERE t.success = 0 AND t.category = 'shell'
    AND (t.exit_code = 127 OR t.error_kind = 'Exit code 127' OR t.error_message LIKE '%command not found%'
      OR t.error_message LIKE 'npm warn%' OR t.error_message LIKE 'npm WARN%')
)
SELECT session_id, created_at AS at,
  CASE WHEN error_message LIKE 'npm warn%' OR error_message LIKE 'npm WARN%'
    THEN 'npm config warning'
    ELSE coalesce(nullif(substr(command, 1, instr(command || ' ', ' ') - 1), ''), tool_name) END AS subject,
  substr(error_message, 1, 200) AS detail, NULL AS cost, duration_ms AS ms, NULL AS tokens
FROM failed`,
  advise(hits) {
    const top = topSubjects(hits, 3);
    const noise = top.some((s) => s.subject === 'npm config warning');
    const missing = top.filter((s) => s.subject !== 'npm config warning').map((s) => `\`${s.subject}\``);
    return {
      text:
        (missing.length
          ? `Not found on the agent's PATH: ${missing.join(', ')}. Say how the project runs its tools. `
          : '') +
        (noise
          ? 'npm printed config warnings that became the recorded error of failing commands: remove the unknown keys from .npmrc (or the environment) so the real error shows.'
          : ''),
      target: noise && !missing.length ? '.npmrc' : 'CLAUDE.md / AGENTS.md',
      snippet: missing.length
        ? `- Run tools through the project's environment (e.g. \`uv run ${missing[0]!.replace(/`/g, '')}\`, \`npx ...\`); not on PATH: ${missing.join(', ')}.`
        : '# remove the keys npm warns about ("Unknown env config") from .npmrc',
    };
  },
};
