// Which project a Gemini chat belongs to: the chat file's folder names it, in one of two layouts.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { projectName } from '../project-name.js';

export interface GeminiProject {
  project_path?: string;
  project_name?: string;
  /** The folder under `tmp/` holding the chat: a short name (0.61) or the SHA-256 of the root (older). */
  folder?: string;
}

const HASH = /^[0-9a-f]{64}$/;
export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** `tmp/<folder>/chats/session-….jsonl` or `tmp/<folder>/chats/<parent>/<id>.jsonl` → <folder>. */
export function projectFolderOf(file: string): { folder?: string; tmpDir?: string; parentSessionId?: string } {
  const parts = path.resolve(file).split(path.sep);
  const at = parts.lastIndexOf('chats');
  if (at < 1) return {};
  const nested = parts.length - at === 3 ? parts[at + 1] : undefined;
  return { folder: parts[at - 1], tmpDir: parts.slice(0, at - 1).join(path.sep) || path.sep, parentSessionId: nested };
}

/**
 * 0.61 writes the root into `tmp/<name>/.project_root` and `projects.json` maps roots to names.
 * Older releases name the folder by the SHA-256 of the root: a path among the chat's tool
 * arguments (or one of its parents) that hashes to it gives the root back.
 */
export function resolveProject(
  folder: string | undefined,
  sidecars: { projectRoot?: string; projects?: Record<string, string> },
  candidatePaths: string[],
): GeminiProject {
  if (folder === undefined) return {};
  const root = sidecars.projectRoot?.trim();
  if (root) return { folder, project_path: root, project_name: HASH.test(folder) ? projectName(root) : folder };
  for (const [p, name] of Object.entries(sidecars.projects ?? {})) {
    if (name === folder || sha256(p) === folder)
      return { folder, project_path: p, project_name: HASH.test(folder) ? projectName(p) : folder };
  }
  if (HASH.test(folder)) {
    for (const candidate of candidatePaths) {
      for (let dir = candidate; path.isAbsolute(dir); dir = path.dirname(dir)) {
        if (sha256(dir) === folder) return { folder, project_path: dir, project_name: projectName(dir) };
        if (path.dirname(dir) === dir) break;
      }
    }
    // Unknown root: the start of the hash keeps the project's sessions together in reports.
    return { folder, project_name: folder.slice(0, 12) };
  }
  return { folder, project_name: folder };
}

/** The small files beside the chats that name the project (missing ones are simply absent). */
export function readProjectSidecars(
  tmpDir: string | undefined,
  folder: string | undefined,
): { projectRoot?: string; projects?: Record<string, string> } {
  if (!tmpDir || !folder) return {};
  const out: { projectRoot?: string; projects?: Record<string, string> } = {};
  try {
    out.projectRoot = fs.readFileSync(path.join(tmpDir, folder, '.project_root'), 'utf8');
  } catch {
    // not written by releases before 0.6x
  }
  try {
    const j = JSON.parse(fs.readFileSync(path.join(path.dirname(tmpDir), 'projects.json'), 'utf8')) as {
      projects?: unknown;
    };
    if (j && typeof j.projects === 'object' && j.projects !== null) out.projects = j.projects as Record<string, string>;
  } catch {
    // no projects.json (older releases) or one being rewritten: the hash or .project_root decides
  }
  return out;
}
