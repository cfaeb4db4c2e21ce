import { beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../schema/open-db.js';
import { buildDigest } from './digest.js';
import { PriceBook, SHIPPED_PRICES } from './pricing.js';
import { digestDocument } from './render/digest-document.js';
import { documentMarkdown, documentText } from './render/document.js';
import { documentHtml } from './render/document-html.js';
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
  it('says in one line that a period had no activity', async () => {
    const d = await digestOf(Date.UTC(2020, 0, 1), Date.UTC(2020, 0, 2));
    expect(documentMarkdown(digestDocument(d), 'UTC')).toBe(
      'No agent activity from 2020-01-01 00:00 to 2020-01-02 00:00 (UTC).\n',
    );
    expect(documentText(digestDocument(d), 'UTC').trim().split('\n')).toHaveLength(1);
  });

  it('sums up a busy period, compared with the period before', async () => {
    const d = await digestOf(Date.UTC(2026, 10, 20), Date.UTC(2026, 10, 21));
    expect(d.totals).toMatchObject({
      sessions: 3, // A, C, D (B is on the 21st)
      subagent_sessions: 1,
      projects: 3,
      tool_calls: 10,
      failures: 4,
      total_tokens: 34170,
      unpriced_tokens: 20, // claude-opus-9 has no price: named, and the rest is still summed
      unpriced_models: ['claude-opus-9'],
      compactions: 0,
      api_errors: 0,
    });
    expect(d.totals.cost).toBeCloseTo(0.022125 + 0.0078 + 0.0007 + 0.5, 12);
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
    expect(md).toContain('**4 sessions**, 1 of them a subagent, in **3 projects**');
    expect(md).toContain('10 tool calls, 4 failed (40.0%)');
    expect(md).toContain(
      'Cost: **$0.53**, plus 20 tokens of claude-opus-9 without a price (add it to pricing.json)',
    );
    expect(md).toContain('- **Bash**: 3 of 4 calls failed (75.0%), mostly "Exit code 1". Example: `Exit code 2`');
    expect(md).toContain('| /work/alpha/a.ts | 2 | 2 |');
    expect(md).toContain('The context never filled up.');
    expect(md).toContain('No API errors.');
    expect(md).toContain('- Most failures: "Fix the tests" (alpha), 4 failed tool calls');
  });

  it('shows the change in tokens and cost from the period before, compactions and API errors', async () => {
    const d = await digestOf(Date.UTC(2026, 10, 21), Date.UTC(2026, 10, 22), { project: 'beta' });
    expect(d.totals).toMatchObject({ sessions: 1, total_tokens: 1010, compactions: 1, api_errors: 1 });
    const text = documentText(digestDocument(d), 'UTC');
    expect(text).toContain('Cost: $0.03');
    expect(text).toContain('1 compaction in 1 session, on average at 150,000 tokens');
    expect(text).toContain('- overloaded_error: 1 (e.g. "Overloaded")');
    expect(text).not.toContain('**');

    const both = await digestOf(Date.UTC(2026, 10, 21), Date.UTC(2026, 10, 22), { source: 'claude-code', project: 'beta' });
    expect(both.totals.cost).toBeCloseTo((10 * 5 + 1000 * 25) / 1e6, 12);
    const twoDays = await digestOf(T0 + DAY - 10 * 3_600_000, TB + DAY);
    expect(documentMarkdown(digestDocument(twoDays), 'UTC')).toMatch(/tokens \([+-]\d+% vs the period before\)/);
  });

  it('writes an e-mail body with the same sections, inline styles only, bars made of table cells', async () => {
    const d = await digestOf(Date.UTC(2026, 10, 20), Date.UTC(2026, 10, 22));
    const html = documentHtml(digestDocument(d), 'UTC');
    const md = documentMarkdown(digestDocument(d), 'UTC');
    const headings = (re: RegExp, text: string) => [...text.matchAll(re)].map((m) => m[1]);
    expect(headings(/<h2[^>]*>([^<]+)<\/h2>/g, html)).toEqual(headings(/^## (.+)$/gm, md));
    expect(headings(/<h2[^>]*>([^<]+)<\/h2>/g, html)).toEqual([
      'Projects',
      'Failing tools',
      'Hot files',
      'Compactions',
      'API errors',
      'Notable sessions',
    ]);
    expect(html).not.toMatch(/<script|<svg|<style|<link|\sclass=/);
    expect(html).toContain(`<strong>${d.totals.sessions + d.totals.subagent_sessions} sessions</strong>`);
    // A bar beside each project with tokens, its width in proportion (alpha has the most).
    const projectTable = html.slice(html.indexOf('>Projects</h2>'), html.indexOf('>Failing tools</h2>'));
    const widths = [...projectTable.matchAll(/<td width="(\d+)" style="width:\d+px;height:10px;background/g)].map((m) =>
      Number(m[1]),
    );
    const tokens = d.projects.map((p) => p.tokens as number);
    expect(widths).toEqual(tokens.map((t) => Math.max(1, Math.round((120 * t) / Math.max(...tokens)))));
    expect(html).toContain(
      '<td style="padding:4px 8px;border-bottom:1px solid #d7dce2;text-align:right;vertical-align:top">34,000</td>',
    );
  });

  it('escapes every string of the data in the e-mail body', async () => {
    const d = await digestOf(Date.UTC(2026, 10, 20), Date.UTC(2026, 10, 22));
    const hostile = {
      ...d,
      apiErrors: [{ error_type: '<script>alert(1)</script>', count: 2, example: `"><img src=x onerror=alert('e')>` }],
      hotFiles: [{ file_path: '/w/<b>x</b>.ts', edits: 1, sessions: 1 }],
    };
    const html = documentHtml(digestDocument(hostile), 'UTC');
    expect(html).not.toMatch(/<script|<img|<b>/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(&#39;e&#39;)&gt;');
    expect(html).toContain('/w/&lt;b&gt;x&lt;/b&gt;.ts');
  });

  it('lists what to change: fix and habit findings that are new or growing, with a pointer to insights', async () => {
    const idb = openDb(':memory:');
    registerReportFunctions(idb, new PriceBook({ ...SHIPPED_PRICES }));
    buildInsightsWorld(idb);
    const d = await buildDigest(idb, { ...defaultParams(), since: Date.UTC(2026, 10, 20), until: Date.UTC(2026, 10, 21) });
    expect(d.changes.map((c) => [c.id, c.hits, c.trend])).toEqual([
      ['hook-failures', 6, 'new'],
      ['commit-blocked-by-checks', 3, 'new'],
      ['edit-before-read', 4, 'new'],
    ]);
    const md = documentMarkdown(digestDocument(d), 'UTC');
    expect(md).toContain(
      '## What to change\n\n- **hook-failures** (new: 6 times, 2.2 min): 6 hook runs failed or blocked (4 blocked the agent',
    );
    expect(md).toContain(
      '- **edit-before-read** (new: 4 times): 4 edits or writes failed because the file had not been read',
    );
    expect(md).toContain('`agentlog insights`');
    // the next day has none of it: nothing new or growing, no section
    const next = await buildDigest(idb, { ...defaultParams(), since: Date.UTC(2026, 10, 21), until: Date.UTC(2026, 10, 22) });
    expect(next.changes).toEqual([]);
    expect(
      (await buildDigest(db, { ...defaultParams(), since: Date.UTC(2026, 10, 20), until: Date.UTC(2026, 10, 21) })).changes,
    ).toEqual([]);
    idb.close();
  });
});
