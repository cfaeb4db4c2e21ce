// One session read back from the database as a timeline: its header, then every prompt, answer,
// tool call, compaction and API error in order, with its subagents under the calls that started them.
import { summedCost } from '../reports/filters.js';
import type { Db } from '../schema/open-db.js';

export class SessionLookupError extends Error {}

export interface SessionHeader {
  id: string;
  source: string;
  title: string | null;
  agent_type: string | null;
  project_name: string | null;
  project_path: string | null;
  git_branch: string | null;
  model: string | null;
  cli_version: string | null;
  started_at: number | null;
  ended_at: number | null;
  duration_ms: number | null;
  status: string | null;
  end_reason: string | null;
  prompt_tokens: number;
  completion_tokens: number;
  cache_write_tokens: number;
  cache_read_tokens: number;
  /** Null when a model of the session has no price. */
  cost: number | null;
  message_count: number;
  tool_call_count: number;
}

export type TimelineEvent =
  | { type: 'prompt' | 'answer'; at: number | null; id: string; model: string | null; text: string }
  | {
      type: 'tool';
      at: number | null;
      id: string;
      tool_name: string;
      category: string;
      input: string | null;
      /** ok, failed, or unknown while no result was seen. */
      outcome: 'ok' | 'failed' | 'unknown';
      exit_code: number | null;
      duration_ms: number | null;
      output: string | null;
      error: string | null;
      /** Subagents this call started. */
      subagents: Timeline[];
    }
  | {
      type: 'compaction';
      at: number | null;
      id: string;
      kind: string;
      trigger: string | null;
      tokens_before: number | null;
      tokens_after: number | null;
    }
  | {
      type: 'api_error';
      at: number | null;
      id: string;
      error_type: string;
      status_code: number | null;
      retry_count: number | null;
      message: string | null;
    }
  | { type: 'subagent'; at: number | null; id: string; subagent: Timeline };

export interface Timeline {
  session: SessionHeader;
  events: TimelineEvent[];
}

const HEADER = `
SELECT s.id, s.source, s.title, s.agent_type, s.project_name, s.project_path, s.git_branch, s.model, s.cli_version,
  s.created_at AS started_at, coalesce(s.ended_at, s.updated_at) AS ended_at,
  coalesce(s.ended_at, s.updated_at) - s.created_at AS duration_ms, s.status, s.end_reason,
  s.prompt_tokens, s.completion_tokens, s.cache_write_tokens, s.cache_read_tokens,
  (SELECT ${summedCost('m')} FROM messages m WHERE m.session_id = s.id) AS cost,
  s.message_count, s.tool_call_count
FROM sessions s WHERE s.id = ?`;

/**
 * The id of the session SESSION names: itself, or the one session whose id starts with it. No
 * match, or several, is a SessionLookupError that lists them.
 */
export function resolveSession(db: Db, ref: string): string {
  if (db.prepare('SELECT 1 FROM sessions WHERE id = ?').get(ref)) return ref;
  const found = db
    .prepare(
      `SELECT id, title, parent_session_id FROM sessions WHERE substr(id, 1, length(:ref)) = :ref
       ORDER BY created_at DESC, id LIMIT 21`,
    )
    .all({ ref }) as { id: string; title: string | null; parent_session_id: string | null }[];
  // A session's prefix also starts its subagents' ids (<session>:<agent>): those go with it.
  const ids = new Set(found.map((s) => s.id));
  const tops = found.filter((s) => !s.parent_session_id || !ids.has(s.parent_session_id));
  if (tops.length === 1 && found.length <= 20) return tops[0]!.id;
  if (found.length === 0)
    throw new SessionLookupError(
      `no session has an id starting with "${ref}" (find one with \`agentlog search\` or \`agentlog report sessions\`)`,
    );
  const list = tops
    .slice(0, 20)
    .map((s) => `  ${s.id}${s.title ? `  ${s.title.replace(/\s+/g, ' ').slice(0, 60)}` : ''}`)
    .join('\n');
  throw new SessionLookupError(
    `"${ref}" is the start of ${found.length > 20 ? 'more than 20' : tops.length} session ids; give more of it:\n${list}`,
  );
}

/** The most recently active top-level session (of the project, when given: a name or a path). */
export function lastSession(db: Db, project: string | null): string {
  const row = db
    .prepare(
      `SELECT id FROM sessions WHERE parent_session_id IS NULL
         AND (:project IS NULL OR project_name = :project OR project_path = :project)
       ORDER BY coalesce(updated_at, created_at) DESC, id DESC LIMIT 1`,
    )
    .get({ project }) as { id: string } | undefined;
  if (!row)
    throw new SessionLookupError(
      project === null
        ? 'no session in the database yet: run `agentlog import` first'
        : `no session of project ${project}`,
    );
  return row.id;
}

