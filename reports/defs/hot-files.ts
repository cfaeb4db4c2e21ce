// The files the agent keeps editing.
import { inRange, rowInSessions } from '../filters.js';
import type { Report } from '../report.js';

export const hotFiles: Report = {
  name: 'hot-files',
  title: 'Hot files',
  description: 'Files edited or created most often, in how many sessions, and when last.',
  defaultLimit: 20,
  sql: `
SELECT o.file_path AS file_path,
  count(*) AS edits,
  count(DISTINCT o.session_id) AS sessions,
  max(o.created_at) AS last_edited
FROM file_operations o
WHERE o.operation_type IN ('edited', 'created') AND ${inRange('o.created_at')} AND ${rowInSessions('o.session_id')}
GROUP BY o.file_path
ORDER BY edits DESC, last_edited DESC, file_path
LIMIT :limit`,
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
