import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isBadLine, type JsonlLine, readJsonlRange } from './jsonl-reader.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-jsonl-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function readAll(content: string | Buffer, start = 0, end?: number, firstLine = 0): Promise<JsonlLine[]> {
  const file = path.join(dir, `f${Math.random()}.jsonl`);
  fs.writeFileSync(file, content);
  const out: JsonlLine[] = [];
  const fd = fs.openSync(file, 'r');
  for (const l of readJsonlRange(fd, start, end ?? fs.statSync(file).size, firstLine)) out.push(l);
  fs.closeSync(fd);
  return out;
}

describe('readJsonlRange', () => {
  it('numbers every line, blank ones included, and reads CRLF', async () => {
    const lines = await readAll('{"a":1}\n\n{"b":2}\r\n');
    expect(lines.map((l) => l.line)).toEqual([1, 2, 3]);
    expect(lines[1]!.value).toBeUndefined();
    expect(lines[2]!.value).toEqual({ b: 2 });
  });

  it('returns a bad line with its reason instead of failing', async () => {
    const lines = await readAll('{"a":1}\n{"type": "x", "broken": tru\n{"c":3}\n');
    expect(isBadLine(lines[1]!.value)).toBe(true);
    expect((lines[1]!.value as { reason: string }).reason).toMatch(/JSON/);
    expect(lines[2]).toEqual({ line: 3, value: { c: 3 } });
  });

  it('reads a byte range with absolute line numbers', async () => {
    const text = '{"a":1}\n{"b":2}\n{"c":3}\n';
    const lines = await readAll(text, 8, text.length, 1);
    expect(lines).toEqual([
      { line: 2, value: { b: 2 } },
      { line: 3, value: { c: 3 } },
    ]);
  });

  it('keeps multi-byte characters that straddle read chunks whole', async () => {
    const long = 'é'.repeat(700_000); // 1.4 MB: crosses the 1 MB chunk boundary mid-character
    const lines = await readAll(`${JSON.stringify({ t: long })}\n`);
    expect((lines[0]!.value as { t: string }).t).toBe(long);
  });
});

describe('readJsonlRange splits on bytes', () => {
  // The lines as a plain string split reads them: the reader must agree whatever its chunk size.
  const reference = (text: string) => {
    const parts = text.split(/\r?\n/);
    if (parts.at(-1) === '') parts.pop();
    return parts.map((p, i) => {
      const line = i + 1;
      if (p.trim() === '') return { line, value: undefined };
      try {
        return { line, value: JSON.parse(p) as unknown };
      } catch {
        return { line, bad: p };
      }
    });
  };
  const readChunked = (content: string, chunkSize: number) => {
    const file = path.join(dir, `c${Math.random()}.jsonl`);
    fs.writeFileSync(file, content);
    const fd = fs.openSync(file, 'r');
    try {
      return [...readJsonlRange(fd, 0, fs.statSync(file).size, 0, undefined, chunkSize)].map((l) =>
        isBadLine(l.value) ? { line: l.line, bad: l.value.text } : l,
      );
    } finally {
      fs.closeSync(fd);
    }
  };

  const text = [
    '{"a":"é€😀"}',
    '',
    '   ',
    '{"b":2}\r',
    '{"c":"x\\u000a"}',
    '{"broken": tru',
    '\r',
    `{"long":"${'ü'.repeat(40)}"}`,
    '{"cr":"a\rb"}',
    '{"last":true}',
  ].join('\n');

  for (const chunkSize of [1, 2, 3, 7, 16, 64, 1 << 20]) {
    it(`agrees with a string split, chunks of ${chunkSize} bytes`, () => {
      expect(readChunked(`${text}\n`, chunkSize)).toEqual(reference(`${text}\n`));
      // A last line without a newline is read too.
      expect(readChunked(text, chunkSize)).toEqual(reference(text));
    });
  }

  it('sees every byte read, once', () => {
    const file = path.join(dir, `b${Math.random()}.jsonl`);
    fs.writeFileSync(file, `${text}\n`);
    const fd = fs.openSync(file, 'r');
    const seen: Buffer[] = [];
    for (const _ of readJsonlRange(fd, 0, fs.statSync(file).size, 0, (b) => seen.push(Buffer.from(b)), 5));
    fs.closeSync(fd);
    expect(Buffer.concat(seen).toString('utf8')).toBe(`${text}\n`);
  });

  it('reads a line longer than several chunks', async () => {
    const long = 'x'.repeat(3_500_000);
    const lines = await readAll(`{"a":1}\r\n${JSON.stringify({ t: long })}\r\n{"b":2}`);
    expect(lines.map((l) => l.line)).toEqual([1, 2, 3]);
    expect((lines[1]!.value as { t: string }).t).toBe(long);
    expect(lines[2]!.value).toEqual({ b: 2 });
  });

  it('keeps two reads apart when one starts before the other ended (the read buffer is reused only after)', () => {
    const open = (lines: string[]) => {
      const file = path.join(dir, `r${Math.random()}.jsonl`);
      fs.writeFileSync(file, `${lines.join('\n')}\n`);
      return fs.openSync(file, 'r');
    };
    const a = Array.from({ length: 50 }, (_, i) => JSON.stringify({ a: i, pad: 'a'.repeat(i) }));
    const b = Array.from({ length: 50 }, (_, i) => JSON.stringify({ b: i, pad: 'b'.repeat(50 - i) }));
    const [fa, fb] = [open(a), open(b)];
    const size = (fd: number) => fs.fstatSync(fd).size;
    // Small chunks, so each read refills its buffer many times while the other is suspended.
    const ra = readJsonlRange(fa, 0, size(fa), 0, undefined, 64);
    const rb = readJsonlRange(fb, 0, size(fb), 0, undefined, 64);
    const got: { a: unknown[]; b: unknown[] } = { a: [], b: [] };
    for (let x = ra.next(), y = rb.next(); !x.done || !y.done; x = ra.next(), y = rb.next()) {
      if (!x.done) got.a.push(x.value.value);
      if (!y.done) got.b.push(y.value.value);
    }
    // A third read after both ended takes a buffer one of them left.
    got.a.push(...[...readJsonlRange(fa, 0, size(fa), 0, undefined, 64)].map((l) => l.value));
    fs.closeSync(fa);
    fs.closeSync(fb);
    expect(got.a).toEqual([...a, ...a].map((l) => JSON.parse(l)));
    expect(got.b).toEqual(b.map((l) => JSON.parse(l)));
  });
});
