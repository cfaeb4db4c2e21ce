// Reports group tools by one display name across agents, while the stored name stays as the agent wrote it.
import { describe, expect, it } from 'vitest';
import { openDb } from '../schema/open-db.js';
import { Writer } from '../schema/writer.js';
import { PriceBook, SHIPPED_PRICES } from './pricing.js';
import { reportNamed } from './registry.js';
import { defaultParams, runReport } from './run-report.js';
import { registerReportFunctions } from './sql-functions.js';
import { buildWorld } from '../test/world.fixture.js';

describe('tool display names in reports', () => {
  it('OpenCode bash and Codex exec_command count as Bash in tool-errors and slow-tools', () => {
    const db = openDb(':memory:');
    registerReportFunctions(db, new PriceBook({ ...SHIPPED_PRICES }));
    buildWorld(db);
    const before = runReport(db, reportNamed('tool-errors')!, defaultParams()).rows.find((r) => r.tool_name === 'Bash')!;
    const w = new Writer(db);
    w.begin();
    const at = Date.UTC(2026, 10, 20, 12);
    for (const [call, name, error] of [
      ['oc-1', 'bash', 'Exit code 1'],
      ['oc-2', 'bash', undefined],
      ['cx-1', 'exec_command', undefined],
    ] as const) {
      w.write({ kind: 'tool_call', id: `sess-c-${call}`, call_id: call, session_id: 'sess-c', source: 'opencode', tool_name: name, category: 'shell', created_at: at });
      w.write({ kind: 'tool_result', call_id: call, source: 'opencode', success: !error, completed_at: at + 1000, ...(error ? { error_message: error } : {}) });
    }
    w.commit(null);
    const rows = runReport(db, reportNamed('tool-errors')!, defaultParams()).rows;
    expect(rows.map((r) => r.tool_name)).not.toContain('bash');
    expect(rows.map((r) => r.tool_name)).not.toContain('exec_command');
    const bash = rows.find((r) => r.tool_name === 'Bash')!;
    expect(bash.total).toBe((before.total as number) + 3);
    expect(bash.failures).toBe((before.failures as number) + 1);
    const slow = runReport(db, reportNamed('slow-tools')!, defaultParams()).rows.map((r) => r.tool_name);
    expect(slow.filter((n) => n === 'Bash')).toHaveLength(1);
    // The stored names are the agents' own.
    expect(db.prepare("SELECT tool_name FROM tools WHERE session_id = 'sess-c' ORDER BY 1").pluck().all()).toEqual([
      'bash',
      'bash',
      'exec_command',
    ]);
    db.close();
  });
});
