// The reports registry lists exactly the report definitions in reports/defs/, one per file.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reports } from './registry.js';
import type { Report } from './report.js';

const DEFS = path.join(__dirname, 'defs');

describe('reports registry', () => {
  it('lists every file of reports/defs/ once, and nothing else', async () => {
    const files = fs
      .readdirSync(DEFS)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .sort();
    expect(files.length).toBeGreaterThan(0);
    const defined: Report[] = [];
    for (const file of files) {
      const exported = Object.values(await import(path.join(DEFS, file))) as Report[];
      const found = exported.filter((v) => typeof v === 'object' && v !== null && 'sql' in v && 'name' in v);
      expect(
        found.map((r) => r.name),
        file,
      ).toHaveLength(1);
      defined.push(found[0]!);
    }
    expect(new Set(reports).size).toBe(reports.length);
    expect([...reports].sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      defined.sort((a, b) => a.name.localeCompare(b.name)),
    );
  });
});
