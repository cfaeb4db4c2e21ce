import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultParams } from '../reports/run-report.js';
import type { ReportParams } from '../reports/report.js';
import { migrations } from '../schema/migrations.js';
import { redactRecord } from '../import/redact.js';
import { PriceBook } from '../reports/pricing.js';
import { registerReportFunctions } from '../reports/sql-functions.js';
import { type Db, openDb } from '../schema/open-db.js';
import { Writer } from '../schema/writer.js';
import { prune } from '../schema/prune.js';
import {
  dropSearchIndex,
  indexPendingTexts,
  pendingTexts,
  SEARCH_STEPS,
  unindexed,
  unwrittenRows,
} from '../schema/search-index.js';
import { buildWorld, TB } from '../test/world.fixture.js';
import { type SamplesDb, samplesDb } from '../test/samples-db.fixture.js';
import { markMatches, renderSearch } from './render-search.js';
import { MARK_END, MARK_START, search, type SearchIn } from './search.js';
import { SearchQueryError } from './search-query.js';

const REWRITES = '9e953218-585f-4692-89df-9e0747a31c68';
const OPENCODE_FAIL = 'ses_dffe7faafffel1gz9TlNBDo25W';

let s: SamplesDb;
let imported: { rows: number; documents: number; caughtUp: ReturnType<typeof indexPendingTexts> };
beforeAll(async () => {
  s = await samplesDb();
  // The import writes no documents; `agentlog search` writes and indexes them first.
  const rows = unwrittenRows(s.db);
  const documents = (s.db.prepare('SELECT count(*) AS n FROM search_docs').get() as { n: number }).n;
  imported = { rows, documents, caughtUp: indexPendingTexts(s.db) };
});
afterAll(() => s.close());

const find = (query: string, over: Partial<ReportParams> = {}, inKinds: SearchIn[] = []) =>
  search(s.db, { query, in: inKinds, params: defaultParams({ limit: 20, ...over }) }).sessions;
const ids = (query: string, over: Partial<ReportParams> = {}, inKinds: SearchIn[] = []) =>
  find(query, over, inKinds).map((m) => m.session_id);

/** Every document of the index with what identifies it and its text, in a stable order (ids left out). */
const docs = (db = s.db) =>
  db
    .prepare(
      'SELECT d.kind, d.ref, d.session_id, d.created_at, t.body FROM search_docs d JOIN search_text t USING (id) ORDER BY ref, kind',
    )
    .all();
const ftsIntact = (db = s.db) =>
  db.prepare("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)").run();

/** What `agentlog search` does: index what waits, then search. */
const searchNow = (db: Db, query: string, inKinds: SearchIn[] = []) => {
  indexPendingTexts(db);
  return search(db, { query, in: inKinds, params: defaultParams({ limit: 20 }) }).sessions;
};

