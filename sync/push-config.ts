// Where and as whom to push: --to / --machine, else AGENTLOG_PUSH_URL, else config.json's "push" section.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface PushConfig {
  url?: string;
  machine?: string;
  /** Push after every `agentlog import` (so the SessionEnd hook keeps the team database current). */
  afterImport?: boolean;
}

export class PushConfigError extends Error {}

/** `<configDir>/config.json`: `{"push": {"url": "postgres://…", "machine": "laptop", "after_import": true}}`. */
export function readPushConfig(configDir: string): PushConfig {
  const file = path.join(configDir, 'config.json');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new PushConfigError(`${file} is not valid JSON (${(err as Error).message}); fix or remove it`);
  }
  const push = (parsed as { push?: unknown })?.push;
  if (push === undefined) return {};
  const p = push as Record<string, unknown>;
  const bad = (key: string, want: string) =>
    new PushConfigError(`${file}: push.${key} must be ${want}, e.g. {"push": {"url": "postgres://user@host/team"}}`);
  if (typeof push !== 'object' || push === null) throw bad('', 'an object');
  if (p.url !== undefined && typeof p.url !== 'string') throw bad('url', 'a postgres:// URL');
  if (p.machine !== undefined && typeof p.machine !== 'string') throw bad('machine', 'a name');
  if (p.after_import !== undefined && typeof p.after_import !== 'boolean') throw bad('after_import', 'true or false');
  return {
    url: p.url as string | undefined,
    machine: p.machine as string | undefined,
    afterImport: p.after_import as boolean | undefined,
  };
}

export interface PushTarget {
  url: string;
  machine: string;
}

export function resolvePushTarget(
  flags: { to?: string; machine?: string },
  configDir: string,
  env: NodeJS.ProcessEnv = process.env,
): PushTarget {
  const config = readPushConfig(configDir);
  const url = flags.to ?? env.AGENTLOG_PUSH_URL ?? config.url;
  if (!url) {
    throw new PushConfigError(
      'push: no target. Give --to postgres://user@host/db, set AGENTLOG_PUSH_URL, or put {"push": {"url": …}} in ' +
        path.join(configDir, 'config.json'),
    );
  }
  if (!/^postgres(?:ql)?:\/\//i.test(url)) {
    throw new PushConfigError('push: the target must be a postgres:// or postgresql:// URL');
  }
  const machine = (flags.machine ?? config.machine ?? os.hostname()).trim();
  if (!machine) throw new PushConfigError('push: --machine needs a non-empty name');
  return { url, machine };
}
