import { describe, expect, it } from 'vitest';
import { mapEntry, newContext } from './map.js';
import { ApiMessage, Block, Entry, Usage } from './entry-schema.js';
import { type Entry as EntryType, IGNORED_TYPES, readBlock, readEntry } from './schema.js';

// zod passes fields it does not name through; the import's reader keeps only the named ones (all that the mapper reads).
const pick = (o: Record<string, unknown>, keys: string[]) =>
  Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]]));
function named(e: EntryType): Record<string, unknown> {
  const out = pick(e, Object.keys(Entry.shape));
  if (e.message) {
    const m = pick(e.message, Object.keys(ApiMessage.shape));
    if (e.message.usage) m.usage = pick(e.message.usage, Object.keys(Usage.shape));
    out.message = m;
  }
  return out;
}

// Every kind of JSON value a field can hold, absent included.
const VALUES: unknown[] = [undefined, 'text', '', 0, 12.5, -3, true, false, null, {}, { a: 1 }, [], [1, 'x']];

describe('the import reads entries as the zod schemas do', () => {
  it('reads every field of an entry, whatever it holds (a field added to Entry must be added to readEntry)', () => {
    for (const key of Object.keys(Entry.shape)) {
      if (key === 'type') continue;
      for (const value of VALUES) {
        const line = { type: 'user', [key]: value, other: 1 };
        expect(readEntry(line), `${key}: ${JSON.stringify(value)}`).toEqual(named(Entry.parse(line)));
      }
    }
  });

  it('fails a line without a string type, as zod does', () => {
    for (const type of VALUES.filter((v) => typeof v !== 'string')) {
      expect(Entry.safeParse({ type }).success).toBe(false);
      expect(readEntry({ type })).toBeUndefined();
    }
  });

  it('reads every field of the API message and its usage', () => {
    for (const [schema, wrap] of [
      [ApiMessage, (m: object) => ({ type: 'assistant', message: m })],
      [Usage, (u: object) => ({ type: 'assistant', message: { usage: u } })],
    ] as const) {
      for (const key of Object.keys(schema.shape)) {
        for (const value of VALUES) {
          const line = wrap({ [key]: value });
          expect(readEntry(line), `${key}: ${JSON.stringify(value)}`).toEqual(named(Entry.parse(line)));
        }
      }
    }
    for (const message of VALUES) {
      const line = { type: 'assistant', message };
      expect(readEntry(line)).toEqual(named(Entry.parse(line)));
    }
  });

  it('reads every field of a content block, and no block from a value that is not an object', () => {
    for (const key of Object.keys(Block.shape)) {
      for (const value of VALUES) {
        const raw = { [key]: value, other: 1 };
        expect(readBlock(raw), `${key}: ${JSON.stringify(value)}`).toEqual(
          pick(Block.parse(raw), Object.keys(Block.shape)),
        );
      }
    }
    for (const raw of VALUES.filter((v) => typeof v !== 'object' || v === null || Array.isArray(v))) {
      expect(Block.safeParse(raw).success).toBe(false);
      expect(readBlock(raw)).toBeUndefined();
    }
  });
});

describe('ignored entry types', () => {
  it('are types the mapper gives nothing for, even with every field of a message line', () => {
    for (const type of IGNORED_TYPES) {
      const line = {
        type,
        uuid: 'u1',
        sessionId: 's1',
        timestamp: '2026-01-01T00:00:00Z',
        cwd: '/p',
        message: { role: 'user', content: 'hello' },
      };
      expect(mapEntry(readEntry(line)!, newContext('/p/s1.jsonl')), type).toEqual([]);
    }
  });
});
