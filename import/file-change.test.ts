import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ImportState, isUnchanged } from '../schema/import-state.js';
import { classify, completeEnd, hashesAt, readableEnd, resumeAt } from './file-change.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-change-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const state = (over: Partial<ImportState>): ImportState => ({
  path: '/f',
  source: 'claude-code',
  parser_version: 1,
  size: 100,
  mtime_ms: 5,
  offset: 100,
  lines: 10,
  head_hash: 'h',
  tail_hash: 't',
  bad_lines: 0,
  imported_at: 0,
  ...over,
});

describe('isUnchanged / classify', () => {
  it('skips a file whose size and mtime match the last import by the same parser', () => {
    expect(isUnchanged({ size: 100, mtimeMs: 5.7 }, state({}), 1)).toBe(true);
    expect(isUnchanged({ size: 100, mtimeMs: 6 }, state({}), 1)).toBe(false);
    expect(isUnchanged({ size: 100, mtimeMs: 5 }, state({}), 2)).toBe(false);
    expect(isUnchanged({ size: 100, mtimeMs: 5 }, null, 1)).toBe(false);
  });

  it('reads on from the offset only when both hashes still match', () => {
    const same = { head: 'h', tail: 't' };
    expect(classify({ size: 150, mtimeMs: 9 }, state({}), 1, same)).toEqual({
      kind: 'appended',
      start: 100,
      lines: 10,
    });
    expect(classify({ size: 150, mtimeMs: 9 }, state({}), 1, { head: 'x', tail: 't' }).kind).toBe('rewritten');
    expect(classify({ size: 150, mtimeMs: 9 }, state({}), 1, { head: 'h', tail: 'x' }).kind).toBe('rewritten');
    expect(classify({ size: 50, mtimeMs: 9 }, state({}), 1, same).kind).toBe('rewritten');
    expect(classify({ size: 150, mtimeMs: 9 }, state({}), 2, same).kind).toBe('rewritten');
    expect(classify({ size: 150, mtimeMs: 9 }, null, 1, same).kind).toBe('new');
  });
});

describe('completeEnd / hashesAt', () => {
  it('stops after the last newline, leaving a partial line for later', async () => {
    const file = path.join(dir, 'p.jsonl');
    fs.writeFileSync(file, '{"a":1}\n{"b":2}\n{"c":');
    const fh = fs.openSync(file, 'r');
    expect(completeEnd(fh, 0, fs.statSync(file).size)).toBe(16);
    expect(completeEnd(fh, 16, fs.statSync(file).size)).toBe(16);
    const h1 = hashesAt(fh, 16);
    fs.closeSync(fh);
    fs.appendFileSync(file, '3}\n');
    const fh2 = fs.openSync(file, 'r');
    expect(hashesAt(fh2, 16)).toEqual(h1);
    fs.closeSync(fh2);
  });

  it('counts a last line without a newline as complete only when it is whole JSON', async () => {
    const file = path.join(dir, 'nonl.jsonl');
    fs.writeFileSync(file, '{"a":1}\n{"b":2}');
    let fh = fs.openSync(file, 'r');
    expect(readableEnd(fh, 0, 15)).toBe(15);
    fs.closeSync(fh);
    fs.writeFileSync(file, '{"a":1}\n{"b":');
    fh = fs.openSync(file, 'r');
    expect(readableEnd(fh, 0, 13)).toBe(8);
    fs.closeSync(fh);
    // The newline that later ends such a line is skipped when reading on from it.
    fs.writeFileSync(file, '{"a":1}\n{"b":2}\n{"c":3}\n');
    fh = fs.openSync(file, 'r');
    expect(resumeAt(fh, 15)).toBe(16);
    expect(resumeAt(fh, 16)).toBe(16);
    fs.closeSync(fh);
  });

  it('finds a newline further back than one read chunk', async () => {
    const file = path.join(dir, 'big.jsonl');
    fs.writeFileSync(file, `{"a":1}\n${'x'.repeat(200_000)}`);
    const fh = fs.openSync(file, 'r');
    expect(completeEnd(fh, 0, fs.statSync(file).size)).toBe(8);
    fs.closeSync(fh);
  });
});
