// How often the context window fills up: compactions per session, or per day with --by day.
import { inRange, modelFilter, sessionFilter } from '../filters.js';
import type { Report } from '../report.js';

const where = `${inRange('c.created_at')} AND ${sessionFilter('s')} AND ${modelFilter('s.model')}`;

const BY_SESSION = `
SELECT c.session_id AS session_id, max(s.title) AS title,
  count(CASE WHEN c.kind = 'compact' THEN 1 END) AS compaction_count,
  count(CASE WHEN c.kind = 'microcompact' THEN 1 END) AS microcompactions,
  round(avg(CASE WHEN c.kind = 'compact' THEN c.tokens_before END)) AS avg_tokens_before,
  max(c.created_at) AS last_compacted
FROM compaction_events c JOIN sessions s ON s.id = c.session_id
WHERE ${where}
GROUP BY c.session_id
ORDER BY compaction_count DESC, last_compacted DESC, c.session_id
LIMIT :limit`;

const BY_DAY = `
SELECT local_bucket(c.created_at, 'day', :tz) AS day,
  count(CASE WHEN c.kind = 'compact' THEN 1 END) AS compaction_count,
  count(CASE WHEN c.kind = 'microcompact' THEN 1 END) AS microcompactions,
  count(DISTINCT c.session_id) AS sessions,
  round(avg(CASE WHEN c.kind = 'compact' THEN c.tokens_before END)) AS avg_tokens_before
FROM compaction_events c JOIN sessions s ON s.id = c.session_id
WHERE ${where}
GROUP BY day
ORDER BY day
LIMIT :limit`;

export const compactions: Report = {
  name: 'compactions',
  title: 'Compactions',
  description: 'Context compactions per session (or per day with --by day) and the average tokens before each.',
  option: { name: 'by', description: 'group by', choices: ['session', 'day'], default: 'session' },
  defaultLimit: 20,
  sql: (p) => (p.by === 'day' ? BY_DAY : BY_SESSION),
  columns: (p) =>
    p.by === 'day'
      ? [
          { key: 'day', label: 'Day', type: 'date' },
          { key: 'compaction_count', label: 'Compactions', type: 'int' },
          { key: 'microcompactions', label: 'Microcompactions', type: 'int' },
          { key: 'sessions', label: 'Sessions', type: 'int' },
          { key: 'avg_tokens_before', label: 'Avg tokens before', type: 'int' },
        ]
      : [
          { key: 'session_id', label: 'Session', type: 'text' },
          { key: 'title', label: 'Title', type: 'text' },
          { key: 'compaction_count', label: 'Compactions', type: 'int' },
          { key: 'microcompactions', label: 'Microcompactions', type: 'int', drop: 2 },
          { key: 'avg_tokens_before', label: 'Avg tokens before', type: 'int', drop: 1 },
          { key: 'last_compacted', label: 'Last', type: 'datetime' },
        ],
  roles: {
    day: 'time',
    compaction_count: { role: 'measure', unit: 'compactions' },
    avg_tokens_before: { role: 'measure', unit: 'tokens', average: true },
  },
  page: { order: 60, by: 'day', limit: -1 },
};