type Row = Record<string, unknown>;
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

/** How close (ms) a subagent's start must follow the call that started it to be placed under it. */
const SUBAGENT_START_SLACK = 60_000;

/**
 * The session's timeline; subagents are nested under the agent-category call (Task, Agent, task)
 * that started last before them, else placed at their start time.
 */
export function loadTimeline(db: Db, id: string): Timeline {
  const header = db.prepare(HEADER).get(id) as SessionHeader | undefined;
  if (!header) throw new SessionLookupError(`no session ${id}`);
  const events: TimelineEvent[] = [];

  for (const m of db
    .prepare(
      `SELECT id, role, model, text_content, created_at FROM messages
       WHERE session_id = ? AND role IN ('user', 'assistant') AND text_content IS NOT NULL AND text_content <> ''`,
    )
    .all(id) as Row[])
    events.push({
      type: m.role === 'user' ? 'prompt' : 'answer',
      at: num(m.created_at),
      id: String(m.id),
      model: str(m.model),
      text: String(m.text_content),
    });

  for (const t of db
    .prepare(
      `SELECT id, tool_name, category, tool_input, success, exit_code, duration_ms, tool_output, error_message, created_at
       FROM tools WHERE session_id = ?`,
    )
    .all(id) as Row[])
    events.push({
      type: 'tool',
      at: num(t.created_at),
      id: String(t.id),
      tool_name: String(t.tool_name),
      category: String(t.category),
      input: str(t.tool_input),
      outcome: t.success === null ? 'unknown' : Number(t.success) === 1 ? 'ok' : 'failed',
      exit_code: num(t.exit_code),
      duration_ms: num(t.duration_ms),
      output: str(t.tool_output),
      error: str(t.error_message),
      subagents: [],
    });

  for (const c of db
    .prepare(
      'SELECT id, kind, trigger, tokens_before, tokens_after, created_at FROM compaction_events WHERE session_id = ?',
    )
    .all(id) as Row[])
    events.push({
      type: 'compaction',
      at: num(c.created_at),
      id: String(c.id),
      kind: String(c.kind),
      trigger: str(c.trigger),
      tokens_before: num(c.tokens_before),
      tokens_after: num(c.tokens_after),
    });

  for (const e of db
    .prepare(
      'SELECT id, error_type, status_code, retry_count, error_message, created_at FROM session_errors WHERE session_id = ?',
    )
    .all(id) as Row[])
    events.push({
      type: 'api_error',
      at: num(e.created_at),
      id: String(e.id),
      error_type: String(e.error_type),
      status_code: num(e.status_code),
      retry_count: num(e.retry_count),
      message: str(e.error_message),
    });

  events.sort(byTime);

  const calls = events.filter(
    (e): e is Extract<TimelineEvent, { type: 'tool' }> => e.type === 'tool' && e.category === 'agent',
  );
  const taken = new Set<string>();
  for (const sub of db
    .prepare('SELECT id, created_at FROM sessions WHERE parent_session_id = ? ORDER BY created_at, id')
    .all(id) as Row[]) {
    const timeline = loadTimeline(db, String(sub.id));
    const start = num(sub.created_at);
    const call =
      start === null
        ? undefined
        : calls
            .filter((c) => c.at !== null && c.at <= start && start - c.at <= SUBAGENT_START_SLACK && !taken.has(c.id))
            .at(-1);
    if (call) {
      taken.add(call.id);
      call.subagents.push(timeline);
    } else events.push({ type: 'subagent', at: start, id: String(sub.id), subagent: timeline });
  }
  events.sort(byTime);
  return { session: header, events };
}

// Same time: the prompt before the answer, the answer before its calls, then what followed.
const TYPE_ORDER: Record<TimelineEvent['type'], number> = {
  prompt: 0,
  answer: 1,
  tool: 2,
  subagent: 3,
  api_error: 4,
  compaction: 5,
};

function byTime(a: TimelineEvent, b: TimelineEvent): number {
  const ta = a.at ?? Number.MAX_SAFE_INTEGER;
  const tb = b.at ?? Number.MAX_SAFE_INTEGER;
  return ta - tb || TYPE_ORDER[a.type] - TYPE_ORDER[b.type] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
