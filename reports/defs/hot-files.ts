// The files the agent keeps editing.
import { inRange, rowInSessions } from '../filters.js';
import type { Report } from '../report.js';
import { unfiltered } from '../rolled-tools.js';

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

export const hotFiles: Report = {
  name: 'hot-files',
  title: 'Hot files',
  description: 'Files edited or created most often, in how many sessions, and when last.',
  defaultLimit: 20,
  sql: (p) =>
    unfiltered(p)
      ? ROLLED
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
