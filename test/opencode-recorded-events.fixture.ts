// The events a real OpenCode run sent its plugins (recorded by the harness), for replaying into agentlog's plugin.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/samples/opencode');

export type OpencodeEvent = { id?: string; type: string; properties: Record<string, unknown> };

/** Every `event` hook call of the recorded run, in order. */
export function recordedEvents(version: '1.18.33' | '1.1.65'): OpencodeEvent[] {
  const dir = version === '1.18.33' ? 'opencode-1.18.33-sqlite' : 'opencode-1.1.65-json-storage';
  return fs
    .readFileSync(path.join(SAMPLES, dir, 'plugin/plugin-events.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
    .filter((e) => e.hook === 'event')
    .map((e) => e.input.event ?? e.input);
}

/** The finished tool calls of the recorded 1.18.33 run, as its database's part table has them. */
export const TOOLS_OF_THE_1_18_33_RUN = [
  { tool_name: 'bash', success: 0, n: 1 },
  { tool_name: 'bash', success: 1, n: 3 },
  { tool_name: 'edit', success: 1, n: 1 },
  { tool_name: 'read', success: 0, n: 1 },
  { tool_name: 'read', success: 1, n: 3 },
  { tool_name: 'task', success: 1, n: 1 },
  { tool_name: 'todowrite', success: 1, n: 1 },
  { tool_name: 'write', success: 1, n: 1 },
];
