// Tables that fit: measured at 80 and 120 columns, with whole values in every machine format.
import { describe, expect, it } from 'vitest';
import type { Column } from '../report.js';
import { render } from './renderers.js';
import { renderTable } from './table.js';
import { shortenMiddle, textWidth } from './text-width.js';

const columns: Column[] = [
  { key: 'id', label: 'Session', type: 'text' },
  { key: 'title', label: 'Title', type: 'text' },
  { key: 'path', label: 'Project path', type: 'text', drop: 1 },
  { key: 'agent', label: 'Agent', type: 'text', drop: 2 },
  { key: 'calls', label: 'Tool calls', type: 'int' },
  { key: 'tokens', label: 'Tokens', type: 'int' },
  { key: 'cost', label: 'Cost', type: 'money' },
];
const LONG_TITLE = 'Refactor the importer so that every transcript is read once, then check the totals twice';
const LONG_PATH = '/home/someone/work/clients/acme/very/deep/monorepo/packages/importer/src';
const rows = [
  { id: '12a546d1-0b43-4c2e-9a7f-5e1cdb340b43', title: LONG_TITLE, path: LONG_PATH, agent: 'claude-code', calls: 1234, tokens: 12_345_678, cost: 15.84 },
  { id: 'ses_9f8e7d6c5b4a', title: 'short', path: '/tmp/x', agent: 'opencode', calls: 7, tokens: 46_000, cost: null },
];
const opts = { tz: 'UTC' };
const widths = (text: string) => text.split('\n').map(textWidth);

describe('table width', () => {
  it('at 80 columns: no line is wider, numbers stay whole, text is shortened in the middle, dropped columns named', () => {
    const { text, dropped } = renderTable(rows, columns, { ...opts, width: 80 });
    for (const w of widths(text)) expect(w).toBeLessThanOrEqual(80);
    expect(dropped).toEqual(['Agent']); // the column of least value first, and only what is needed
    expect(text).toContain('1,234');
    expect(text).toContain('12.3M'); // compact units once the terminal is narrow
    expect(text).toContain('$15.84');
    expect(text).not.toContain(LONG_TITLE);
    expect(text).toMatch(/Refac[^│]*…[^│]*twice/); // the start and the end kept
    const out = render('table', rows, columns, { ...opts, width: 80 });
    expect(out.split('\n').at(-1)).toBe('Left out to fit 80 columns: Agent (--wide shows every column).');
    const tiny = renderTable(rows, columns, { ...opts, width: 60 });
    expect(tiny.dropped).toEqual(['Agent', 'Project path']);
  });

  it('at 120 columns: fewer columns dropped, still within the width', () => {
    const { text, dropped } = renderTable(rows, columns, { ...opts, width: 120 });
    for (const w of widths(text)) expect(w).toBeLessThanOrEqual(120);
    expect(dropped).toEqual([]);
    expect(text).toContain('Tool calls');
  });

  it('--wide and output that is not a terminal show every column and whole values', () => {
    for (const o of [{ ...opts, width: 80, wide: true }, opts]) {
      const { text, dropped } = renderTable(rows, columns, o);
      expect(dropped).toEqual([]);
      expect(text).toContain(LONG_TITLE);
      expect(text).toContain(LONG_PATH);
      expect(text).toContain('12,345,678');
    }
  });

  it('draws a Total row under a rule, and breakdown rows indented', () => {
    const total = { id: 'Total', calls: 1241, tokens: 12_391_678, cost: 15.84 };
    const text = renderTable(rows.slice(0, 1), columns, {
      ...opts,
      total,
      children: () => [{ id: 'claude-opus-4-6', calls: 1, tokens: 2, cost: 0.5 }],
    }).text;
    const lines = text.split('\n');
    expect(lines.at(-3)).toMatch(/^├─/);
    expect(lines.at(-2)).toMatch(/^│ Total\s+│/);
    expect(text).toContain('  └ claude-opus-4-6');
  });

  it('shortens in the middle by display width', () => {
    expect(shortenMiddle('/home/me/project/src/index.ts', 15)).toBe('/home/m…ndex.ts');
    expect(textWidth(shortenMiddle('日本語のタイトルです', 9))).toBeLessThanOrEqual(9);
    expect(shortenMiddle('short', 10)).toBe('short');
  });
});

describe('machine formats carry whole values whatever the width', () => {
  const narrow = { ...opts, width: 40 };
  it('json, ndjson, csv and markdown', () => {
    const json = JSON.parse(render('json', rows, columns, narrow));
    expect(json[0]).toMatchObject({ title: LONG_TITLE, path: LONG_PATH, tokens: 12_345_678 });
    const nd = render('ndjson', rows, columns, narrow).split('\n').map((l) => JSON.parse(l));
    expect(nd[0].path).toBe(LONG_PATH);
    const csv = render('csv', rows, columns, narrow);
    expect(csv).toContain(LONG_TITLE);
    expect(csv.split('\r\n')[1]).toContain(`"${LONG_TITLE}",${LONG_PATH},`);
    const md = render('markdown', rows, columns, narrow);
    expect(md).toContain(LONG_TITLE);
    expect(md).toContain(LONG_PATH);
  });

  it('a breakdown goes into JSON as each row\'s models', () => {
    const json = JSON.parse(
      render('json', rows.slice(0, 1), columns, { ...opts, children: () => [{ id: 'claude-opus-4-6', tokens: 2 }] }),
    );
    expect(json[0].models).toEqual([expect.objectContaining({ id: 'claude-opus-4-6', tokens: 2 })]);
  });
});
