// One transcript file through the import: names taken as data, lines too deep to walk, changes in the middle.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Db, openDb } from '../schema/open-db.js';
import { Writer } from '../schema/writer.js';
import { BIG_READ } from './import-file.js';
import { runImport } from './run.js';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-import-file-'));
  db = openDb(path.join(dir, 'agentlog.db'));
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const line = (n: number, content: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: 'assistant',
    uuid: `u${n}`,
    sessionId: 's1',
    timestamp: new Date(Date.UTC(2025, 0, 1, 0, n)).toISOString(),
    message: { id: `m${n}`, model: 'claude-sonnet-4', content },
    ...extra,
  });
const toolUse = (n: number, name: string, input: unknown = { command: 'ls' }) =>
  line(n, [{ type: 'tool_use', id: `t${n}`, name, input }]);

function transcript(lines: string[]): string {
  const file = path.join(dir, 'projects', 'p', 's1.jsonl');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const tools = () =>
  db.prepare('SELECT tool_name, category, file_path FROM tools ORDER BY created_at').all() as {
    tool_name: string;
    category: string;
    file_path: string | null;
  }[];

describe('names and keys taken from a transcript', () => {
  it('are data: tools named like Object.prototype members import as any other tool', async () => {
    const names = ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf', 'Bash'];
    const file = transcript([
      ...names.map((n, i) => toolUse(i + 1, n, { file_path: '/x', __proto__: 1, constructor: 'c' })),
      line(10, [
        { type: 'tool_use', id: 't10', name: 'Read', input: JSON.parse('{"__proto__":{"x":1},"file_path":"/r"}') },
      ]),
    ]);
    const s = await runImport(db, { paths: [file] });
    expect(s.failed).toEqual([]);
    expect(tools()).toEqual([
      ...names.map((n) => ({ tool_name: n, category: n === 'Bash' ? 'shell' : 'other', file_path: null })),
      { tool_name: 'Read', category: 'read', file_path: '/r' },
    ]);
  });
});

describe('a line nested too deep to walk', () => {
  it('is a bad line with its number; the other lines of the file get in', async () => {
    const deep = (d: number) => `${'['.repeat(d)}${']'.repeat(d)}`;
    const file = transcript([
      toolUse(1, 'Bash'),
      line(2, [{ type: 'tool_use', id: 't2', name: 'Bash', input: { a: 'DEEP' } }]).replace('"DEEP"', deep(10_000)),
      `{"type":"user","uuid":"u3","sessionId":"s1","message":{"role":"user","content":${deep(10_000)}}}`,
      toolUse(4, 'Grep', { path: '/g' }),
    ]);
    const s = await runImport(db, { paths: [file], maxProblems: 100 });
    expect(s.failed).toEqual([]);
    expect(s.problems.map((p) => p.line)).toEqual([2]);
    expect(s.problems[0]!.reason).toMatch(/nested too deep/);
    expect(tools().map((t) => t.tool_name)).toEqual(['Bash', 'Grep']);
  });
});

describe('a change in the middle of a file that also grew', () => {
  it('is seen (the file is read again whole), though its first 4 KB and the 1 KB before the last import point are unchanged', async () => {
    const user = (id: string, text: string) =>
      JSON.stringify({
        type: 'user',
        uuid: id,
        sessionId: 's1',
        timestamp: '2025-01-01T00:00:00Z',
        message: { role: 'user', content: text },
      });
    const lines = Array.from({ length: 100 }, (_, i) =>
      user(`u${String(i).padStart(3, '0')}`, `line ${i} ${'.'.repeat(80)}`),
    );
    const file = transcript(lines);
    expect((await runImport(db, { paths: [file] })).imported).toBe(1);
    const size = fs.statSync(file).size;
    // Same length, same place: line 50 (well past 4 KB, well before the last 1 KB) gets another id.
    lines[50] = lines[50]!.replace('"u050"', '"v050"');
    lines.push(user('u100', 'appended'));
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    expect(fs.statSync(file).size).toBeGreaterThan(size);
    expect(size).toBeGreaterThan(4096 + 1024 + 50 * 150);
    const s = await runImport(db, { paths: [file] });
    expect(s.failed).toEqual([]);
    const ids = (
      db.prepare("SELECT id FROM messages WHERE id IN ('u050', 'v050', 'u100') ORDER BY id").all() as { id: string }[]
    ).map((r) => r.id);
    expect(ids).toEqual(['u050', 'u100', 'v050']);
  });

  it('an append alone is still read from where the last import stopped', async () => {
    const lines = [toolUse(1, 'Bash'), toolUse(2, 'Grep')];
    const file = transcript(lines);
    await runImport(db, { paths: [file] });
    fs.appendFileSync(file, `${toolUse(3, 'Read', { file_path: '/r' })}\n`);
    const problems: number[] = [];
    const s = await runImport(db, { paths: [file], maxProblems: 10 });
    expect(s.failed).toEqual([]);
    expect(s.problems.map((p) => p.line)).toEqual(problems);
    const state = db.prepare('SELECT offset, lines, head_hash FROM import_state').get() as {
      offset: number;
      lines: number;
      head_hash: string;
    };
    expect(state.offset).toBe(fs.statSync(file).size);
    expect(state.lines).toBe(3);
    expect(tools().map((t) => t.tool_name)).toEqual(['Bash', 'Grep', 'Read']);
  });
});

describe('the page cache of a file’s transaction', () => {
  it('is SQLite’s 2 MB one for a file of more new bytes than BIG_READ, else the connection’s own, which it gets back', async () => {
    const own = db.pragma('cache_size', { simple: true });
    expect(own).not.toBe(-2000);
    const write = Writer.prototype.write;
    const seen = new Set<unknown>();
    const spy = vi.spyOn(Writer.prototype, 'write').mockImplementation(function (this: Writer, ...args) {
      seen.add(db.pragma('cache_size', { simple: true }));
      return write.apply(this, args);
    });
    try {
      const small = transcript([toolUse(1, 'Bash')]);
      await runImport(db, { paths: [small], threads: 0 });
      expect([...seen]).toEqual([own]);
      seen.clear();
      const input = { command: 'x'.repeat(16_000) };
      const lines = Array.from({ length: Math.ceil(BIG_READ / 16_000) + 1 }, (_, i) => toolUse(i + 2, 'Bash', input));
      fs.appendFileSync(small, `${lines.join('\n')}\n`);
      const s = await runImport(db, { paths: [small], threads: 0 });
      expect(s.imported).toBe(1);
      expect([...seen]).toEqual([-2000]);
      expect(db.pragma('cache_size', { simple: true })).toBe(own);
    } finally {
      spy.mockRestore();
    }
  });
});
