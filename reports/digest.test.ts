import { beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../schema/open-db.js';
import { buildDigest } from './digest.js';
import { PriceBook, SHIPPED_PRICES } from './pricing.js';
import { digestDocument } from './render/digest-document.js';
import { documentMarkdown, documentText } from './render/document.js';
import { defaultParams } from './run-report.js';
import { registerReportFunctions } from './sql-functions.js';
import { buildWorld, T0, TB } from '../test/world.fixture.js';
import { buildInsightsWorld } from '../test/insights-world.fixture.js';

let db: Db;
beforeAll(() => {
  db = openDb(':memory:');
  registerReportFunctions(db, new PriceBook({ ...SHIPPED_PRICES }));
  buildWorld(db);
});

const DAY = 86_400_000;
const digestOf = (since: number, until: number, over = {}) => buildDigest(db, { ...defaultParams(over), since, until });

describe('digest', () => {
  it('says in one line that a period had no activity', () => {
    const d = digestOf(Date.UTC(2020, 0, 1), Date.UTC(2020, 0, 2));
    expect(documentMarkdown(digestDocument(d), 'UTC')).toBe(
      'No agent activity from 2020-01-01 00:00 to 2020-01-02 00:00 (UTC).\n',
    );
    expect(documentText(digestDocument(d), 'UTC').trim().split('\n')).toHaveLength(1);
  });

  it('sums up a busy period, compared with the period before', () => {
    const d = digestOf(Date.UTC(2026, 10, 20), Date.UTC(2026, 10, 21));
    expect(d.totals).toMatchObject({
      sessions: 3, // A, C, D (B is on the 21st)
      subagent_sessions: 1,
      projects: 3,
      tool_calls: 10,
      failures: 4,
      total_tokens: 34170,
      cost: null, // claude-opus-9 has no price
      compactions: 0,
      api_errors: 0,
    });
    expect(d.previous.total_tokens).toBe(0);
    expect(d.failingTools.map((t) => [t.tool_name, t.failures, t.top_error])).toEqual([
      ['Bash', 3, 'Exit code 1'],
      ['Edit', 1, 'String to replace not found'],
    ]);
    expect(d.failingTools[0]!.example).toBe('Exit code 2'); // the latest Bash failure
    expect(d.hotFiles.map((f) => f.file_path)).toEqual(['/work/alpha/a.ts', '/work/alpha/b.ts']);
    expect(d.notable.mostFailures).toMatchObject({ id: 'sess-a', value: 4 });
    expect(d.notable.mostExpensive).toMatchObject({ id: 'sess-c', value: 0.5 });
    expect(d.notable.longest).toMatchObject({ id: 'sess-a', value: 3_600_000 });

    const md = documentMarkdown(digestDocument(d), 'UTC');
    expect(md).toMatch(/^# agentlog digest: 2026-11-20 00:00 to 2026-11-21 00:00 \(UTC\)/);
    expect(md).toContain('**3 sessions** (and 1 subagents) in **3 projects**');
    expect(md).toContain('10 tool calls, 4 failed (40.0%)');
    expect(md).toContain('Cost: cost unknown (a model has no price)');
    expect(md).toContain('- **Bash**: 3 of 4 calls failed (75.0%), mostly "Exit code 1". Example: `Exit code 2`');
    expect(md).toContain('| /work/alpha/a.ts | 2 | 2 |');
    expect(md).toContain('The context never filled up.');
    expect(md).toContain('No API errors.');
    expect(md).toContain('- Most failures: "Fix the tests" (alpha), 4 failed tool calls');
  });

  it('shows the change in tokens and cost from the period before, compactions and API errors', () => {
    const d = digestOf(Date.UTC(2026, 10, 21), Date.UTC(2026, 10, 22), { project: 'beta' });
    expect(d.totals).toMatchObject({ sessions: 1, total_tokens: 1010, compactions: 1, api_errors: 1 });
    const text = documentText(digestDocument(d), 'UTC');
    expect(text).toContain('Cost: $0.03');
    expect(text).toContain('1 compaction in 1 session, on average at 150,000 tokens');
    expect(text).toContain('- overloaded_error: 1 (e.g. "Overloaded")');
    expect(text).not.toContain('**');

    const both = digestOf(Date.UTC(2026, 10, 21), Date.UTC(2026, 10, 22), { source: 'claude-code', project: 'beta' });
    expect(both.totals.cost).toBeCloseTo((10 * 5 + 1000 * 25) / 1e6, 12);
    const twoDays = digestOf(T0 + DAY - 10 * 3_600_000, TB + DAY);
    expect(documentMarkdown(digestDocument(twoDays), 'UTC')).toMatch(/tokens \([+-]\d+% vs the period before\)/);
  });

  it('lists what to change: fix and habit findings that are new or growing, with a pointer to insights', () => {
    const idb = openDb(':memory:');
    registerReportFunctions(idb, new PriceBook({ ...SHIPPED_PRICES }));
    buildInsightsWorld(idb);
    const d = buildDigest(idb, { ...defaultParams(), since: Date.UTC(2026, 10, 20), until: Date.UTC(2026, 10, 21) });
    expect(d.changes.map((c) => [c.id, c.hits, c.trend])).toEqual([['edit-before-read', 4, 'new']]);
    const md = documentMarkdown(digestDocument(d), 'UTC');
    expect(md).toContain(
      '## What to change\n\n- **edit-before-read** (new: 4 times): 4 edits or writes failed because the file had not been read',
    );
    expect(md).toContain('`agentlog insights`');
    // the next day has none of it: nothing new or growing, no section
    const next = buildDigest(idb, { ...defaultParams(), since: Date.UTC(2026, 10, 21), until: Date.UTC(2026, 10, 22) });
    expect(next.changes).toEqual([]);
    expect(
      buildDigest(db, { ...defaultParams(), since: Date.UTC(2026, 10, 20), until: Date.UTC(2026, 10, 21) }).changes,
    ).toEqual([]);
    idb.close();
  });
});
