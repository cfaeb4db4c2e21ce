// The agent contract: the entry object each agent gives the registry, and the importer shapes the run loop uses.
import type { Check } from '../schema/health.js';
import type { ImportState } from '../schema/import-state.js';
import type { AnyRecord } from '../schema/records.js';
import type { Discovery } from './folder-files.js';
import type { Source } from './names.js';

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
  /**
   * Source files under the given roots, folders or files, sorted. Folders are listed through
   * `how.list` (the plan's listing, shared by the agents), and those it cannot read are named to `how.onUnreadable`.
   */
  discover(paths: string[], how?: Discovery): Promise<string[]>;
  /**
   * Fresh per-file state for one read of `file` (may read small sidecar files). Made before the
   * file's first `map`, so an importer loads its mapper here: a run that reads nothing loads none.
   */
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
  discover(paths: string[], how?: Discovery): Promise<string[]>;
  fingerprint(store: string): Promise<StoreFingerprint>;
  read(
    store: string,
    saved: ImportState | null,
    write: (record: AnyRecord) => void,
    report: (problem: LineProblem) => void,
  ): Promise<{ cursor: number | null; items: number; problems: number }>;
}

export type Importer = LineImporter<unknown> | StoreImporter;

/** What an agent's doctor checks are given: nothing about SQL, only answers. */
export interface DoctorContext {
  /** agentlog's entry point, as installed hooks and plugins name it. */
  entry: string;
  /** agentlog's data directory, where the hooks' spools are. */
  dataDir: string;
  /** How many bytes of a file the import state says were read. */
  importedOffset(file: string): number;
}

/** What `agentlog install|uninstall <name>` does for one agent; the text it returns is printed. */
export interface LiveCapture {
  install(opts: { path?: string; entry: string; dryRun?: boolean }): string;
  uninstall(opts: { path?: string; dryRun?: boolean }): string;
}

/**
 * One agent, behind one entry in `agents/registry.ts`. Everything is loaded on demand so the
 * registry itself loads no parser and no zod: `agentlog hook` reads it inside the agent's budget.
 *
 * Ids stay unique across agents: every id an agent writes (sessions, messages, tools, file
 * operations, errors, compactions) is the id the agent itself gave, which is a UUID or a
 * prefixed random id (Claude Code: UUIDs and `toolu_…`; OpenCode: `ses_…`, `msg_…`, `prt_…`,
 * `call_…`), or one built from such an id plus a suffix. An agent whose ids could collide with
 * another's (short counters, file names) prefixes them with `<source>:`. The writer's tests check
 * that importing every agent's fixtures into one database keeps each id with one source.
 */
export interface Agent {
  source: Source;
  /** For `agentlog import --help`: the paths it takes, and where it looks by default. */
  paths: { takes: string; defaults: string };
  /**
   * Files this agent's naming makes its own (a Codex rollout, a Gemini chat): another agent's wider
   * discovery (Claude's every `*.jsonl` below a PATH) leaves them to it. Loads no parser.
   */
  claims?(file: string): boolean;
  /** Its importers (they load zod), in the order they run: transcripts first, then its spools. */
  importers(): Promise<readonly Importer[]>;
  /**
   * `agentlog hook <name> [args...]`: runs inside the agent's hook budget, so it must load no zod.
   * It gets the arguments after the agent's name (a payload given as arguments) and reads stdin itself.
   */
  hook?(): Promise<(args: string[]) => Promise<void>>;
  /** Its live capture: described here for the CLI's help, its installer loaded on demand. */
  live?: {
    /** For help texts: "Claude Code hooks", "the OpenCode plugin". */
    what: string;
    /** The one flag naming the file or folder it writes (`--<name> <path>`), and its help. */
    pathFlag: { name: string; help: string };
    load(): Promise<LiveCapture>;
  };
  /** Its lines of `agentlog doctor`: live capture installed and current, data found, spool backlog. */
  doctor(ctx: DoctorContext): Promise<Check[]>;
}
