import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPrices, modelFamily, PriceBook, PricingError, SHIPPED_PRICES } from './pricing.js';

describe('PriceBook.cost', () => {
  it('prices each kind of token, the 1-hour cache write at twice the input price', () => {
    const book = new PriceBook({ ...SHIPPED_PRICES });
    // Sonnet 4: $3 input, $15 output, $3.75 5-minute write, $6 1-hour write, $0.30 cache read, per million.
    // 1000*3 + 500*15 + 1500*3.75 + 500*6 + 10000*0.3 = 3000 + 7500 + 5625 + 3000 + 3000 = 22125 per million
    expect(book.cost('claude-sonnet-4-20250514', 1000, 500, 2000, 500, 10000)).toBeCloseTo(0.022125, 12);
    expect(book.cost('claude-opus-4-1-20250805', 1_000_000, 0, 0, 0, 0)).toBe(15);
    expect(book.cost('claude-opus-4-6', 0, 1_000_000, 0, 0, 0)).toBe(25);
  });

  it('gives null and remembers the model when there is no price', () => {
    const book = new PriceBook({ ...SHIPPED_PRICES });
    expect(book.cost('claude-opus-9', 10, 10, 0, 0, 0)).toBeNull();
    expect(book.cost(null, 10, 10, 0, 0, 0)).toBeNull();
    expect([...book.unpriced]).toEqual(['claude-opus-9']);
  });

  it('matches dated, provider-prefixed and family ids to the family price', () => {
    expect(modelFamily('claude-sonnet-4-20250514')).toBe('claude-sonnet-4');
    expect(modelFamily('us.anthropic.claude-sonnet-4-20250514-v1:0')).toBe('claude-sonnet-4');
    expect(modelFamily('anthropic/claude-haiku-4-5')).toBe('claude-haiku-4-5');
    expect(modelFamily('claude-3-5-sonnet@20241022')).toBe('claude-3-5-sonnet');
    const book = new PriceBook({ ...SHIPPED_PRICES });
    expect(book.priceOf('claude-opus-4-20250514')).toEqual(SHIPPED_PRICES['claude-opus-4']);
    expect(book.priceOf('claude-opus-4-5-20251101')).toEqual(SHIPPED_PRICES['claude-opus-4-5']);
    expect(book.priceOf('claude-haiku-4-5-20251001')).toEqual(SHIPPED_PRICES['claude-haiku-4-5']);
  });
});

describe('loadPrices', () => {
  const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-prices-'));

  it('uses the shipped table when there is no user file', () => {
    expect(loadPrices(dir())).toEqual(SHIPPED_PRICES);
  });

  it('lets pricing.json add models and override shipped ones', () => {
    const d = dir();
    fs.writeFileSync(
      path.join(d, 'pricing.json'),
      JSON.stringify({
        models: {
          'claude-opus-5-5': { input: 5, output: 25, cache_write: 6.25, cache_read: 0.5 },
          'claude-sonnet-4': { input: 1, output: 2, cache_write: 3, cache_read: 4, cache_write_1h: 5 },
        },
      }),
    );
    const book = new PriceBook(loadPrices(d));
    expect(book.cost('claude-opus-5-5', 1_000_000, 0, 0, 0, 0)).toBe(5);
    expect(book.cost('claude-sonnet-4-20250514', 1e6, 1e6, 2e6, 1e6, 1e6)).toBe(1 + 2 + 3 + 5 + 4);
  });

  it('names the file and the expected shape when pricing.json is wrong', () => {
    const d = dir();
    fs.writeFileSync(path.join(d, 'pricing.json'), '{"models": {"x": {"input": "cheap"}}}');
    expect(() => loadPrices(d)).toThrow(PricingError);
    expect(() => loadPrices(d)).toThrow(/pricing\.json is not a valid pricing file[\s\S]*per million tokens/);
  });

  it('names the file, the line and the column when pricing.json does not parse', () => {
    const d = dir();
    const file = path.join(d, 'pricing.json');
    fs.writeFileSync(file, '{\n  "models": {\n    "x": { "input": 1, },\n  }\n}\n');
    expect(() => loadPrices(d)).toThrow(PricingError);
    expect(() => loadPrices(d)).toThrow(`${file} is not valid JSON at line 3, column 24: `);
  });
});

describe('the Gemini rows', () => {
  it("price each model's tokens as ccusage 20.0.24 does below 200k prompt tokens", () => {
    const book = new PriceBook({ ...SHIPPED_PRICES });
    // cost(model, input, output, cache_write, cache_write_1h, cache_read) of 100k each, from `ccusage gemini session --offline`.
    const perModel: [string, number, number, number][] = [
      ['gemini-2.5-pro', 1.25, 10, 0.125],
      ['gemini-2.5-flash', 0.3, 2.5, 0.03],
      ['gemini-2.5-flash-lite', 0.1, 0.4, 0.01],
      ['gemini-3-pro-preview', 2, 12, 0.2],
      ['gemini-3-flash-preview', 0.5, 3, 0.05],
    ];
    for (const [model, input, output, cached] of perModel) {
      expect(book.cost(model, 100_000, 0, 0, 0, 0)).toBeCloseTo(input / 10, 12);
      expect(book.cost(model, 0, 100_000, 0, 0, 0)).toBeCloseTo(output / 10, 12);
      expect(book.cost(model, 0, 0, 0, 0, 100_000)).toBeCloseTo(cached / 10, 12);
    }
    // Preview and dated ids use their family's price; Flash-Lite is not priced as Flash.
    expect(book.priceOf('gemini-2.5-flash-lite-preview-06-17')).toEqual(SHIPPED_PRICES['gemini-2.5-flash-lite']);
    expect(book.priceOf('models/gemini-2.5-flash-preview-05-20')).toEqual(SHIPPED_PRICES['gemini-2.5-flash']);
  });
});

describe('a model name taken from a transcript', () => {
  it('is data: `constructor`, `toString` and `__proto__` have no price, like any unknown model', () => {
    const book = new PriceBook({ ...SHIPPED_PRICES });
    for (const m of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(book.cost(m, 1000, 1000, 0, 0, 0)).toBeNull();
    }
    expect([...book.unpriced].sort()).toEqual(['__proto__', 'constructor', 'hasOwnProperty', 'toString']);
  });
});
