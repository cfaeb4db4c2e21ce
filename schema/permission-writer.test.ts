import { beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDb } from './open-db.js';
import { AnyRecord, type PermissionEventRecord } from './records.js';
import { Writer } from './writer.js';

let db: Db;
let writer: Writer;
beforeEach(() => {
  db = openDb(':memory:');
  writer = new Writer(db, { validate: (r) => AnyRecord.parse(r) });
});

function write(...records: AnyRecord[]) {
  writer.begin();
  for (const r of records) writer.write(r);
  writer.commit(null);
}
const event = (extra: Partial<PermissionEventRecord>): PermissionEventRecord => ({
  kind: 'permission_event',
  id: 'per_1',
  session_id: 'ses_1',
  source: 'opencode',
  ...extra,
});
const ask = event({ tool_name: 'bash', subject: 'npm install *', call_id: 'call_1', asked_at: 1000 });
const answer = event({ decision: 'denied', decided_at: 4000 });
const rows = () => db.prepare('SELECT * FROM permission_events ORDER BY id').all();
const joined = {
  id: 'per_1',
  source: 'opencode',
  session_id: 'ses_1',
  tool_name: 'bash',
  subject: 'npm install *',
  call_id: 'call_1',
  asked_at: 1000,
  decision: 'denied',
  decided_at: 4000,
  change_seq: null,
};

describe('permission events', () => {
  it('join an ask and its answer into one row, whichever is imported first', () => {
    write(ask);
    write(answer);
    expect(rows()).toEqual([joined]);
    db.exec('DELETE FROM permission_events');
    write(answer);
    write(ask);
    expect(rows()).toEqual([joined]);
  });

  it('are unchanged when the same lines are written again', () => {
    write(ask, answer);
    write(ask, answer, ask);
    expect(rows()).toEqual([joined]);
  });

  it('keep the first ask: a later copy never moves its time or subject', () => {
    write(ask);
    write(event({ subject: 'npm *', asked_at: 9000 }));
    expect(rows()).toEqual([{ ...joined, decision: null, decided_at: null }]);
  });

  it('are checked: an unknown decision is refused before it is stored', () => {
    expect(() => write({ ...answer, decision: 'maybe' } as unknown as AnyRecord)).toThrow();
    expect(rows()).toEqual([]);
  });
});