describe('agentlog search on the real samples', () => {
  it('finds the session of a known prompt first, with the prompt as its snippet', () => {
    const [best] = find('set up rewrites for the JS and CSS');
    expect(best).toMatchObject({ session_id: REWRITES, project: 'danieldemmel.me-next', source: 'claude-code' });
    expect(best!.title).toMatch(/^Do you think we could set up rewrites/);
    expect(best!.snippets[0]!.kind).toBe('prompt');
    expect(best!.snippets[0]!.text).toContain(`${MARK_START}rewrites${MARK_END}`);
  });

  it('finds an OpenCode session by its prompt and its failed tool', () => {
    expect(ids('SCENARIO_FAIL_TOOL')).toContain(OPENCODE_FAIL);
    const hit = find('SCENARIO_FAIL_TOOL', { source: 'opencode' });
    expect(hit.map((m) => m.source)).toEqual(hit.map(() => 'opencode'));
  });

  it('phrases match words in that order only', () => {
    expect(ids('"set up rewrites"')).toContain(REWRITES);
    expect(ids('"rewrites set up"')).not.toContain(REWRITES);
  });

  it('prefix*, AND, OR and NOT', () => {
    expect(ids('rewrit*')).toContain(REWRITES);
    expect(ids('basePat*')).toContain(REWRITES);
    expect(ids('rewrites AND basePath')).toContain(REWRITES);
    // NOT, like AND, holds within one text: the prompt names basePath, other texts of the session do not.
    expect(ids('"set up rewrites for the JS" NOT basePath')).not.toContain(REWRITES);
    expect(ids('"set up rewrites for the JS" NOT zebra')).toContain(REWRITES);
    const either = ids('basePath OR SCENARIO_FAIL_TOOL');
    expect(either).toContain(REWRITES);
    expect(either).toContain(OPENCODE_FAIL);
  });

  it('searches a word with punctuation as the phrase of its parts', () => {
    const hits = find('next.config.js', {}, ['commands']);
    expect(hits.map((m) => m.session_id)).toContain(REWRITES);
    for (const m of hits) for (const sn of m.snippets) expect(sn.kind).toBe('command');
  });

  it('--project, --source, --since/--until and --in filter the matches', () => {
    expect(ids('rewrites', { project: 'danieldemmel.me-next' })).toEqual([REWRITES]);
    expect(ids('rewrites', { project: 'no-such-project' })).toEqual([]);
    expect(ids('rewrites', { source: 'opencode' })).not.toContain(REWRITES);
    const [best] = find('set up rewrites for the JS and CSS');
    const at = best!.snippets[0]!.at!;
    expect(ids('"set up rewrites for the JS"', { since: at + 1 })).not.toContain(REWRITES);
    expect(ids('"set up rewrites for the JS"', { since: at, until: at + 1 })).toEqual([REWRITES]);
    expect(ids('"set up rewrites for the JS"', {}, ['answers', 'outputs'])).not.toContain(REWRITES);
    const prompts = find('rewrites', {}, ['prompts']);
    expect(prompts.length).toBeGreaterThan(0);
    for (const m of prompts) for (const sn of m.snippets) expect(sn.kind).toBe('prompt');
  });

  it('groups matches by session, best first, at most --limit sessions', () => {
    const all = find('the', { limit: -1 });
    expect(new Set(all.map((m) => m.session_id)).size).toBe(all.length);
    for (let i = 1; i < all.length; i++) expect(all[i]!.score).toBeGreaterThanOrEqual(all[i - 1]!.score);
    expect(find('the', { limit: 3 }).map((m) => m.session_id)).toEqual(all.slice(0, 3).map((m) => m.session_id));
    for (const m of all) {
      expect(m.snippets.length).toBeLessThanOrEqual(3);
      expect(m.matches).toBeGreaterThanOrEqual(m.snippets.length);
    }
  });

  it('marks matches in bold on a terminal and in [brackets] elsewhere; JSON and CSV read back', () => {
    const results = find('rewrites', { limit: 2 });
    const plain = renderSearch('table', results, { tz: 'UTC', width: 80, color: false });
    expect(plain).toContain('[rewrites]');
    expect(plain).not.toContain('\x1b[');
    for (const l of plain.split('\n')) expect(l.length).toBeLessThanOrEqual(80);
    expect(renderSearch('table', results, { tz: 'UTC', width: 80, color: true })).toContain('\x1b[1mrewrites\x1b[22m');
    const json = JSON.parse(renderSearch('json', results, { tz: 'UTC', width: 80, color: false }));
    expect(json[0].session_id).toBe(results[0]!.session_id);
    expect(json[0].snippets[0].text).toBe(markMatches(results[0]!.snippets[0]!.text, false));
    expect(json[0].snippets[0].text).toMatch(/\[rewrites\]/i);
    const nd = renderSearch('ndjson', results, { tz: 'UTC', width: 80, color: false }).trim().split('\n');
    expect(nd.map((l) => JSON.parse(l).session_id)).toEqual(results.map((m) => m.session_id));
    const csv = renderSearch('csv', results, { tz: 'UTC', width: 80, color: false });
    expect(csv.split('\r\n')[0]).toBe('session_id,title,project,source,last_active_at,kind,at,snippet');
    expect(renderSearch('markdown', results, { tz: 'UTC', width: 80, color: false })).toMatch(/\*\*rewrites\*\*/i);
  });

  it('says what is wrong with a query it cannot read', () => {
    expect(() => find('"unclosed')).toThrow(SearchQueryError);
    expect(() => find('AND OR')).toThrow(SearchQueryError);
  });
});

