// Adds agentlog's `notify` program to Codex's config.toml text, or takes it out again, touching nothing else.

export class NotifyConfigError extends Error {}

/** The comment above agentlog's `notify` line: how uninstall finds exactly what install added. */
export const MARKER = '# agentlog: notify added by `agentlog install codex` (`agentlog uninstall codex` removes it)';
/** Prefix of the lines of a notify program that was there before: agentlog runs it and restores it. */
export const ORIGINAL = '# agentlog-original: ';
/** The first argument agentlog's notify line passes: the entry point dispatches on it. */
/** What agentlog's notify line runs after agentlog's entry point. */
export const NOTIFY_ARGS = ['hook', 'codex'] as const;

const tomlString = (s: string) => JSON.stringify(s); // JSON's escapes are valid in TOML basic strings

/** Splits text into lines, remembering whether it ended with a newline. */
function linesOf(text: string): { lines: string[]; newline: boolean } {
  const newline = text === '' || text.endsWith('\n');
  const lines = text === '' ? [] : (newline ? text.slice(0, -1) : text).split('\n');
  return { lines, newline };
}
const joined = (lines: string[]) => (lines.length === 0 ? '' : `${lines.join('\n')}\n`);

/** Index of the first table header (`[x]` / `[[x]]`): top-level keys must come before it. */
function firstTable(lines: string[]): number {
  const i = lines.findIndex((l) => /^\s*\[/.test(l));
  return i < 0 ? lines.length : i;
}

/**
 * Reads a TOML array of strings (basic or literal, possibly over several lines). Returns the
 * strings and how many characters of `src` the array took, or null when it is anything else.
 */
export function parseStringArray(src: string): { values: string[]; end: number } | null {
  let i = 0;
  const skip = () => {
    for (;;) {
      while (i < src.length && /\s/.test(src[i]!)) i++;
      if (src[i] === '#') {
        while (i < src.length && src[i] !== '\n') i++;
      } else return;
    }
  };
  skip();
  if (src[i] !== '[') return null;
  i++;
  const values: string[] = [];
  for (;;) {
    skip();
    if (src[i] === ']') return { values, end: i + 1 };
    const q = src[i];
    if (q === "'") {
      const close = src.indexOf("'", i + 1);
      if (close < 0) return null;
      values.push(src.slice(i + 1, close));
      i = close + 1;
    } else if (q === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      if (j >= src.length) return null;
      try {
        values.push(
          JSON.parse(
            src
              .slice(i, j + 1)
              .replace(/\\U([0-9a-fA-F]{8})/g, (_, h: string) => String.fromCodePoint(parseInt(h, 16))),
          ) as string,
        );
      } catch {
        return null;
      }
      i = j + 1;
    } else return null;
    skip();
    if (src[i] === ',') i++;
    else if (src[i] !== ']') return null;
  }
}

/** Where the top-level `notify = [...]` is: its first line, the line after it, and the program it names. */
function findNotify(lines: string[]): { start: number; end: number; argv: string[] } | null {
  const top = firstTable(lines);
  for (let i = 0; i < top; i++) {
    const m = /^\s*notify\s*=\s*/.exec(lines[i]!);
    if (!m) continue;
    // The array may span lines: take lines until it closes.
    for (let end = i + 1; end <= top; end++) {
      const src = lines.slice(i, end).join('\n').slice(m[0].length);
      const parsed = parseStringArray(src);
      if (parsed) {
        const rest = src.slice(parsed.end).trim();
        if (rest !== '' && !rest.startsWith('#'))
          throw new NotifyConfigError('its top-level `notify` is followed by something agentlog cannot read');
        return { start: i, end, argv: parsed.values };
      }
    }
    throw new NotifyConfigError('its top-level `notify` is not an array of strings');
  }
  return null;
}

/**
 * The config with agentlog's notify program: `[...command, "hook", "codex"]`, and when another
 * program was there, `"--"` and that program's arguments after it (agentlog runs it with the same
 * arguments Codex gives, and uninstall puts its lines back as they were). Idempotent: an agentlog
 * line that is there already (another path) is replaced.
 */
export function withAgentlogNotify(text: string, command: string[]): string {
  const { lines, newline } = linesOf(withoutAgentlogNotify(text));
  const found = findNotify(lines);
  const argv = [...command, ...NOTIFY_ARGS, ...(found && found.argv.length > 0 ? ['--', ...found.argv] : [])];
  const ours = [MARKER, `notify = [${argv.map(tomlString).join(', ')}]`];
  if (found) {
    const original = lines.slice(found.start, found.end).map((l) => `${ORIGINAL}${l}`);
    lines.splice(found.start, found.end - found.start, ...ours, ...original);
  } else {
    const at = firstTable(lines);
    // A blank line between our key and the table that follows, as people write TOML.
    lines.splice(at, 0, ...ours, ...(at < lines.length ? [''] : []));
  }
  // A file that did not end with a newline still does not: uninstall gives back the same bytes.
  return newline ? joined(lines) : joined(lines).slice(0, -1);
}

/** The config without what `withAgentlogNotify` added: the marker, its notify line, and the original back. */
export function withoutAgentlogNotify(text: string): string {
  const { lines, newline } = linesOf(text);
  const at = lines.indexOf(MARKER);
  if (at < 0) return text;
  const ours = findNotify(lines.slice(at + 1).length ? ['', ...lines.slice(at + 1)] : []);
  let end = at + 1;
  if (ours && ours.start === 1) end = at + ours.end; // the lines of our notify array
  const rest = lines.slice(end);
  let restored = 0;
  while (restored < rest.length && rest[restored]!.startsWith(ORIGINAL)) restored++;
  const original = rest.slice(0, restored).map((l) => l.slice(ORIGINAL.length));
  let after = rest.slice(restored);
  // install added a blank line before the next table when there was no notify: take it back too.
  if (original.length === 0 && after[0] === '' && /^\s*\[/.test(after[1] ?? '')) after = after.slice(1);
  const out = [...lines.slice(0, at), ...original, ...after];
  const s = joined(out);
  return newline || out.length === 0 ? s : s.slice(0, -1);
}

/** The program agentlog's notify line chains to (what was there before install), or [] when none. */
export function chainedProgram(argv: string[]): string[] {
  const i = argv.indexOf('--');
  return i < 0 ? [] : argv.slice(i + 1);
}

/** True when the config has agentlog's notify line, with the command it runs. */
export function agentlogNotify(text: string): string[] | null {
  const { lines } = linesOf(text);
  const at = lines.indexOf(MARKER);
  if (at < 0) return null;
  const found = findNotify(['', ...lines.slice(at + 1)]);
  return found && found.start === 1 ? found.argv : null;
}
