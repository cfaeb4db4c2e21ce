import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Source } from '../agents/names.js';
import { agents } from '../agents/registry.js';
import { runImport } from '../import/run.js';
import { RECORD_TABLES } from './data-tables.js';
import { type Db, openDb } from './open-db.js';
import { AnyRecord } from './records.js';
import { indexPendingTexts } from './search-index.js';
import { Writer } from './writer.js';

let db: Db;
let writer: Writer;
beforeEach(() => {
  db = openDb(':memory:');
  writer = new Writer(db, { validate: (r) => AnyRecord.parse(r) });
});

function write(...records: AnyRecord[]) {
  writer.begin();
  for (const r of records) writer.write(r);
  writer.commit(null);
}
const session = (extra: Partial<Extract<AnyRecord, { kind: 'session' }>> = {}): AnyRecord => ({
  kind: 'session',
  id: 's1',
  source: 'claude-code',
  ...extra,
});
const ROOT = path.resolve(__dirname, '..');
const row = (sql: string, ...args: unknown[]) => db.prepare(sql).get(...args) as Record<string, unknown>;

describe('sessions', () => {
  it('follow event time for status: a start applied late never undoes the end that came after it', () => {
    // SessionEnd wrote directly; the SessionStart before it waited in the spool and arrives now.
    write(session({ updated_at: 2000, ended_at: 2000, status: 'ended', end_reason: 'exit' }));
    write(session({ created_at: 1000, updated_at: 1000, status: 'active' }));
    expect(row('SELECT status, end_reason, created_at, updated_at, ended_at FROM sessions')).toEqual({
      status: 'ended',
      end_reason: 'exit',
      created_at: 1000,
      updated_at: 2000,
      ended_at: 2000,
    });
    // A start after the end (a resumed session) is active again.
    write(session({ updated_at: 3000, status: 'active' }));
    expect(row('SELECT status FROM sessions')).toEqual({ status: 'active' });
  });

  it('writes created_at once, moves updated_at forward, never overwrites with null', () => {
    write(session({ created_at: 100, updated_at: 100, git_branch: 'main', cli_version: '1.0' }));
    write(
      session({ created_at: 50, updated_at: 300 }),
      session({ created_at: 400, updated_at: 200, cli_version: '2.0' }),
    );
    expect(row('SELECT * FROM sessions')).toMatchObject({
      created_at: 100,
      updated_at: 300,
      git_branch: 'main',
      cli_version: '2.0',
    });
  });

  it('keeps the title of the highest rank; the first prompt wins among prompts, the last among names', () => {
    write(session({ title: 'first prompt', title_rank: 1 }), session({ title: 'second prompt', title_rank: 1 }));
    expect(row('SELECT title FROM sessions').title).toBe('first prompt');
    write(session({ title: 'summary', title_rank: 2 }), session({ title: 'prompt again', title_rank: 1 }));
    expect(row('SELECT title FROM sessions').title).toBe('summary');
    write(session({ title: 'renamed', title_rank: 4 }), session({ title: 'ai title', title_rank: 3 }));
    write(session({ title: 'renamed again', title_rank: 4 }));
    expect(row('SELECT title FROM sessions').title).toBe('renamed again');
  });

  it('applies a patch_only record only to a session that exists by commit time', () => {
    write(session({ id: 'ghost', title: 'x', title_rank: 2, patch_only: true }));
    expect(row('SELECT count(*) AS n FROM sessions').n).toBe(0);
    write(session({ title: 'early', title_rank: 2, patch_only: true }), session({ created_at: 1 }));
    expect(row('SELECT title FROM sessions').title).toBe('early');
  });
});

