// Search latency on a database of a million messages, and the size of its index beside the database's.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MAX_RANKED, prepareForSearch, search } from '../browse/search.js';
import { ftsQuery } from '../browse/search-query.js';
import { PriceBook } from '../reports/pricing.js';
import { defaultParams } from '../reports/run-report.js';
import { registerReportFunctions } from '../reports/sql-functions.js';
import { migrations } from '../schema/migrations.js';
import { openDb } from '../schema/open-db.js';
import { dropSearchIndex, indexPendingTexts } from '../schema/search-index.js';
import { prng } from './corpus.js';
import { type Measure, percentile } from './measure.js';

const SESSIONS = 5000;
const SYLLABLES =
  'ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo fu ga ge gi go gu ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu za ze zi zo zu'.split(
    ' ',
  );
/** A planted phrase, in one prompt of a thousand: the "where did we set that up" question. */
const PHRASE = 'set up rewrites for the basePath';

/** Words ranked by frequency (Zipf, as in real text): the first ones are everywhere, the later ones rare. */
function vocabulary(n: number): string[] {
  const r = prng(11);
  const words = new Set<string>();
  while (words.size < n) {
    let w = '';
    const k = 1 + Math.floor(r() * 4);
    for (let i = 0; i < k; i++) w += SYLLABLES[Math.floor(r() * SYLLABLES.length)];
    words.add(w);
  }
  return [...words];
}

function zipfSampler(n: number, s: number, r: () => number): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / Math.pow(i + 1, s);
  return () => {
    const x = r() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const WORDS = vocabulary(40_000);

/**
 * A database of `messages` messages (a prompt for every three answers, 5 to 60 words each) and a
 * tool call for every four messages (a command and its output), over 5,000 sessions and a year.
 * Rows go in with plain INSERTs, then the search step of the schema builds the index the way it
 * does for an existing database. Made once and kept in the temp folder.
 */
export function searchDb(messages = 1_000_000): { file: string; buildMs: number | null; firstSearchMs: number | null } {
  const file = path.join(
    os.tmpdir(),
    `agentlog-bench-search-${messages}-${migrations.length}-${migrations.at(-1)!.sql.length}.db`,
  );
  if (fs.existsSync(file)) return { file, buildMs: null, firstSearchMs: null };
  const r = prng(5);
  const zipf = zipfSampler(WORDS.length, 1.07, r);
  const text = (lo: number, hi: number) => {
    const n = lo + Math.floor(r() * (hi - lo + 1));
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(WORDS[zipf()]!);
    return out.join(' ');
  };
  const tmp = `${file}.tmp`;
  for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) fs.rmSync(f, { force: true });
  const db = openDb(tmp);
  // Without the search steps: the rows of a database from before them.
  dropSearchIndex(db);
  const session = db.prepare(
    `INSERT INTO sessions (id, source, title, project_name, project_path, model, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'claude-sonnet-4-5-20250929', ?, ?)`,
  );
  const message = db.prepare(
    'INSERT INTO messages (id, session_id, source, role, text_content, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const tool = db.prepare(
    `INSERT INTO tools (id, source, call_id, session_id, tool_name, category, tool_input, tool_output, success, created_at)
     VALUES (?, ?, ?, ?, 'Bash', 'shell', ?, ?, 1, ?)`,
  );
  const start = Date.UTC(2025, 10, 1);
  const perSession = messages / SESSIONS;
  db.transaction(() => {
    for (let s = 0; s < SESSIONS; s++) {
      const sid = `s${s}`;
      const source = s % 10 === 0 ? 'opencode' : 'claude-code';
      const t0 = start + Math.floor(r() * 365 * 86_400_000);
      session.run(sid, source, text(4, 10), `p${s % 40}`, `/w/p${s % 40}`, t0, t0 + perSession * 5000);
      for (let i = 0; i < perSession; i++) {
        const at = t0 + i * 5000;
        const prompt = i % 4 === 0;
        let body = prompt ? text(5, 40) : text(10, 60);
        if (prompt && r() < 0.001) body = `${text(2, 6)} ${PHRASE} ${text(2, 6)}`;
        message.run(`${sid}-m${i}`, sid, source, prompt ? 'user' : 'assistant', body, at);
        if (i % 4 === 1)
          tool.run(
            `${sid}-t${i}`,
            source,
            `c${s}-${i}`,
            sid,
            JSON.stringify({ command: `npm run ${WORDS[zipf()]} -- ${WORDS[zipf()]}`, description: text(3, 8) }),
            text(10, 40),
            at + 100,
          );
      }
    }
  })();
  db.close();
  const t0 = performance.now();
  openDb(tmp).close(); // applies the search steps: builds search_docs and its FTS5 index
  const buildMs = performance.now() - t0;
  // As an import leaves them: rows without documents, none indexed; then what the first search does
  // (the documents queued first, so that their delete trigger has no words to take out).
  const queued = openDb(tmp);
  queued.exec(`INSERT INTO search_fts (search_fts) VALUES ('delete-all');
    INSERT INTO search_pending SELECT id FROM search_docs;
    DELETE FROM search_docs;
    UPDATE search_written SET messages = 0, tools = 0, session_errors = 0`);
  const t1 = performance.now();
  indexPendingTexts(queued);
  const firstSearchMs = performance.now() - t1;
  queued.close();
  fs.renameSync(tmp, file);
  for (const ext of ['-wal', '-shm']) fs.rmSync(`${tmp}${ext}`, { force: true });
  return { file, buildMs, firstSearchMs };
}

