// Hooks that block, fail or time out again and again: each run costs the agent a turn or the user a wait.
import { type Finding, topSubjects } from '../finding.js';

/** `Event:Matcher [command]`, the subject the SQL builds, taken apart for the settings snippet. */
const SUBJECT = /^([^:[\s]+)(?::(\S+))?(?: \[(.*)\])?$/;

export const hookFailures: Finding = {
  id: 'hook-failures',
  class: 'fix',
  basis: 'measured',
  title: 'Hooks that block, fail or time out',
  thresholds: {},
  // Minutes: the hook's own run time where the transcript records it; for a Stop hook that blocked,
  // also the rest of the turn it forced (until the turn's recorded end), which ran only because of it.
  sql: `
SELECT session_id, at, subject, detail, NULL AS cost,
  CASE WHEN duration_ms IS NULL AND forced_ms IS NULL THEN NULL
    ELSE coalesce(duration_ms, 0) + coalesce(forced_ms, 0) END AS ms,
  NULL AS tokens
FROM (
  SELECT h.session_id AS session_id, h.created_at AS at,
    coalesce(h.hook_name, h.event, 'hook') || coalesce(' [' || h.command || ']', '') AS subject,
    h.outcome || coalesce(': ' || substr(h.error_message, 1, 200), '') AS detail,
    h.duration_ms AS duration_ms,
    CASE WHEN h.outcome = 'blocking_error' AND h.event IN ('Stop', 'SubagentStop') THEN
      (SELECT min(t.created_at) FROM turns t WHERE t.session_id = h.session_id AND t.created_at >= h.created_at)
        - h.created_at END AS forced_ms
  FROM hook_events h
) AS runs`,
  advise(hits) {
    const top = topSubjects(hits, 3);
    const blocking = hits.filter((h) => h.detail?.startsWith('blocking_error')).length;
    const minutes = hits.reduce((n, h) => n + (h.ms ?? 0), 0) / 60_000;
    const [, event = 'PostToolUse', matcher, command] = SUBJECT.exec(top[0]!.subject) ?? [];
    const entry = {
      ...(matcher ? { matcher } : {}),
      hooks: [{ type: 'command', command: command ?? '<the command>', timeout: 60 }],
    };
    return {
      text:
        `${hits.length} hook runs failed or blocked (${blocking} blocked the agent, ${minutes.toFixed(1)} minutes): ` +
        `${top.map((s) => `\`${s.subject}\` ${s.count}×`).join(', ')}. ` +
        'Fix or remove a hook that fails on its own (an error, a timeout); for a check that keeps blocking, ' +
        'have the agent run it before it edits or stops (CLAUDE.md), so the hook passes the first time.',
      target: '.claude/settings.json `hooks`',
      snippet: `"hooks": { "${event}": [${JSON.stringify(entry)}] }`,
    };
  },
};
