// MCP tools that fail or time out, by server: a broken or slow server costs a round trip each time the agent tries it.
import { type Finding, topSubjects } from '../finding.js';

export const mcpFailures: Finding = {
  id: 'mcp-failures',
  class: 'fix',
  basis: 'measured',
  title: 'MCP tools that failed or timed out, by server',
  thresholds: {},
  // The server is the name's first part: Claude Code calls a tool mcp__server__tool, Codex and Gemini
  // CLI server__tool, OpenCode server_tool. Calls the user rejected or interrupted, or that a run
  // could not get permission for, say nothing about the server.
  sql: `
WITH failed AS (
  SELECT t.session_id, t.created_at, t.tool_name, t.error_message, t.duration_ms,
    coalesce(t.error_kind, error_kind(t.error_message), 'failed') AS kind,
    CASE WHEN substr(t.tool_name, 1, 5) = 'mcp__' THEN substr(t.tool_name, 6)
      WHEN substr(t.tool_name, 1, 4) = 'mcp_' THEN substr(t.tool_name, 5)
      ELSE t.tool_name END AS name
  FROM tools t
  WHERE t.success = 0 AND (t.category = 'mcp' OR substr(t.tool_name, 1, 5) = 'mcp__')
)
SELECT session_id, created_at AS at,
  CASE WHEN instr(name, '__') > 0 THEN substr(name, 1, instr(name, '__') - 1)
    WHEN instr(name, '_') > 0 THEN substr(name, 1, instr(name, '_') - 1)
    ELSE name END AS subject,
  tool_name || ' (' || kind || '): ' || substr(coalesce(error_message, ''), 1, 160) AS detail,
  NULL AS cost, duration_ms AS ms, NULL AS tokens
FROM failed
WHERE kind NOT IN ('rejected by user', 'interrupted', 'permission denied')`,
  advise(hits) {
    const servers = topSubjects(hits, 5);
    const worst = servers[0]!.subject;
    const timeouts = hits.filter((h) => h.detail?.includes(' (timeout): ')).length;
    return {
      text:
        `MCP calls failed ${hits.length} times: ${servers.map((s) => `${s.subject} ×${s.count}`).join(', ')}` +
        (timeouts ? ` (${timeouts} timed out)` : '') +
        '. Check each server (`claude mcp get <name>`, `/mcp`), then fix its command or credentials, give slow ones more time, or turn off the ones you do not need.',
      target:
        timeouts * 2 >= hits.length
          ? '.claude/settings.json env'
          : '.claude/settings.json (or remove the server from .mcp.json)',
      snippet:
        timeouts * 2 >= hits.length
          ? '{ "env": { "MCP_TOOL_TIMEOUT": "120000" } }'
          : `{ "disabledMcpjsonServers": [${JSON.stringify(worst)}] }`,
    };
  },
};
