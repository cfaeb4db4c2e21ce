// The files an apply_patch envelope touches ("*** Add File: p" ...), also when it went through the shell tool.
import type { FileOperation } from '../../schema/records.js';

export interface PatchFile {
  path: string;
  operation: FileOperation;
}

const HEADER = /^\*\*\* (Add|Update|Delete) File: (.+)$|^\*\*\* Move to: (.+)$/;

/** The files of the first `*** Begin Patch` … `*** End Patch` envelope in `text`, in order; [] when there is none. */
export function patchFiles(text: string): PatchFile[] {
  const begin = text.indexOf('*** Begin Patch');
  if (begin < 0) return [];
  const out: PatchFile[] = [];
  for (const raw of text.slice(begin).split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.startsWith('*** End Patch')) break;
    const m = HEADER.exec(line);
    if (!m) continue;
    if (m[3] !== undefined) {
      // A rename: the old path goes away, the new one is where the edit lands.
      const last = out[out.length - 1];
      if (last) {
        last.operation = 'deleted';
        out.push({ path: m[3].trim(), operation: 'created' });
      }
      continue;
    }
    const operation: FileOperation = m[1] === 'Add' ? 'created' : m[1] === 'Delete' ? 'deleted' : 'edited';
    out.push({ path: (m[2] ?? '').trim(), operation });
  }
  return out;
}

/** 0.171's FileChange item: `changes` maps each path to `{type: add | update | delete, move_path?}`. */
export function fileChangeFiles(changes: unknown): PatchFile[] {
  if (typeof changes !== 'object' || changes === null || Array.isArray(changes)) return [];
  const out: PatchFile[] = [];
  for (const [p, c] of Object.entries(changes as Record<string, unknown>)) {
    const type = (c as { type?: unknown } | null)?.type;
    const move = (c as { move_path?: unknown } | null)?.move_path;
    if (type === 'add') out.push({ path: p, operation: 'created' });
    else if (type === 'delete') out.push({ path: p, operation: 'deleted' });
    else if (typeof move === 'string' && move !== '') {
      out.push({ path: p, operation: 'deleted' }, { path: move, operation: 'created' });
    } else out.push({ path: p, operation: 'edited' });
  }
  return out;
}
