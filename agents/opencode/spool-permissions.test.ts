// Permission prompts in the spool: 1.18's permission.asked/replied and 1.x's permission.updated/replied.
import { describe, expect, it } from 'vitest';
import { mapSpoolLine } from './spool-map.js';

const line = (type: string, properties: Record<string, unknown>, t = 5000) => ({
  v: 1,
  t,
  id: 'evt_1',
  type,
  properties,
});

describe('permission events in the spool', () => {
  it('1.18: the ask gives the tool, its "always" patterns and the call; the answer the decision', () => {
    expect(
      mapSpoolLine(
        line('permission.asked', {
          id: 'per_1',
          sessionID: 'ses_1',
          permission: 'bash',
          patterns: ['npm install left-pad'],
          always: ['npm install *'],
          metadata: {},
          tool: { messageID: 'msg_1', callID: 'call_1' },
        }),
      ),
    ).toEqual([
      { kind: 'session', id: 'ses_1', source: 'opencode' },
      {
        kind: 'permission_event',
        id: 'per_1',
        session_id: 'ses_1',
        source: 'opencode',
        tool_name: 'bash',
        subject: 'npm install *',
        call_id: 'call_1',
        asked_at: 5000,
      },
    ]);
    expect(
      mapSpoolLine(line('permission.replied', { sessionID: 'ses_1', requestID: 'per_1', reply: 'always' }, 7000)),
    ).toEqual([
      { kind: 'session', id: 'ses_1', source: 'opencode' },
      {
        kind: 'permission_event',
        id: 'per_1',
        session_id: 'ses_1',
        source: 'opencode',
        decision: 'approved',
        decided_at: 7000,
      },
    ]);
  });

  it('1.x (the v1 SDK Permission): type and pattern, its own creation time, permissionID and response', () => {
    const [, ask] = mapSpoolLine(
      line('permission.updated', {
        id: 'per_2',
        type: 'edit',
        pattern: '/tmp/p/a.ts',
        sessionID: 'ses_2',
        messageID: 'msg_2',
        callID: 'call_2',
        title: 'Edit this file: /tmp/p/a.ts',
        metadata: {},
        time: { created: 4000 },
      }),
    ) as unknown[];
    expect(ask).toMatchObject({
      id: 'per_2',
      tool_name: 'edit',
      subject: '/tmp/p/a.ts',
      call_id: 'call_2',
      asked_at: 4000,
    });
    const [, answer] = mapSpoolLine(
      line('permission.replied', { sessionID: 'ses_2', permissionID: 'per_2', response: 'reject' }),
    ) as unknown[];
    expect(answer).toMatchObject({ id: 'per_2', decision: 'denied', decided_at: 5000 });
  });

  it('counts a line it cannot read as invalid, never guessing an answer', () => {
    expect(mapSpoolLine(line('permission.asked', { sessionID: 'ses_1' }))).toEqual({
      invalid: 'permission.asked without a session or an id',
    });
    expect(
      mapSpoolLine(line('permission.replied', { sessionID: 'ses_1', requestID: 'per_1', reply: 'later' })),
    ).toEqual({
      invalid: 'permission.replied with an unknown reply "later"',
    });
  });
});