const mb = (bytes: number) => bytes / 1048576;

export function benchSearch(messages = 1_000_000, runs = 5): Measure[] {
  const { file, buildMs, firstSearchMs } = searchDb(messages);
  const db = openDb(file);
  registerReportFunctions(db, new PriceBook({}));
  prepareForSearch(db);
  const out: Measure[] = [];
  try {
    const messages = (db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;
    const docs = (db.prepare('SELECT count(*) AS n FROM search_docs').get() as { n: number }).n;
    const rows = `${messages.toLocaleString('en-US')} messages, ${docs.toLocaleString('en-US')} documents`;
    if (buildMs !== null)
      out.push({ name: 'search: index built by the schema steps', value: buildMs / 1000, unit: 's', detail: rows });
    if (firstSearchMs !== null)
      out.push({
        name: 'search: the first search writes and indexes every text an import left',
        value: firstSearchMs / 1000,
        unit: 's',
        detail: `${rows}; the searches below run on the index built so`,
      });
    const last90Days =
      (db.prepare('SELECT max(created_at) AS t FROM messages').get() as { t: number }).t - 90 * 86_400_000;
    const cases: [string, string, Partial<Parameters<typeof defaultParams>[0]>][] = [
      ['a rare word', WORDS[20_000]!, {}],
      ['a word in 1 text of 140', WORDS[300]!, {}],
      ['a planted phrase', `"${PHRASE}"`, {}],
      ['a prefix', `${WORDS[2000]!.slice(0, 5)}*`, {}],
      ['two words AND, one project, last 90 days', `${WORDS[30]} ${WORDS[60]}`, { project: 'p7', since: last90Days }],
      ['the most common word (worst case)', WORDS[0]!, {}],
    ];
    for (const [label, query, over] of cases) {
      const times: number[] = [];
      let sessions = 0;
      let capped = false;
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        const found = search(db, { query, in: [], params: defaultParams({ limit: 20, ...over }) });
        sessions = found.sessions.length;
        capped = found.capped;
        times.push(performance.now() - t0);
      }
      const matches = (
        db.prepare('SELECT count(*) AS n FROM search_fts WHERE search_fts MATCH ?').get(ftsQuery(query)) as {
          n: number;
        }
      ).n;
      out.push({
        name: `search ${label}, median`,
        value: percentile(times, 50),
        unit: 'ms',
        target: 200,
        detail: `${query}: ${matches.toLocaleString('en-US')} matching texts${capped ? ` (the newest ${MAX_RANKED.toLocaleString('en-US')} ranked)` : ''}, ${sessions} sessions shown; ${rows}; ${runs} runs`,
      });
    }
    const size = (like: string) =>
      (db.prepare('SELECT coalesce(sum(pgsize), 0) AS n FROM dbstat WHERE name LIKE ?').get(like) as { n: number }).n;
    const index = size('search_%') + size('sqlite_autoindex_search_docs%');
    const total = fs.statSync(file).size;
    out.push({
      name: 'search index size (search_docs + search_fts)',
      value: mb(index),
      unit: 'MB',
      detail: `database ${mb(total).toFixed(0)} MB, the index ${((100 * index) / total).toFixed(0)}% of it; FTS5 alone ${mb(size('search_fts%')).toFixed(0)} MB`,
    });
  } finally {
    db.close();
  }
  return out;
}
