// The findings registry lists exactly the finding modules in reports/insights/defs/, one per file, with unique ids.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from './finding.js';
import { findings } from './registry.js';

const DEFS = path.join(__dirname, 'defs');

describe('findings registry', () => {
  it('lists every file of defs/ once, named by its id, and nothing else', async () => {
    const files = fs.readdirSync(DEFS).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const defined: Finding[] = [];
    for (const file of files) {
      const exported = Object.values(await import(path.join(DEFS, file))) as Finding[];
      const found = exported.filter((v) => typeof v === 'object' && v !== null && 'sql' in v && 'advise' in v);
      expect(found, file).toHaveLength(1);
      expect(`${found[0]!.id}.ts`).toBe(file);
      defined.push(found[0]!);
    }
    expect(new Set(findings.map((f) => f.id)).size).toBe(findings.length);
    expect(findings.map((f) => f.id).sort()).toEqual(defined.map((f) => f.id).sort());
  });

  it('gives each finding a class, a basis and advice even with a single hit', () => {
    for (const f of findings) {
      expect(['fix', 'habit', 'fyi']).toContain(f.class);
      expect(['measured', 'estimated']).toContain(f.basis);
      const advice = f.advise([
        { session_id: 's', at: 0, subject: 'x', detail: null, cost: null, ms: null, tokens: null, project: 'p' },
      ]);
      expect(advice.text.length, f.id).toBeGreaterThan(20);
      expect(advice.target.length, f.id).toBeGreaterThan(0);
    }
  });
});