describe('messages', () => {
  const msg = (extra: Partial<Extract<AnyRecord, { kind: 'message' }>>): AnyRecord => ({
    kind: 'message',
    id: 'm1',
    session_id: 's1',
    source: 'claude-code',
    role: 'assistant',
    is_sidechain: false,
    ...extra,
  });

  it('joins the text of parts once each, in order, however often they are written', () => {
    const parts = [msg({ text: 'Hello', part_id: 'p1' }), msg({ text: 'world', part_id: 'p2' })];
    write(session(), ...parts);
    write(session(), ...parts, msg({ text: 'Hello', part_id: 'p1' }));
    expect(row('SELECT text_content, part_ids FROM messages')).toEqual({
      text_content: 'Hello\nworld',
      part_ids: 'p1,p2',
    });
  });

  it('keeps the largest usage of a response, and sums sessions from their messages', () => {
    write(
      session(),
      msg({ prompt_tokens: 3, completion_tokens: 9, cache_read_tokens: 100, cache_write_tokens: 10 }),
      msg({ prompt_tokens: 3, completion_tokens: 250, cache_read_tokens: 100, cache_write_tokens: 10 }),
      msg({ prompt_tokens: 3, completion_tokens: 1, cache_read_tokens: 0, cache_write_tokens: 0 }),
      msg({
        id: 'm2',
        prompt_tokens: 1,
        completion_tokens: 1,
        cache_read_tokens: 1,
        cache_write_tokens: 1,
        model: 'opus',
      }),
    );
    expect(row("SELECT completion_tokens, tokens FROM messages WHERE id = 'm1'")).toEqual({
      completion_tokens: 250,
      tokens: 363,
    });
    expect(row('SELECT * FROM sessions')).toMatchObject({
      prompt_tokens: 4,
      completion_tokens: 251,
      cache_read_tokens: 101,
      cache_write_tokens: 11,
      message_count: 2,
      model: 'opus',
    });
  });

  it('rejects a record that breaks its schema', () => {
    writer.begin();
    expect(() => writer.write({ ...msg({}), role: 'robot' } as unknown as AnyRecord)).toThrow();
    writer.rollback();
  });
});

