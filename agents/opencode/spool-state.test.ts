// Session state from the plugin's spool: OpenCode never says "ended", so ended_at is when the session last went idle.
import { describe, expect, it } from 'vitest';
import { openDb } from '../../schema/open-db.js';
import { Writer } from '../../schema/writer.js';
import { mapSpoolLine } from './spool-map.js';

const line = (type: string, t: number, properties: object) => ({ v: 1, t, id: `e${t}`, type, properties });

describe('OpenCode session state from the spool', () => {
  it('ended_at is the last time the session went idle, moved forward when it resumes and goes idle again', () => {
    const db = openDb(':memory:');
    const w = new Writer(db);
    const apply = (l: object) => {
      const mapped = mapSpoolLine(l as never);
      if (!Array.isArray(mapped)) throw new Error(JSON.stringify(mapped));
      w.begin();
      for (const r of mapped) w.write(r);
      w.commit(null);
    };
    const info = { id: 'ses_1', title: 'Fix', directory: '/work/a', time: { created: 1000, updated: 1000 } };
    const state = () =>
      db.prepare("SELECT status, ended_at FROM sessions WHERE id = 'ses_1'").get() as {
        status: string;
        ended_at: number | null;
      };
    apply(line('session.created', 1000, { info }));
    apply(line('session.status', 1500, { sessionID: 'ses_1', status: { type: 'busy' } }));
    expect(state()).toEqual({ status: 'busy', ended_at: null });
    apply(line('session.idle', 2000, { sessionID: 'ses_1' }));
    expect(state()).toEqual({ status: 'idle', ended_at: 2000 });
    apply(line('session.status', 3000, { sessionID: 'ses_1', status: { type: 'busy' } }));
    expect(state()).toEqual({ status: 'busy', ended_at: 2000 });
    apply(line('session.status', 4000, { sessionID: 'ses_1', status: { type: 'idle' } }));
    expect(state()).toEqual({ status: 'idle', ended_at: 4000 });
    db.close();
  });
});