describe('the search index', () => {
  it('is not built by the import: no document is written, and one catch-up writes and indexes them all', () => {
    const documents = (s.db.prepare('SELECT count(*) AS n FROM search_docs').get() as { n: number }).n;
    expect(documents).toBeGreaterThan(1000);
    expect(imported.documents).toBe(0);
    const rows = (t: string) => (s.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    expect(imported.rows).toBe(rows('messages') + rows('tools') + rows('session_errors'));
    expect(imported.caughtUp).toEqual({ written: imported.rows, indexed: documents, left: 0 });
    expect(unwrittenRows(s.db)).toBe(0);
    expect(pendingTexts(s.db)).toBe(0);
    expect(s.db.prepare('SELECT count(*) AS n FROM search_fts_docsize').get()).toEqual({ n: documents });
    ftsIntact();
    expect(indexPendingTexts(s.db)).toEqual({ written: 0, indexed: 0, left: 0 });
  });

  it('is the same after the same files are imported again, read whole', async () => {
    const before = docs();
    expect(before.length).toBeGreaterThan(1000);
    s.db.exec('DELETE FROM import_state');
    const { runImport } = await import('../import/run.js');
    const { CLAUDE_SAMPLES } = await import('../test/samples-db.fixture.js');
    await runImport(s.db, { paths: [CLAUDE_SAMPLES], env: {} });
    expect(docs()).toEqual(before);
    indexPendingTexts(s.db);
    ftsIntact();
    const n = (
      s.db.prepare("SELECT count(*) AS n FROM search_fts WHERE search_fts MATCH 'rewrites'").get() as { n: number }
    ).n;
    expect(n).toBe(
      (s.db.prepare("SELECT count(*) AS n FROM search_text WHERE body LIKE '%rewrites%'").get() as { n: number }).n,
    );
  });

  it('built by the migration for an existing database equals the one the writer keeps', () => {
    const other = openDb(`${s.dir}/copy.db`);
    try {
      other.exec(`ATTACH '${s.file}' AS src`);
      for (const t of ['sessions', 'messages', 'tools', 'session_errors'])
        other.exec(`INSERT INTO main.${t} SELECT * FROM src.${t}`);
      other.exec('DETACH src');
      // Take the search steps back and run them again: they build the index from the rows alone.
      dropSearchIndex(other);
      other.close();
      const again = openDb(`${s.dir}/copy.db`);
      expect(docs(again)).toEqual(docs());
      ftsIntact(again);
      again.close();
    } finally {
      if (other.open) other.close();
    }
  });

  it('answers as the index of 005 did, after 010 converts it: the same sessions, scores and snippets', () => {
    const file = `${s.dir}/before-lean.db`;
    s.db.exec(`VACUUM INTO '${file}'`);
    const queries: [string, Partial<ReportParams>, SearchIn[]][] = [
      ['rewrites', {}, []],
      ['the', { limit: -1 }, []],
      ['next.config.js', {}, ['commands']],
      ['SCENARIO_FAIL_TOOL', {}, []],
      ['error OR failed', { limit: -1 }, ['errors', 'outputs']],
      ['"set up rewrites"', {}, []],
      ['basePat* OR npm', { limit: -1 }, []],
    ];
    const answers = (db: Db) => {
      registerReportFunctions(db, new PriceBook({}));
      return queries.map(([query, over, inKinds]) =>
        search(db, { query, in: inKinds, params: defaultParams({ limit: 20, ...over }) }),
      );
    };
    let db = openDb(file);
    dropSearchIndex(db);
    db.close();
    // Every step but 010 (the later ones stay applied): 005 builds the index as it was.
    db = openDb(file, { migrations: migrations.filter((m) => m.name !== SEARCH_STEPS.at(-1)) });
    const before = answers(db);
    db.close();
    db = openDb(file);
    try {
      expect(answers(db)).toEqual(before);
      expect(before[1]!.sessions.length).toBeGreaterThan(10);
      ftsIntact(db);
    } finally {
      db.close();
    }
  });

  it('holds redacted text as it was stored: a secret is not found, its redaction is', () => {
    const db = openDb(':memory:');
    registerReportFunctions(db, new PriceBook({}));
    const w = new Writer(db, { transform: redactRecord });
    const key = 'sk-ant-api03-' + 'a1B2c3D4e5F6g7H8i9J0'.repeat(4);
    w.begin();
    w.write({ kind: 'session', id: 'sec', source: 'claude-code', created_at: 1, updated_at: 2 });
    w.write({
      kind: 'message',
      id: 'sec-1',
      session_id: 'sec',
      source: 'claude-code',
      role: 'user',
      is_sidechain: false,
      text: `deploy with ANTHROPIC_API_KEY=${key} please`,
      created_at: 1,
    });
    w.commit(null);
    const found = (q: string) => searchNow(db, q).map((m) => m.session_id);
    expect(found('deploy')).toEqual(['sec']);
    expect(found(`"${key}"`)).toEqual([]);
    expect(found('a1B2c3D4e5F6g7H8i9J0*')).toEqual([]);
    expect(found('REDACTED')).toEqual(['sec']);
    db.close();
  });

  it('follows a text that changes in a later transaction, and a result that arrives in one', () => {
    const db = openDb(':memory:');
    registerReportFunctions(db, new PriceBook({}));
    const w = new Writer(db);
    const found = (q: string, inKinds: SearchIn[] = []) =>
      searchNow(db, q, inKinds).map((m) => [m.session_id, m.matches]);
    const file = (...records: Parameters<Writer['write']>[0][]) => {
      w.begin();
      for (const r of records) w.write(r);
      w.commit(null);
    };
    const message = (text: string) =>
      ({
        kind: 'message',
        id: 'm1',
        session_id: 's1',
        source: 'claude-code',
        role: 'assistant',
        is_sidechain: false,
        text,
        created_at: 2,
      }) as const;
    const call = {
      kind: 'tool_call',
      id: 's1-t1',
      call_id: 't1',
      session_id: 's1',
      source: 'claude-code',
      tool_name: 'Bash',
      category: 'shell',
      tool_input: '{"command":"make deploy"}',
      created_at: 3,
    } as const;
    const result = (out: string, error?: string) =>
      ({
        kind: 'tool_result',
        call_id: 't1',
        source: 'claude-code',
        success: error === undefined,
        tool_output: out,
        error_message: error,
        completed_at: 4,
      }) as const;
    file({ kind: 'session', id: 's1', source: 'claude-code', created_at: 1, updated_at: 5 }, message('alpha'), call);
    expect(found('alpha')).toEqual([['s1', 1]]);
    expect(found('deploy', ['commands'])).toEqual([['s1', 1]]);
    expect(found('zebra')).toEqual([]);
    // The answer is rewritten, the result arrives: the old words leave the index, the new ones come in.
    file(message('omega'), result('zebra crossing'));
    expect(found('alpha')).toEqual([]);
    expect(found('omega')).toEqual([['s1', 1]]);
    expect(found('zebra', ['outputs'])).toEqual([['s1', 1]]);
    ftsIntact(db);
    // Changed twice in one transaction, then the same again: indexed once, as last written.
    file(message('first'), message('second'), result('lion', 'lion escaped'));
    file(message('second'), result('lion', 'lion escaped'));
    expect(found('first OR omega OR zebra')).toEqual([]);
    expect(found('second')).toEqual([['s1', 1]]);
    expect(found('lion')).toEqual([['s1', 2]]);
    expect(found('lion', ['errors'])).toEqual([['s1', 1]]);
    expect(db.prepare('SELECT count(*) AS n FROM search_pending').get()).toEqual({ n: 0 });
    ftsIntact(db);
    db.close();
  });

  it('writes the documents of texts that arrive after their rows were searched, as a rebuild from the rows does', () => {
    const file = `${s.dir}/later.db`;
    const db = openDb(file);
    registerReportFunctions(db, new PriceBook({}));
    const w = new Writer(db);
    const write = (...records: Parameters<Writer['write']>[0][]) => {
      w.begin();
      for (const r of records) w.write(r);
      w.commit(null);
    };
    const found = (q: string, inKinds: SearchIn[] = []) => searchNow(db, q, inKinds).map((m) => m.session_id);
    const base = { session_id: 's1', source: 'claude-code' } as const;
    const message = (id: string, text: string, created_at?: number) =>
      ({ ...base, kind: 'message', id, role: 'user', is_sidechain: false, text, created_at }) as const;
    const call = (n: number, input: string) =>
      ({
        ...base,
        kind: 'tool_call',
        id: `s1-t${n}`,
        call_id: `t${n}`,
        tool_name: 'Bash',
        category: 'shell',
        tool_input: input,
        created_at: 3,
      }) as const;
    const result = (n: number, out: string, error?: string) =>
      ({
        kind: 'tool_result',
        call_id: `t${n}`,
        source: 'claude-code',
        success: error === undefined,
        tool_output: out,
        error_message: error,
        completed_at: 4,
      }) as const;
    const apiError = (message?: string, created_at?: number) =>
      ({
        ...base,
        kind: 'session_error',
        id: 'e1',
        error_type: 'api_error',
        error_message: message,
        created_at,
      }) as const;
    write(
      { kind: 'session', id: 's1', source: 'claude-code', created_at: 1, updated_at: 5 },
      message('m1', 'alpha'),
      message('m2', ''),
      message('m3', 'undated'),
      call(1, '{"command":"make deploy"}'),
      call(2, '{"command":"npm test"}'),
      apiError(),
    );
    expect(found('alpha')).toEqual(['s1']);
    // All below the marks now: a result from a later file, a text where there was none, a time where
    // there was none, an API error's message; then rows rewritten in place (as a redaction does).
    write(result(1, 'zebra crossing', 'lion escaped'));
    write(message('m2', 'okapi'), message('m3', 'undated', 7), apiError('overloaded walrus', 8));
    db.prepare("UPDATE messages SET text_content = 'REDACTED' WHERE id = 'm1'").run();
    db.prepare('UPDATE tools SET tool_input = \'{"command":"npm run giraffe"}\' WHERE id = \'s1-t2\'').run();
    // And a call whose result comes in a later file before any search: above the marks, nothing queued.
    write(call(3, '{"command":"ls"}'));
    write(result(3, 'penguin'));
    expect(found('zebra', ['outputs'])).toEqual(['s1']);
    expect(found('lion', ['errors'])).toEqual(['s1']);
    expect(found('giraffe', ['commands'])).toEqual(['s1']);
    expect(found('test', ['commands'])).toEqual([]);
    expect(found('okapi')).toEqual(['s1']);
    expect(found('walrus', ['errors'])).toEqual(['s1']);
    expect(found('penguin', ['outputs'])).toEqual(['s1']);
    expect(found('alpha')).toEqual([]);
    expect(db.prepare('SELECT count(*) AS n FROM search_stale').get()).toEqual({ n: 0 });
    ftsIntact(db);
    const kept = docs(db);
    // The documents the migrations build from the rows alone are the same, times included.
    dropSearchIndex(db);
    db.close();
    const rebuilt = openDb(file);
    try {
      expect(docs(rebuilt)).toEqual(kept);
      expect(kept.filter((d) => ['m3', 'e1'].includes((d as { ref: string }).ref))).toMatchObject([
        { ref: 'e1', created_at: 8 },
        { ref: 'm3', created_at: 7 },
      ]);
    } finally {
      rebuilt.close();
    }
  });

  it('writes the documents in import order, file by file, whatever their table', () => {
    const db = openDb(':memory:');
    const w = new Writer(db);
    for (const n of [1, 2]) {
      w.begin();
      w.write({ kind: 'session', id: 's', source: 'claude-code' });
      w.write({
        kind: 'message',
        id: `m${n}`,
        session_id: 's',
        source: 'claude-code',
        role: 'user',
        is_sidechain: false,
        text: `prompt ${n}`,
      });
      w.write({
        kind: 'tool_call',
        id: `t${n}`,
        call_id: `t${n}`,
        session_id: 's',
        source: 'claude-code',
        tool_name: 'Bash',
        category: 'shell',
        tool_input: `{"command":"run ${n}"}`,
      });
      w.commit(null);
    }
    indexPendingTexts(db, { chunk: 1 });
    expect(db.prepare('SELECT ref FROM search_docs ORDER BY id').pluck().all()).toEqual(['m1', 't1', 'm2', 't2']);
    db.close();
  });

  it('a catch-up killed while it writes documents leaves the same documents, once caught up, as one that was not', () => {
    // Both as an import leaves them: rows, no documents.
    const dbs = [`${s.dir}/killed-docs.db`, `${s.dir}/not-killed-docs.db`].map((f) => {
      const db = openDb(f);
      db.exec(`ATTACH '${s.file}' AS src`);
      for (const t of ['sessions', 'messages', 'tools', 'session_errors'])
        db.exec(`INSERT INTO main.${t} SELECT * FROM src.${t}`);
      db.exec('DETACH src');
      return db;
    });
    const [killed, clean] = dbs as [Db, Db];
    try {
      const rows = unwrittenRows(killed);
      expect(rows).toBeGreaterThan(1000);
      killed.exec(
        `CREATE TEMP TRIGGER killed BEFORE UPDATE ON search_written WHEN new.tools > 300 BEGIN SELECT RAISE(ABORT, 'killed'); END`,
      );
      expect(() => indexPendingTexts(killed, { chunk: 100 })).toThrow(/killed/);
      expect(killed.inTransaction).toBe(false);
      expect(unwrittenRows(killed)).toBeLessThan(rows);
      killed.exec('DROP TRIGGER killed');
      indexPendingTexts(killed, { chunk: 100 });
      indexPendingTexts(clean);
      expect(unindexed(killed) + unindexed(clean)).toBe(0);
      expect(docs(killed)).toEqual(docs(clean));
      ftsIntact(killed);
    } finally {
      killed.close();
      clean.close();
    }
  });

  it('loses the entries of pruned sessions', () => {
    const db = openDb(':memory:');
    buildWorld(db);
    const sessionsOf = () =>
      (db.prepare('SELECT DISTINCT session_id AS id FROM search_docs ORDER BY 1').all() as { id: string }[]).map(
        (r) => r.id,
      );
    indexPendingTexts(db);
    expect(sessionsOf().length).toBeGreaterThan(1);
    prune(db, TB, false);
    expect(sessionsOf()).toEqual(['sess-b']);
    indexPendingTexts(db);
    const left = db.prepare('SELECT count(*) AS n FROM search_docs').get() as { n: number };
    const indexed = db.prepare('SELECT count(*) AS n FROM search_fts_docsize').get() as { n: number };
    expect(indexed.n).toBe(left.n);
    ftsIntact(db);
    db.close();
  });

  it('indexed late, follows what changed and what was pruned while it waited', () => {
    const db = openDb(':memory:');
    registerReportFunctions(db, new PriceBook({}));
    const w = new Writer(db);
    const file = (...records: Parameters<Writer['write']>[0][]) => {
      w.begin();
      for (const r of records) w.write(r);
      w.commit(null);
    };
    const session = (id: string) =>
      ({ kind: 'session', id, source: 'claude-code', created_at: 1, updated_at: 5 }) as const;
    const message = (id: string, session_id: string, text: string) =>
      ({
        kind: 'message',
        id,
        session_id,
        source: 'claude-code',
        role: 'user',
        is_sidechain: false,
        text,
        created_at: 2,
      }) as const;
    file(session('s1'), message('m1', 's1', 'alpha'), session('old'));
    file(message('m1', 's1', 'omega'), message('m2', 'old', 'alpha'));
    db.prepare('UPDATE sessions SET created_at = 0, updated_at = 0 WHERE id = ?').run('old');
    prune(db, 1, false);
    // Nothing searched yet: two documents written, one rewritten, the other pruned; none indexed.
    expect(db.prepare('SELECT count(*) AS n FROM search_fts_docsize').get()).toEqual({ n: 0 });
    expect(pendingTexts(db)).toBe(1);
    const found = (q: string) => searchNow(db, q).map((m) => m.session_id);
    expect(found('alpha')).toEqual([]);
    expect(found('omega')).toEqual(['s1']);
    ftsIntact(db);
    db.close();
  });

  it('a catch-up rolled back midway leaves the same answers, once caught up, as one that was not', () => {
    const file = `${s.dir}/rolled-back.db`;
    const clean = `${s.dir}/not-rolled-back.db`;
    s.db.exec(`VACUUM INTO '${file}'`);
    const queries = ['rewrites', 'the', 'basePat* OR npm', 'error OR failed', 'SCENARIO_FAIL_TOOL'];
    const answers = (db: Db) => {
      registerReportFunctions(db, new PriceBook({}));
      return queries.map((q) => search(db, { query: q, in: [], params: defaultParams({ limit: -1 }) }));
    };
    // Both copies as an import leaves them: every document queued, none indexed.
    fs.copyFileSync(file, clean);
    for (const f of [file, clean]) {
      const db = openDb(f);
      db.exec(
        `INSERT INTO search_fts (search_fts) VALUES ('delete-all'); INSERT INTO search_pending SELECT id FROM search_docs`,
      );
      db.close();
    }
    const db = openDb(file);
    const docs = pendingTexts(db);
    // A chunk fails after FTS5 took its texts, as a kill would stop it: the two chunks before it stay.
    const third = (db.prepare('SELECT id FROM search_pending ORDER BY id LIMIT 1 OFFSET 250').get() as { id: number })
      .id;
    db.exec(
      `CREATE TEMP TRIGGER killed BEFORE DELETE ON search_pending WHEN old.id = ${third} BEGIN SELECT RAISE(ABORT, 'killed'); END`,
    );
    expect(() => indexPendingTexts(db, { chunk: 100 })).toThrow(/killed/);
    expect(db.inTransaction).toBe(false);
    expect(pendingTexts(db)).toBe(docs - 200);
    db.exec('DROP TRIGGER killed');
    expect(indexPendingTexts(db, { chunk: 100 })).toEqual({ written: 0, indexed: docs - 200, left: 0 });
    ftsIntact(db);
    const other = openDb(clean);
    try {
      expect(indexPendingTexts(other)).toEqual({ written: 0, indexed: docs, left: 0 });
      expect(answers(db)).toEqual(answers(other));
      expect(answers(other)[1]!.sessions.length).toBeGreaterThan(10);
    } finally {
      db.close();
      other.close();
    }
  });

  it('leaves the texts queued while another process writes the database, and searches what is indexed', () => {
    const file = `${s.dir}/busy.db`;
    s.db.exec(`VACUUM INTO '${file}'`);
    const db = openDb(file);
    registerReportFunctions(db, new PriceBook({}));
    const importing = openDb(file);
    try {
      const w = new Writer(db);
      w.begin();
      w.write({ kind: 'session', id: 'late', source: 'claude-code', created_at: 1, updated_at: 2 });
      w.write({
        kind: 'message',
        id: 'late-1',
        session_id: 'late',
        source: 'claude-code',
        role: 'user',
        is_sidechain: false,
        text: 'rewrites zanzibar',
        created_at: 1,
      });
      w.commit(null);
      importing.exec('BEGIN IMMEDIATE');
      expect(indexPendingTexts(db, { busyTimeoutMs: 0 })).toEqual({ written: 0, indexed: 0, left: 1 });
      const found = search(db, { query: 'rewrites', in: [], params: defaultParams({ limit: -1 }) }).sessions;
      expect(found.map((m) => m.session_id)).toContain(REWRITES);
      expect(found.map((m) => m.session_id)).not.toContain('late');
      importing.exec('ROLLBACK');
      // A read-only connection (a file this user cannot write) never tries.
      const reader = openDb(file, { readonly: true });
      expect(indexPendingTexts(reader)).toEqual({ written: 0, indexed: 0, left: 1 });
      reader.close();
      expect(indexPendingTexts(db)).toEqual({ written: 1, indexed: 1, left: 0 });
      expect(searchNow(db, 'zanzibar').map((m) => m.session_id)).toEqual(['late']);
    } finally {
      importing.close();
      db.close();
    }
  });
});
