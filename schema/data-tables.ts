// The tables import fills, named once: the import summary, prune, dumps and tests take them from here.

/** The tables of imported records, each row keyed by `id`; sessions first, then what belongs to a session. */
export const RECORD_TABLES = [
  'sessions',
  'messages',
  'tools',
  'file_operations',
  'session_errors',
  'compaction_events',
  'hook_events',
  'turns',
] as const;
export type RecordTable = (typeof RECORD_TABLES)[number];

/** The tables `agentlog push` copies to a team database and team reports read, parents first. */
export const PUSHED_TABLES = [...RECORD_TABLES, 'permission_events'] as const;
export type PushedTable = (typeof PUSHED_TABLES)[number];

/** The tables whose rows belong to one session (`session_id`), and go with it. */
export const SESSION_CHILD_TABLES = RECORD_TABLES.filter(
  (t): t is Exclude<RecordTable, 'sessions'> => t !== 'sessions',
);

/** Every data table, each with the key that orders its rows (tool results still waiting for their call too). */
export const DATA_TABLES: Readonly<Record<RecordTable | 'pending_tool_results', string>> = {
  ...(Object.fromEntries(RECORD_TABLES.map((t) => [t, 'id'])) as Record<RecordTable, string>),
  pending_tool_results: 'source, call_id',
};
