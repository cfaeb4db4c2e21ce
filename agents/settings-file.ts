// Reads and rewrites a user's JSON settings file safely: a backup first, the same indentation, an atomic swap.
import fs from 'node:fs';
import path from 'node:path';
import { jsonParseProblem } from '../schema/json-error.js';

/** An install or uninstall that cannot go on; `exitCode` 2 when the user's own file must be fixed first. */
export class InstallError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

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
    throw new InstallError(
      `${file} is not valid JSON at ${jsonParseProblem(text, err)}\nfix it first; nothing was changed`,
      2,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InstallError(`${file} does not hold a JSON object; nothing was changed`);
  }
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  return { file, exists: true, text, value: value as Record<string, unknown>, indent };
}

export const serialize = (value: unknown, indent: string) => `${JSON.stringify(value, null, indent)}\n`;

/**
 * The file a write must change: `file` itself, or what it links to (a settings.json kept in a
 * dotfiles repository), so the link stays a link and its target gets the change.
 */
export function writeTarget(file: string): string {
  let target = file;
  for (let hops = 0; hops < 40; hops += 1) {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(target);
    } catch {
      return target; // nothing there yet (or a link to a file still to be created)
    }
    if (!st.isSymbolicLink()) return target;
    target = path.resolve(path.dirname(target), fs.readlinkSync(target));
  }
  throw new InstallError(`${file} is a chain of symbolic links that does not end; nothing was changed`);
}

/**
 * Writes `value` in place of `f.file` (through a symbolic link, to its target, atomically there,
 * with the target's mode), keeping a backup of what was there beside `f.file`. Returns the backup's path.
 */
export function writeJsonFile(
  f: JsonFile,
  value: unknown,
  now = Date.now(),
  content = serialize(value, f.indent),
): string | undefined {
  const target = writeTarget(f.file);
  const via = target === f.file ? '' : ` (the link ${f.file} points to it)`;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  let backup: string | undefined;
  let mode = 0o600;
  if (f.exists) {
    mode = fs.statSync(target).mode & 0o777;
    // Checked on the mode bits, not with access(): root may write anything, but a read-only file says "leave me".
    if ((mode & 0o200) === 0) {
      throw new InstallError(
        `${target}${via} is read-only; make it writable (chmod u+w) or add the hooks by hand; nothing was changed`,
      );
    }
    backup = `${f.file}.agentlog-backup-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
    fs.writeFileSync(backup, f.text, { mode: 0o600 });
  }
  const tmp = `${target}.agentlog-tmp-${process.pid}`;
  fs.writeFileSync(tmp, content, { mode });
  fs.chmodSync(tmp, mode); // the umask must not narrow the mode the file had
  fs.renameSync(tmp, target);
  return backup;
}
