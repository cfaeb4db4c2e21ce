// Lists every file below a folder once, for all the agents that look there (the import plan shares it).
import fs from 'node:fs';
import path from 'node:path';

export interface FolderListing {
  /**
   * Every regular file below the folder: `rel` is its `/`-separated path relative to the folder,
   * `abs` its absolute path (built once here, not by each agent). A name starting with a dot is
   * left out with all below it, and symbolic links are neither listed nor followed: the agents'
   * globs (`**` without `dot`, links not followed) never chose those either.
   */
  files: { rel: string; abs: string }[];
  /** Folders below it that could not be read (a folder removed meanwhile is not one). */
  unreadable: { dir: string; error: string }[];
}

export type ListFolder = (dir: string) => FolderListing;

/** How an agent's `discover` looks in folders: the plan's shared listing, and where unreadable folders are named. */
export interface Discovery {
  list?: ListFolder;
  onUnreadable?: (dir: string, error: string) => void;
}

export const listFolder: ListFolder = (root) => {
  const files: FolderListing['files'] = [];
  const unreadable: FolderListing['unreadable'] = [];
  // `dir` ends with a separator: each file's absolute path is one concatenation.
  const walk = (dir: string, rel: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code !== 'ENOENT') unreadable.push({ dir: path.resolve(dir), error: e.message });
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const below = rel === '' ? entry.name : `${rel}/${entry.name}`;
      const abs = dir + entry.name;
      if (entry.isFile()) files.push({ rel: below, abs });
      else if (entry.isDirectory()) walk(abs + path.sep, below);
    }
  };
  const top = path.resolve(root);
  walk(top.endsWith(path.sep) ? top : top + path.sep, '');
  return { files, unreadable };
};

/** A `ListFolder` that walks each folder once however many agents ask: one per import plan. */
export function sharedListing(list: ListFolder = listFolder): ListFolder {
  const listed = new Map<string, FolderListing>();
  return (dir) => {
    const abs = path.resolve(dir);
    let listing = listed.get(abs);
    if (!listing) listed.set(abs, (listing = list(abs)));
    return listing;
  };
}

/** The file name of a listed path. */
export const baseName = (rel: string) => rel.slice(rel.lastIndexOf('/') + 1);
