// The shape every line-based source importer has; the run loop needs nothing else from a source.
import type { ImportState } from '../schema/import-state.js';
import type { AnyRecord, Source } from '../schema/records.js';

export interface RootSearch {
  /** Directories that exist and will be scanned. */
  roots: string[];
  /** Every directory considered, for the "nothing found" message. */
  looked: string[];
}

export type Mapped = AnyRecord[] | { invalid: string };

export interface LineImporter<Ctx> {
  kind: 'lines';
  source: Source;
  /**
   * agentlog's own pending writes (the hooks' spools): read from their default place on every
   * import of this source, whatever paths were given, so nothing a hook handed over waits.
   */
  pending?: boolean;
  /** Bump to make the next import re-read every file of this source (and no other). */
  parserVersion: number;
  defaultRoots(env?: NodeJS.ProcessEnv): RootSearch;
  /** Source files under the given roots, folders or files, sorted; folders it cannot read are named to `onUnreadable`. */
  discover(paths: string[], onUnreadable?: (dir: string, error: string) => void): Promise<string[]>;
  /** Fresh per-file state for one read of `file` (may read small sidecar files). */
  context(file: string): Promise<Ctx>;
  /**
   * Where lines that cannot be used are copied, with their reason, for sources whose lines exist
   * nowhere else (agentlog's own spool). Transcripts stay on disk, so theirs are only reported.
   */
  rejectsTo?(file: string): string;
  /** One parsed JSON object to records, or the reason it cannot be used. Pure apart from `ctx`. */
  map(value: unknown, ctx: Ctx): Mapped;
  /** Records the context still holds back when the read ends (written before the commit). */
  finish?(ctx: Ctx): AnyRecord[];
}

export interface LineProblem {
  path: string;
  line: number;
  reason: string;
}

/** What a store says about itself without being read: changes to it change this. */
export interface StoreFingerprint {
  size: number;
  mtime_ms: number;
}

/**
 * A source that is a database or a tree of files rather than an append-only log (OpenCode).
 * `read` gets the state of the last import and writes what changed since through `write`.
 */
export interface StoreImporter {
  kind: 'store';
  source: Source;
  parserVersion: number;
  defaultRoots(env?: NodeJS.ProcessEnv): RootSearch;
  discover(paths: string[]): Promise<string[]>;
  fingerprint(store: string): Promise<StoreFingerprint>;
  read(
    store: string,
    saved: ImportState | null,
    write: (record: AnyRecord) => void,
    report: (problem: LineProblem) => void,
  ): Promise<{ cursor: number | null; items: number; problems: number }>;
}

export type Importer = LineImporter<unknown> | StoreImporter;