describe('tools', () => {
  const call = (extra: Partial<Extract<AnyRecord, { kind: 'tool_call' }>> = {}): AnyRecord => ({
    kind: 'tool_call',
    id: 's1-t1',
    call_id: 't1',
    session_id: 's1',
    source: 'claude-code',
    tool_name: 'Write',
    category: 'edit',
    file_path: '/p/a.ts',
    file_operation: 'edited',
    created_at: 1000,
    ...extra,
  });
  const result = (extra: Partial<Extract<AnyRecord, { kind: 'tool_result' }>> = {}): AnyRecord => ({
    kind: 'tool_result',
    call_id: 't1',
    source: 'claude-code',
    success: true,
    tool_output: 'ok',
    completed_at: 1250,
    ...extra,
  });

  it('pairs a result written in a later transaction with its call, with duration and file operation', () => {
    write(session(), call());
    expect(row('SELECT success FROM tools').success).toBeNull();
    write(result({ file_operation: 'created' }));
    expect(row('SELECT success, duration_ms, file_operation FROM tools')).toEqual({
      success: 1,
      duration_ms: 250,
      file_operation: 'created',
    });
    expect(row('SELECT file_path, operation_type, tool_id FROM file_operations')).toEqual({
      file_path: '/p/a.ts',
      operation_type: 'created',
      tool_id: 's1-t1',
    });
    // Re-importing the call keeps what the result said.
    write(session(), call(), result());
    expect(row('SELECT file_operation FROM tools').file_operation).toBe('created');
    expect(row('SELECT count(*) AS n FROM file_operations').n).toBe(1);
  });

  it('counts a call once even when another session repeats it, and a failure stays a failure', () => {
    write(session(), call(), result({ success: false, error_message: 'Exit code 1' }));
    write(session({ id: 's2' }), call({ id: 's2-t1', session_id: 's2' }), result());
    expect(row('SELECT count(*) AS n, min(success) AS s, error_message FROM tools')).toEqual({
      n: 1,
      s: 0,
      error_message: 'Exit code 1',
    });
    expect(row('SELECT count(*) AS n FROM file_operations').n).toBe(0);
  });

  it('counts each session’s calls, failures and edits, also when results come in a later file or first', () => {
    const counts = () => row('SELECT tool_call_count, failure_count, edit_count FROM sessions WHERE id = ?', 's1');
    // A call, its result in a later file (no session record in that file), then one failing there too.
    write(session(), call(), call({ id: 's1-t2', call_id: 't2', file_path: undefined, file_operation: undefined }));
    expect(counts()).toEqual({ tool_call_count: 2, failure_count: 0, edit_count: 0 });
    write(result());
    expect(counts()).toEqual({ tool_call_count: 2, failure_count: 0, edit_count: 1 });
    write(result({ call_id: 't2', success: false, error_message: 'Exit code 1' }));
    expect(counts()).toEqual({ tool_call_count: 2, failure_count: 1, edit_count: 1 });
    // A result before its call, and a file operation record of its own in a file without its session.
    write(result({ call_id: 't3', file_operation: 'created' }));
    write(call({ id: 's1-t3', call_id: 't3', file_path: '/p/b.ts' }));
    write({
      kind: 'file_operation',
      id: 'op1',
      session_id: 's1',
      source: 'claude-code',
      file_path: '/p/c.ts',
      operation_type: 'edited',
      created_at: 2000,
    });
    expect(counts()).toEqual({ tool_call_count: 3, failure_count: 1, edit_count: 3 });
    // Importing it all again changes nothing.
    write(session(), call(), result(), result({ call_id: 't2', success: false }));
    expect(counts()).toEqual({ tool_call_count: 3, failure_count: 1, edit_count: 3 });
  });

  it('keeps a result that arrives before its call, and applies it when the call comes', () => {
    write(result({ call_id: 't1', file_operation: 'created' }));
    expect(row('SELECT count(*) AS n FROM tools').n).toBe(0);
    expect(row('SELECT count(*) AS n FROM pending_tool_results').n).toBe(1);
    write(session(), call());
    expect(row('SELECT success, file_operation, duration_ms FROM tools')).toEqual({
      success: 1,
      file_operation: 'created',
      duration_ms: 250,
    });
    expect(row('SELECT count(*) AS n FROM file_operations').n).toBe(1);
    expect(row('SELECT count(*) AS n FROM pending_tool_results').n).toBe(0);
  });

  it('applies a result that another connection parked between two files of this one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-writer-'));
    try {
      const file = path.join(dir, 'a.db');
      const mine = openDb(file);
      const w = new Writer(mine);
      w.begin();
      w.write(session()); // the writer reads the parked results here: none
      w.commit(null);
      const theirs = openDb(file);
      const other = new Writer(theirs);
      other.begin();
      other.write(result({ call_id: 't1', file_operation: 'created' }));
      other.commit(null);
      theirs.close();
      w.begin();
      w.write(call());
      w.commit(null);
      expect(mine.prepare('SELECT success, file_operation FROM tools').get()).toEqual({
        success: 1,
        file_operation: 'created',
      });
      expect(mine.prepare('SELECT count(*) AS n FROM pending_tool_results').get()).toEqual({ n: 0 });
      mine.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('transactions', () => {
  it('leaves nothing behind when a file is rolled back', () => {
    writer.begin();
    writer.write(session());
    writer.rollback();
    expect(row('SELECT count(*) AS n FROM sessions').n).toBe(0);
    expect(() => writer.write(session())).toThrow(/outside begin/);
  });

  it('give the connection its own page cache back after a small one, committed or rolled back', () => {
    const own = db.pragma('cache_size', { simple: true });
    for (const end of [() => writer.commit(null), () => writer.rollback()]) {
      writer.begin();
      writer.smallCache();
      expect(db.pragma('cache_size', { simple: true })).toBe(-2000);
      writer.write(session());
      end();
      expect(db.pragma('cache_size', { simple: true })).toBe(own);
    }
  });
});

describe('import state', () => {
  it('is loaded by the writer inside the file transaction and saved with its commit', () => {
    const state = {
      path: '/x/a.jsonl',
      source: 'claude-code',
      parser_version: 1,
      size: 10,
      mtime_ms: 5,
      offset: 10,
      lines: 2,
      head_hash: 'h',
      tail_hash: 't',
      bad_lines: 0,
      cursor: null,
      imported_at: 1,
    };
    expect(writer.stateOf(state.path)).toBeNull();
    expect(writer.begin(state.path)).toBeNull();
    writer.commit(state);
    expect(writer.stateOf(state.path)).toEqual(state);
    expect(writer.stateMarks()).toEqual(new Map([[state.path, { parser_version: 1, size: 10, mtime_ms: 5 }]]));
    expect(writer.begin(state.path)).toEqual(state);
    writer.rollback();
  });
});

// The agent contract (agents/contract.ts) says how ids stay unique across agents. Each agent's
// fixtures go into a database of their own (in one database an upsert would hide a collision), then
// no id of any table may appear under two sources.
describe('ids across agents', () => {
  const FIXTURES: Record<string, string[]> = {
    'claude-code': [path.join(ROOT, 'fixtures/demo/claude/projects'), path.join(ROOT, 'fixtures/samples/claude')],
    opencode: [
      path.join(ROOT, 'fixtures/samples/opencode/opencode-1.18.33-sqlite/opencode.db'),
      path.join(ROOT, 'fixtures/samples/opencode/opencode-1.1.65-json-storage/storage'),
    ],
    codex: [path.join(ROOT, 'fixtures/samples/codex')],
    gemini: [path.join(ROOT, 'fixtures/samples/gemini')],
  };

  it('every agent in the registry has fixtures here, and no two agents write the same id', async () => {
    expect(Object.keys(FIXTURES).sort()).toEqual(agents.map((a) => a.source).sort());
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const [source, paths] of Object.entries(FIXTURES)) {
      const own = openDb(':memory:');
      const summary = await runImport(own, { paths, sources: [source as Source], env: {} });
      expect(summary.imported).toBeGreaterThan(0);
      for (const table of RECORD_TABLES) {
        const ids = own.prepare(`SELECT id, source FROM ${table}`).all() as { id: string; source: string }[];
        expect(ids.every((r) => r.source === source)).toBe(true);
        for (const { id } of ids) {
          const key = `${table}:${id}`;
          const seen = owner.get(key);
          if (seen && seen !== source) clashes.push(`${key} (${seen}, ${source})`);
          owner.set(key, source);
        }
      }
      own.close();
    }
    expect(owner.size).toBeGreaterThan(1000);
    expect(clashes).toEqual([]);
  });
});

// The writer folds the records of one row in JS (row-merge.ts) when the row is new, and upserts them
// one by one when it is not. Both must store the same: the same random records written as two files
// and as one transaction per record (where every record after a row's first is an upsert) compare
// equal, table by table, and count the same new rows.
describe('rows folded in JS', () => {
  function random(seed: number) {
    let s = seed;
    return () => {
      s = (s * 1103515245 + 12345) % 2147483648;
      return s / 2147483648;
    };
  }
  /** Seeds past 40 give no session a status: a stored session's records then fold into one upsert. */
  function records(seed: number): AnyRecord[] {
    const rnd = random(seed);
    const status = (v: 'active' | 'ended' | undefined) => (seed > 40 ? undefined : v);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const maybe = <T>(v: T): T | undefined => (rnd() < 0.5 ? v : undefined);
    const time = () => maybe(1000 + Math.floor(rnd() * 50) * 10);
    const out: AnyRecord[] = [{ kind: 'session', id: 's1', source: 'claude-code' }];
    for (let i = 0; i < 80; i++) {
      const k = rnd();
      if (k < 0.2) {
        out.push({
          kind: 'session',
          id: 's1',
          source: 'claude-code',
          parent_session_id: maybe(pick(['p1', 'p2'])),
          agent_type: maybe(pick(['a', 'b'])),
          title: maybe(pick(['', 'first', 'second', 'third'])),
          title_rank: maybe(1 + Math.floor(rnd() * 4)),
          project_path: maybe(pick(['/a', '/b'])),
          git_branch: maybe(pick(['', 'main', 'dev'])),
          model: maybe(pick(['m1', 'm2'])),
          status: status(maybe(pick(['active', 'ended'] as const))),
          end_reason: maybe(pick(['exit', 'clear'])),
          transcript_path: maybe(pick(['/t1', '/t2'])),
          created_at: time(),
          updated_at: time(),
          ended_at: rnd() < 0.3 ? time() : undefined,
        });
      } else if (k < 0.6) {
        const usage = rnd() < 0.6;
        out.push({
          kind: 'message',
          id: pick(['m1', 'm2', 'm3']),
          session_id: 's1',
          source: 'claude-code',
          role: pick(['user', 'assistant'] as const),
          model: maybe(pick(['m1', 'm2'])),
          text: maybe(pick(['', 'alpha', 'beta', 'gamma'])),
          part_id: maybe(pick(['p1', 'p2', 'p3'])),
          prompt_tokens: usage ? Math.floor(rnd() * 100) : undefined,
          completion_tokens: usage ? maybe(Math.floor(rnd() * 100)) : undefined,
          cache_read_tokens: usage ? maybe(Math.floor(rnd() * 100)) : undefined,
          cost: maybe(pick([0.5, 0.25, 1.125])),
          is_sidechain: false,
          is_api_error: maybe(rnd() < 0.3),
          request_id: maybe(pick(['r1', 'r2'])),
          created_at: time(),
          completed_at: time(),
        });
      } else if (k < 0.8) {
        const n = pick(['1', '2', '3', '4']);
        out.push({
          kind: 'tool_call',
          id: `s1-t${n}`,
          call_id: `t${n}`,
          session_id: 's1',
          source: 'claude-code',
          message_id: maybe(pick(['m1', 'm2'])),
          tool_name: 'Write',
          category: 'edit',
          tool_input: maybe(pick(['{"a":"x"}', 'plain'])),
          file_path: maybe(pick(['/p/a.ts', '/p/b.ts'])),
          file_operation: maybe(pick(['edited', 'created'] as const)),
          created_at: time(),
        });
      } else {
        const failed = rnd() < 0.3;
        out.push({
          kind: 'tool_result',
          call_id: `t${pick(['1', '2', '3', '4'])}`,
          source: 'claude-code',
          success: !failed,
          tool_output: maybe(pick(['', 'out1', 'out2'])),
          error_message: failed ? maybe(pick(['e1', 'e2'])) : undefined,
          exit_code: maybe(pick([0, 1, 2])),
          duration_ms: rnd() < 0.2 ? Math.floor(rnd() * 100) : undefined,
          file_operation: maybe(pick(['edited', 'created'] as const)),
          completed_at: time(),
        });
      }
    }
    return out;
  }
  // search_docs.id only says in which order documents were written, and a document's time is its
  // row's time when the document was first written, at a search: it follows the transactions.
  const dump = (d: Db) => {
    indexPendingTexts(d);
    return {
      ...Object.fromEntries(
        [...RECORD_TABLES, 'pending_tool_results'].map((t) => [t, d.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()]),
      ),
      search: d
        .prepare(
          'SELECT d.kind, d.ref, d.session_id, t.body FROM search_docs d JOIN search_text t USING (id) ORDER BY ref, kind',
        )
        .all(),
    };
  };

  it('store what the upserts store, record by record', () => {
    for (let seed = 1; seed <= 80; seed++) {
      const recs = records(seed);
      const folded = openDb(':memory:');
      const one = new Writer(folded, { validate: (r) => AnyRecord.parse(r) });
      // Two files: the second one's rows are mostly stored already, and take the upserts.
      for (const part of [recs.slice(0, 50), recs.slice(50)]) {
        one.begin();
        for (const r of part) one.write(r);
        one.commit(null);
      }
      const upserted = openDb(':memory:');
      const each = new Writer(upserted, { validate: (r) => AnyRecord.parse(r) });
      for (const r of recs) {
        each.begin();
        each.write(r);
        each.commit(null);
      }
      expect(one.added.messages).toBe((folded.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n);
      expect(one.added).toEqual(each.added);
      expect(dump(folded)).toEqual(dump(upserted));
      folded.close();
      upserted.close();
    }
  });

  it('store the same when a file’s records are written in several batches', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const recs = records(seed);
      const written = (batch?: number) => {
        const d = openDb(':memory:');
        const w = new Writer(d, { validate: (r) => AnyRecord.parse(r), batch });
        for (const part of [recs.slice(0, 50), recs.slice(50)]) {
          w.begin();
          for (const r of part) w.write(r);
          w.commit(null);
        }
        const out = { added: { ...w.added }, tables: dump(d) };
        d.close();
        return out;
      };
      // One batch per file, as the default holds these; then rows split across batches every way.
      const whole = written();
      for (const batch of [1, 2, 3, 7, 16]) expect(written(batch)).toEqual(whole);
    }
  });
});
