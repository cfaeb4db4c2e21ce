import { describe, expect, it } from 'vitest';
import { boundedJson, cutUtf8 } from './text-limits.js';

// The cut as first written: encode the whole text, step back to a character boundary.
function reference(text: string, maxBytes: number): string {
  const buf = Buffer.from(text, 'utf8');
  if (buf.length <= maxBytes) return text;
  let end = maxBytes;
  while (end > 0 && ((buf[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return buf.subarray(0, end).toString('utf8');
}

describe('cutUtf8', () => {
  it('cuts as encoding the whole text would, for every mix of 1- to 4-byte characters', () => {
    const chars = ['a', 'é', '€', '😀', '\ud83d', '\ude00']; // lone halves of a pair too
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 2000; i += 1) {
      let text = '';
      const length = next() % 40;
      for (let j = 0; j < length; j += 1) text += chars[next() % chars.length];
      const maxBytes = next() % 50;
      expect(cutUtf8(text, maxBytes), `${JSON.stringify(text)} to ${maxBytes}`).toBe(reference(text, maxBytes));
    }
  });

  it('keeps a text that fits, and cuts a long one within the limit', () => {
    expect(cutUtf8('short', 1024)).toBe('short');
    const cut = cutUtf8('😀'.repeat(10_000), 1023);
    expect(cut).toBe('😀'.repeat(255));
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(1023);
  });
});

describe('boundedJson', () => {
  // The JSON as first written: every string passed through the cut.
  const reference = (value: unknown, max: number) =>
    JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' && v.length * 3 > max ? cutUtf8(v, max) : v));

  it('gives the JSON that cutting every string gives, short or long, whatever its characters', () => {
    const values: unknown[] = [
      { command: 'ls -la', description: 'list' },
      { content: 'é'.repeat(600), file_path: '/a/b' },
      { content: 'x'.repeat(2000), nested: [{ s: '😀'.repeat(300) }, 1, null, true] },
      ['\ud83d lone', 'a"b\\c\n'.repeat(100)],
      'plain string '.repeat(100),
      42,
      null,
      () => 1, // not JSON at all
    ];
    for (const value of values)
      for (const max of [10, 100, 1024]) expect(boundedJson(value, max)).toBe(reference(value, max));
  });
});
