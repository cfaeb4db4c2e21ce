// Reads and rewrites a user's JSON settings file safely: a backup first, the same indentation, an atomic swap.
import fs from 'node:fs';
import path from 'node:path';

export class InstallError extends Error {}

export interface JsonFile {
  file: string;
  exists: boolean;
  text: string;
  value: Record<string, unknown>;
  indent: string;
}

export function readJsonFile(file: string): JsonFile {
  let text = '';
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new InstallError(`cannot read ${file}: ${(err as Error).message}`);
    return { file, exists: false, text: '', value: {}, indent: '  ' };
  }
  let value: unknown;
  try {
    value = text.trim() === '' ? {} : JSON.parse(text);
  } catch (err) {
    throw new InstallError(`${file} is not valid JSON (${(err as Error).message}); fix it first, nothing was changed`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InstallError(`${file} does not hold a JSON object; nothing was changed`);
  }
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  return { file, exists: true, text, value: value as Record<string, unknown>, indent };
}

export const serialize = (value: unknown, indent: string) => `${JSON.stringify(value, null, indent)}\n`;

/** Writes `value` in place of `f.file`, keeping a backup of what was there. Returns the backup's path. */
export function writeJsonFile(
  f: JsonFile,
  value: unknown,
  now = Date.now(),
  content = serialize(value, f.indent),
): string | undefined {
  fs.mkdirSync(path.dirname(f.file), { recursive: true });
  let backup: string | undefined;
  let mode = 0o600;
  if (f.exists) {
    mode = fs.statSync(f.file).mode & 0o777;
    backup = `${f.file}.agentlog-backup-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
    fs.writeFileSync(backup, f.text, { mode: 0o600 });
  }
  const tmp = `${f.file}.agentlog-tmp-${process.pid}`;
  fs.writeFileSync(tmp, content, { mode });
  fs.renameSync(tmp, f.file);
  return backup;
}
