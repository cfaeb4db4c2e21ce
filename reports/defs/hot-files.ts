// The files the agent keeps editing.
import { inRange, rowInSessions } from '../filters.js';
import type { Report, ReportParams } from '../report.js';
import { insideRange, onlyBounded, outsideRows, readsOutside, unfiltered } from '../rolled-tools.js';

// Every edit: the roll-up's rows per file and session, read in its key's order (no sort, no distinct).
const ROLLED = `
SELECT r.file_path AS file_path, sum(r.n) AS edits, count(*) AS sessions, max(r.last_edited) AS last_edited
FROM file_edit_rollup r
GROUP BY r.file_path
ORDER BY edits DESC, last_edited DESC, file_path
LIMIT :limit`;

/**
 * `kind` is the operation type as the WHERE clause reads it: the column, so that every edit is read
 * from file_operations_edits, or for a time range an expression no index has, so that the planner
 * reads the range from file_operations_range instead of every edit ever made.
 */
// An edit, read through an expression so that the planner takes a time range of file_operations_range.
const EDITED = "(t.operation_type || '') IN ('edited', 'created')";

const sql = (kind: string) => `
SELECT o.file_path AS file_path,
  count(*) AS edits,
  count(DISTINCT o.session_id) AS sessions,
  max(o.created_at) AS last_edited
FROM file_operations o
WHERE ${kind} IN ('edited', 'created') AND ${inRange('o.created_at')} AND ${rowInSessions('o.session_id')}
GROUP BY o.file_path
ORDER BY edits DESC, last_edited DESC, file_path
LIMIT :limit`;

// A range alone, when it covers most edits: the roll-up's rows per file and session, in its key's order,
// less the edits outside the range; a pair with edits after the range has its last one in the range
// looked up. Otherwise (the roll-up side is then an empty range of its key: a NULL bound) the edits
// in the range, counted.
const inRangeOf = (p: ReportParams) => `
WITH outside AS MATERIALIZED (
  SELECT file_path, session_id, sum(n) AS n, max(later) AS later FROM (
    ${outsideRows(
      p,
      'file_operations',
      `t.file_path, t.session_id, 1 AS n, ${p.until === null ? '0' : 'CASE WHEN t.created_at >= :until THEN 1 ELSE 0 END'} AS later`,
      EDITED,
    )}
  ) AS o GROUP BY file_path, session_id
),
rolled AS (
  SELECT r.file_path, sum(r.n - coalesce(o.n, 0)) AS edits, count(*) AS sessions,
    max(CASE WHEN o.later = 1 THEN (SELECT max(e.created_at) FROM file_operations e
      WHERE e.operation_type IN ('edited', 'created') AND e.file_path = r.file_path AND e.session_id = r.session_id
        AND ${inRange('e.created_at')}) ELSE r.last_edited END) AS last_edited
  FROM file_edit_rollup r LEFT JOIN outside o ON o.file_path = r.file_path AND o.session_id = r.session_id
  WHERE r.file_path >= CASE WHEN ${readsOutside(p, 'file_operations')} THEN '' END AND r.n > coalesce(o.n, 0)
  GROUP BY r.file_path
)
SELECT file_path, edits, sessions, last_edited FROM rolled
UNION ALL
SELECT t.file_path, count(*), count(DISTINCT t.session_id), max(t.created_at)
FROM file_operations t WHERE ${EDITED} AND ${insideRange(p, 'file_operations')}
GROUP BY t.file_path
ORDER BY edits DESC, last_edited DESC, file_path
LIMIT :limit`;

export const hotFiles: Report = {
  name: 'hot-files',
  title: 'Hot files',
  description: 'Files edited or created most often, in how many sessions, and when last.',
  defaultLimit: 20,
  sql: (p) =>
    unfiltered(p)
      ? ROLLED
      : onlyBounded(p)
        ? inRangeOf(p)
        : p.since === null && p.until === null
        ? sql('o.operation_type')
        : sql("(o.operation_type || '')"),
  columns: [
    { key: 'file_path', label: 'File', type: 'text' },
    { key: 'edits', label: 'Edits', type: 'int' },
    { key: 'sessions', label: 'Sessions', type: 'int' },
    { key: 'last_edited', label: 'Last edited', type: 'datetime', drop: 1 },
  ],
  roles: {
    file_path: 'category',
    edits: { role: 'measure', unit: 'edits' },
    sessions: { role: 'measure', unit: 'sessions' },
  },
  page: { order: 40 },
};
