// One transcript file through the import: names taken as data, lines too deep to walk, changes in the middle.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../schema/open-db.js';
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
