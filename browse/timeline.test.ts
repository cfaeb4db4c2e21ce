import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SamplesDb, samplesDb } from '../test/samples-db.fixture.js';
import { renderTimeline, timelineText, toolSummary } from './render-timeline.js';
import { lastSession, loadTimeline, resolveSession, SessionLookupError, type TimelineEvent } from './timeline.js';

// A spotter transcript: an Explore subagent started by a Task call, a compaction, failed Bash calls.
const SPOTTER = '4d5611e5-241a-462a-8d15-5122611a9569';
const TASK_CALL = `${SPOTTER}-toolu_017pLRuPHYTX5t99EnLyV53m`;
const EXPLORE = `${SPOTTER}:a2898e3`;
const OPENCODE_API_ERROR = 'ses_dffe7cc4fffeeyDZb38uCc3U2Z';

let s: SamplesDb;
beforeAll(async () => {
  s = await samplesDb();
});
afterAll(() => s.close());

const opts = { tz: 'UTC', width: 90, color: false, flat: false };
const count = (sql: string, ...args: unknown[]) => (s.db.prepare(sql).get(...args) as { n: number }).n;

describe('a session read back as a timeline', () => {
  it('has every prompt, answer, call, compaction and subagent of the database, in time order', () => {
    const t = loadTimeline(s.db, SPOTTER);
    expect(t.session).toMatchObject({ id: SPOTTER, source: 'claude-code' });
    const of = (type: TimelineEvent['type']) => t.events.filter((e) => e.type === type);
    expect(of('tool')).toHaveLength(count('SELECT count(*) AS n FROM tools WHERE session_id = ?', SPOTTER));
    expect(of('compaction')).toHaveLength(1);
    const texts = count(
      "SELECT count(*) AS n FROM messages WHERE session_id = ? AND text_content <> '' AND role IN ('user', 'assistant')",
      SPOTTER,
    );
    expect(of('prompt').length + of('answer').length).toBe(texts);
    const times = t.events.map((e) => e.at ?? Infinity);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const failed = of('tool').filter((e) => e.type === 'tool' && e.outcome === 'failed');
    expect(failed).toHaveLength(count('SELECT count(*) AS n FROM tools WHERE session_id = ? AND success = 0', SPOTTER));
  });

  it('puts a subagent under the call that started it', () => {
    const t = loadTimeline(s.db, SPOTTER);
    const task = t.events.find((e) => e.id === TASK_CALL);
    expect(task?.type).toBe('tool');
    if (task?.type !== 'tool') return;
    expect(task.subagents.map((x) => x.session.id)).toEqual([EXPLORE]);
    expect(task.subagents[0]!.session.agent_type).toBe('Explore');
    expect(task.subagents[0]!.events.length).toBe(
      count('SELECT count(*) AS n FROM tools WHERE session_id = ?', EXPLORE) +
        count("SELECT count(*) AS n FROM messages WHERE session_id = ? AND text_content <> ''", EXPLORE),
    );
  });

  it('prints the subagent indented after its call, the compaction and the failures in order, within the width', () => {
    const text = timelineText(loadTimeline(s.db, SPOTTER), opts);
    const lines = text.split('\n');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(opts.width);
    const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
    const task = at(/^\S.* Task /);
    const sub = at(/^│ +\S+ Subagent Explore /);
    const compaction = at(/^\S.* Compaction/);
    const firstFailure = at(/^ {4}FAILED/);
    expect(task).toBeGreaterThan(0);
    expect(sub).toBeGreaterThan(task);
    // The subagent's own lines follow, indented, until the parent's timeline goes on.
    expect(lines[sub + 1]).toMatch(/^│ /);
    expect(compaction).toBeGreaterThan(sub);
    expect(firstFailure).toBeGreaterThan(compaction);
    expect(lines.filter((l) => /^ {4}FAILED/.test(l))).toHaveLength(5);
    expect(text).not.toContain('\x1b[');
  });

  it('--flat tells each subagent line by its agent instead of indenting it', () => {
    const text = timelineText(loadTimeline(s.db, SPOTTER), { ...opts, flat: true });
    expect(text).not.toMatch(/^│/m);
    expect(text).toMatch(/^\d\d:\d\d:\d\d \[Explore a2898e3\] Prompt/m);
  });

  it('in JSON and markdown', () => {
    const t = loadTimeline(s.db, SPOTTER);
    const json = JSON.parse(renderTimeline('json', t, opts));
    expect(json.session.id).toBe(SPOTTER);
    expect(json.events).toHaveLength(t.events.length);
    const task = json.events.find((e: { id: string }) => e.id === TASK_CALL);
    expect(task.subagents[0].session.id).toBe(EXPLORE);
    expect(task.at).toMatch(/^2026-02-12T16:02:48\.\d{3}\+00:00$/);
    const md = renderTimeline('markdown', t, opts);
    expect(md).toMatch(/^# /);
    expect(md).toContain(`- **Session:** \`${SPOTTER}\``);
    expect(md).toMatch(/^> ### 16:02:48 Subagent Explore/m);
  });

  it('shows an OpenCode session from the database alone, with its API error', () => {
    const text = timelineText(loadTimeline(s.db, OPENCODE_API_ERROR), opts);
    expect(text).toContain(`Session ${OPENCODE_API_ERROR}`);
    expect(text).toMatch(/API error APIError/);
  });
});

describe('naming a session', () => {
  it('by its id, or the start of it (its subagents do not make it ambiguous)', () => {
    expect(resolveSession(s.db, SPOTTER)).toBe(SPOTTER);
    expect(resolveSession(s.db, '4d5611')).toBe(SPOTTER);
    expect(resolveSession(s.db, EXPLORE)).toBe(EXPLORE);
  });

  it('a prefix of two sessions lists both', () => {
    expect(() => resolveSession(s.db, 'cb')).toThrow(SessionLookupError);
    try {
      resolveSession(s.db, 'cb');
    } catch (err) {
      expect((err as Error).message).toContain('cb2e607c-c758-415a-8b45-c49e4631906a');
      expect((err as Error).message).toContain('cbc0f75b-b36d-4efd-a7da-ac800ea30eb6');
    }
    expect(() => resolveSession(s.db, 'zzz')).toThrow(/no session has an id starting with "zzz"/);
  });

  it('--last: the most recently active top-level session, of a project when given', () => {
    const newest = s.db
      .prepare(
        'SELECT id FROM sessions WHERE parent_session_id IS NULL ORDER BY coalesce(updated_at, created_at) DESC LIMIT 1',
      )
      .get() as { id: string };
    expect(lastSession(s.db, null)).toBe(newest.id);
    const newestOfProject = s.db
      .prepare(
        `SELECT id FROM sessions WHERE parent_session_id IS NULL AND project_name = 'danieldemmel.me-next'
         ORDER BY coalesce(updated_at, created_at) DESC LIMIT 1`,
      )
      .get() as { id: string };
    expect(newestOfProject.id).not.toBe(newest.id);
    expect(lastSession(s.db, 'danieldemmel.me-next')).toBe(newestOfProject.id);
    expect(() => lastSession(s.db, 'no-such-project')).toThrow(SessionLookupError);
  });
});

describe('toolSummary', () => {
  it('names a call by its command, path or pattern', () => {
    expect(toolSummary('{"command":"npm test","description":"run"}')).toBe('npm test');
    expect(toolSummary('{"file_path":"/a/b.ts","old_string":"x"}')).toBe('/a/b.ts');
    expect(toolSummary('{"pattern":"TODO","path":"src"}')).toBe('TODO in src');
    expect(toolSummary('{"todos":[1]}')).toBe('{"todos":[1]}');
    expect(toolSummary('{"command":"cut at 1 KB')).toBe('{"command":"cut at 1 KB');
    expect(toolSummary(null)).toBe('');
  });
});
