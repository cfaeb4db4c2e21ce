// The agents' names, loading no parser and no zod: for `--source`, help texts, doctor and the hook path.

/** Every source a row can carry, in the order lists show them. `schema/records.ts`'s `Source` derives from it. */
export const SOURCES = ['claude-code', 'opencode', 'codex', 'gemini'] as const;
export type Source = (typeof SOURCES)[number];

/** How people call each agent. */
export const DISPLAY_NAMES: Readonly<Record<Source, string>> = {
  'claude-code': 'Claude Code',
  opencode: 'OpenCode',
  codex: 'Codex',
  gemini: 'Gemini CLI',
};

/** The short name `agentlog install <name>`, `uninstall <name>` and `hook <name>` take. */
export const SHORT_NAMES: Readonly<Record<Source, string>> = {
  'claude-code': 'claude',
  opencode: 'opencode',
  codex: 'codex',
  gemini: 'gemini',
};

export const displayName = (source: Source): string => DISPLAY_NAMES[source];

/** The source a short name or a source name stands for. */
export const sourceNamed = (name: string): Source | undefined =>
  SOURCES.find((s) => s === name || SHORT_NAMES[s] === name);
