// Measures the live hooks: `agentlog hook` wall time as a whole process, and the plugin's cost per event.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AgentlogPlugin } from '../agents/opencode/plugin/agentlog-plugin.js';
import { recordedEvents } from '../test/opencode-recorded-events.fixture.js';
import { waitForImports } from '../test/wait-for-imports.js';
import { percentile, type Measure } from './measure.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const ENTRY = path.join(ROOT, 'dist/bin/agentlog.js');

/**
 * Wall time of whole `agentlog hook` processes. Between runs it waits for the import a SessionEnd
 * started to finish, so each run measures the hook, not the previous run's import competing for CPU.
 */
async function hookWallTimes(stdin: string, env: NodeJS.ProcessEnv, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [ENTRY, 'hook'], { input: stdin, env, stdio: ['pipe', 'ignore', 'ignore'] });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`agentlog hook exited ${r.status}`);
    await waitForImports(ENTRY);
  }
  return times;
}

export async function benchHooks(runs = 21): Promise<Measure[]> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-bench-hooks-'));
  const env = { PATH: process.env.PATH ?? '', HOME: home, XDG_DATA_HOME: path.join(home, 'data') };
  try {
    // A database with history in it, and a transcript of 50 MB: SessionEnd must not read it.
    spawnSync(process.execPath, [ENTRY, 'import', '--quiet', path.join(ROOT, 'fixtures/demo/claude/projects')], {
      env,
    });
    const transcript = path.join(home, 'big', 'bench-session.jsonl');
    fs.mkdirSync(path.dirname(transcript), { recursive: true });
    const line = fs.readFileSync(
      path.join(
        ROOT,
        'fixtures/demo/claude/projects/-tmp-cc-harness-work-demo-app/984d4101-6f42-4417-89ad-6452a6573612.jsonl',
      ),
      'utf8',
    );
    const fd = fs.openSync(transcript, 'w');
    for (let size = 0; size < 50 * 1024 * 1024; size += line.length) fs.writeSync(fd, line);
    fs.closeSync(fd);
    const payload = (event: string) =>
      JSON.stringify({
        session_id: 'bench-session',
        transcript_path: transcript,
        cwd: home,
        hook_event_name: event,
        source: 'startup',
        reason: 'other',
      });

    const start = await hookWallTimes(payload('SessionStart'), env, runs);
    const end = await hookWallTimes(payload('SessionEnd'), env, runs);
    // Runs before Claude Code shows its permission dialog, so the user waits for it.
    const permission = await hookWallTimes(
      JSON.stringify({
        ...JSON.parse(payload('PermissionRequest')),
        tool_name: 'Bash',
        tool_input: { command: 'npm install left-pad', description: 'Install left-pad' },
      }),
      env,
      runs,
    );

    // The plugin: every event a real OpenCode 1.18.33 run sent, replayed 20 times.
    process.env.XDG_DATA_HOME = path.join(home, 'data');
    const events = recordedEvents('1.18.33').filter((e) => e.type !== 'session.idle'); // no import processes in the measurement
    const plugin = await AgentlogPlugin();
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) for (const event of events) await plugin.event({ event });
    const perEvent = (performance.now() - t0) / (20 * events.length);

    return [
      {
        name: 'hook SessionStart, median wall time',
        value: percentile(start, 50),
        unit: 'ms',
        target: 100,
        detail: `p95 ${percentile(start, 95).toFixed(0)} ms over ${runs} runs`,
      },
      {
        name: 'hook SessionEnd (50 MB transcript), median wall time',
        value: percentile(end, 50),
        unit: 'ms',
        target: 150,
        detail: `p95 ${percentile(end, 95).toFixed(0)} ms over ${runs} runs`,
      },
      {
        name: 'hook PermissionRequest, median wall time',
        value: percentile(permission, 50),
        unit: 'ms',
        target: 100,
        detail: `p95 ${percentile(permission, 95).toFixed(0)} ms over ${runs} runs`,
      },
      {
        name: 'OpenCode plugin, cost per event',
        value: perEvent,
        unit: 'ms',
        target: 0.2,
        detail: `${20 * events.length} events replayed`,
      },
    ];
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}
