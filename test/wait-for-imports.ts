// Waits for the detached imports that live hooks started to finish (for e2e tests and the bench).
import { execFileSync } from 'node:child_process';

/** True while some `agentlog ... import` process started from this checkout is running. */
function importsRunning(entry: string): boolean {
  try {
    const out = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
    return out.split('\n').some((l) => l.includes(entry) && / import /.test(l));
  } catch {
    return false;
  }
}

export async function waitForImports(entry: string, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  await new Promise((r) => setTimeout(r, 500));
  while (importsRunning(entry) && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
}
