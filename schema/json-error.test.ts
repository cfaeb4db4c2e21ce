import { describe, expect, it } from 'vitest';
import { jsonParseProblem, lineAndColumn } from './json-error.js';

function problemOf(text: string): string {
  try {
    JSON.parse(text);
  } catch (err) {
    return jsonParseProblem(text, err);
  }
  throw new Error('parsed');
}

describe('jsonParseProblem', () => {
  it('names the line and column where the text stops being JSON', () => {
    const text = '{\n  "hooks": {},\n  permissions: 1\n}\n';
    expect(problemOf(text)).toMatch(/^line 3, column 3: /);
  });

  it('puts a text that ends too early at its end', () => {
    expect(problemOf('{\n  "a": [1,\n')).toBe('line 2, column 11: the text ends before the JSON does');
  });

  it('reads the line and column newer Node versions give', () => {
    const err = new SyntaxError("Expected ',' or '}' after property value in JSON at position 20 (line 2 column 9)");
    expect(jsonParseProblem('ignored', err)).toBe("line 2, column 9: Expected ',' or '}' after property value");
  });

  it('counts lines across CRLF and columns from 1', () => {
    expect(lineAndColumn('ab\r\ncd', 5)).toEqual({ line: 2, column: 2 });
    expect(lineAndColumn('x', 0)).toEqual({ line: 1, column: 1 });
  });
});
