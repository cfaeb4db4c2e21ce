import { describe, expect, it } from 'vitest';
import { cut, outputWidth, wrap } from './fit-width.js';

describe('fitting text to a width', () => {
  it("wraps at words, keeps a line's indentation, splits a word longer than the line", () => {
    expect(wrap('one two three four', 10)).toEqual(['one two', 'three four']);
    expect(wrap('def f():\n    return 1', 40)).toEqual(['def f():', '    return 1']);
    expect(wrap('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
    for (const l of wrap('  a b c d e f g h i j k l m n o p', 12)) expect(l.length).toBeLessThanOrEqual(12);
  });

  it('stops after maxLines with an ellipsis, and cuts one line', () => {
    expect(wrap('a\nb\nc\nd', 20, 2)).toEqual(['a', 'b…']);
    expect(cut('a  long\n text here', 8)).toBe('a long …');
    expect(cut('short', 8)).toBe('short');
  });

  it('uses the terminal width, or 100 when there is none', () => {
    expect(outputWidth(132)).toBe(132);
    expect(outputWidth(undefined)).toBe(100);
    expect(outputWidth(10)).toBe(40);
  });
});
