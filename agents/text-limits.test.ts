import { describe, expect, it } from 'vitest';
import { cutUtf8 } from './text-limits.js';

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
