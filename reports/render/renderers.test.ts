import { describe, expect, it } from 'vitest';
import type { Column } from '../report.js';
import { FORMATS, render } from './renderers.js';

const columns: Column[] = [
  { key: 'title', label: 'Title', type: 'text' },
  { key: 'calls', label: 'Calls', type: 'int' },
  { key: 'rate', label: 'Rate', type: 'percent' },
  { key: 'cost', label: 'Cost', type: 'money' },
  { key: 'took', label: 'Took', type: 'duration' },
  { key: 'at', label: 'At', type: 'datetime' },
];
const AT = Date.UTC(2026, 10, 21, 8, 5);
const rows = [
  { title: 'Refactor, "carefully" | twice\nplease', calls: 12345, rate: 33.33, cost: 1.5, took: 83_000, at: AT },
  { title: 'plain', calls: 0, rate: 0, cost: null, took: 450, at: null },
];
const opts = { tz: 'Europe/Berlin' };

/** RFC 4180 parsing, enough to read back what the renderer wrote. */
function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') ((field += '"'), i++);
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') (row.push(field), (field = ''));
    else if (ch === '\r' && text[i + 1] === '\n') (row.push(field), out.push(row), (row = []), (field = ''), i++);
    else field += ch;
  }
  row.push(field);
  out.push(row);
  return out;
}

describe('renderers', () => {
  it('json: an array of row objects keyed by column, numbers raw, times ISO in the zone', () => {
    expect(JSON.parse(render('json', rows, columns, opts))).toEqual([
      {
        title: 'Refactor, "carefully" | twice\nplease',
        calls: 12345,
        rate: 33.33,
        cost: 1.5,
        took: 83000,
        at: '2026-11-21T09:05:00.000+01:00',
      },
      { title: 'plain', calls: 0, rate: 0, cost: null, took: 450, at: null },
    ]);
  });

  it('ndjson: one object per line', () => {
    const lines = render('ndjson', rows, columns, opts).split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!).calls).toBe(12345);
  });

  it('csv: a header of keys, fields with commas, quotes and newlines quoted', () => {
    const parsed = parseCsv(render('csv', rows, columns, opts));
    expect(parsed).toEqual([
      ['title', 'calls', 'rate', 'cost', 'took', 'at'],
      ['Refactor, "carefully" | twice\nplease', '12345', '33.33', '1.5', '83000', '2026-11-21T09:05:00.000+01:00'],
      ['plain', '0', '0', '', '450', ''],
    ]);
  });

  it('markdown: a table of labels, right-aligned numbers, pipes and newlines escaped', () => {
    const lines = render('markdown', rows, columns, opts).split('\n');
    expect(lines[0]).toBe('| Title | Calls | Rate | Cost | Took | At |');
    expect(lines[1]).toBe('| --- | ---: | ---: | ---: | ---: | --- |');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toBe(
      '| Refactor, "carefully" \\| twice<br>please | 12,345 | 33.33% | $1.50 | 1m 23s | 2026-11-21 09:05 |',
    );
    for (const l of lines) expect(l.split(/(?<!\\)\|/).length).toBe(8);
  });

  it('table: labels and human values, and a line for no rows', () => {
    const t = render('table', rows, columns, opts);
    for (const s of ['Title', 'Calls', '12,345', '33.33%', '$1.50', '1m 23s', '450ms', '2026-11-21 09:05'])
      expect(t).toContain(s);
    expect(render('table', [], columns, opts)).toBe('(no rows)');
  });

  it('table: falls back to plain padded columns for very many rows', () => {
    const many = Array.from({ length: 6000 }, (_, i) => ({
      title: `t${i}`,
      calls: i,
      rate: 1,
      cost: 1,
      took: 1,
      at: AT,
    }));
    const lines = render('table', many, columns, opts).split('\n');
    expect(lines).toHaveLength(6002);
    expect(lines[0]).toMatch(/^Title\s+Calls\s+Rate/);
    expect(lines[2]).toMatch(/^t0\s+0\s+1\.00%/);
  });

  it('renders every format without failing on an empty result', () => {
    for (const f of FORMATS) expect(typeof render(f, [], columns, opts)).toBe('string');
    expect(JSON.parse(render('json', [], columns, opts))).toEqual([]);
  });
});
