// Turns the command-line filters into the parameters every report's SQL takes.
import os from 'node:os';
import path from 'node:path';
import type { ReportParams } from './report.js';
import { parseRange } from './time-range.js';
import { checkTimeZone, systemTimeZone } from './zoned-time.js';

export interface FilterInput {
  since?: string;
  until?: string;
  project?: string;
  source?: string;
  model?: string;
  subagents?: boolean;
  tz?: string;
  /** ccusage's name for --tz. */
  timezone?: string;
  limit?: string;
  by?: string;
}

export class ParamError extends Error {}

/** A project given as a path (it has a slash, or starts with . or ~) is matched by its absolute path. */
export function projectParam(project: string | undefined, cwd = process.cwd(), home = os.homedir()): string | null {
  if (!project) return null;
  if (project === '~' || project.startsWith('~/')) return path.join(home, project.slice(1));
  if (project.includes('/') || project.includes('\\') || project.startsWith('.')) return path.resolve(cwd, project);
  return project;
}

export function limitParam(limit: string | undefined, fallback: number): number {
  if (limit === undefined) return fallback;
  const n = Number(limit);
  if (!Number.isInteger(n) || n < 0) throw new ParamError(`--limit "${limit}" must be a whole number (0 for all rows)`);
  return n === 0 ? -1 : n;
}

export function reportParams(input: FilterInput, defaultLimit: number, now = Date.now()): ReportParams {
  const tz = checkTimeZone(input.tz ?? input.timezone ?? systemTimeZone());
  const range = parseRange(input.since, input.until, tz, now);
  return {
    since: range.since,
    until: range.until,
    project: projectParam(input.project),
    source: input.source ?? null,
    model: input.model ?? null,
    subagents: input.subagents === false ? 0 : 1,
    limit: limitParam(input.limit, defaultLimit),
    tz,
    by: input.by ?? null,
  };
}
