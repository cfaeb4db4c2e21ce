// What a permission prompt is about, normalized so the same question asked again groups with the first.
// Pure and dependency-free: Claude Code's hook calls it inside its budget.
import { asObject, asString } from './json-values.js';

/**
 * A shell command's first two words, after a leading `cd DIR &&` ("cd app && npm install x" is
 * about `npm install`). The same rule as the user-rejected-tool finding's SQL, which the
 * permission-prompts finding uses to find the call a prompt was for: keep them in step.
 */
export function commandPrefix(command: string): string {
  let c = command.trim();
  if (c.startsWith('cd ') && c.includes('&&')) c = c.slice(c.indexOf('&&') + 2).trim();
  const first = `${c} `.indexOf(' ');
  const second = `${c} `.indexOf(' ', first + 1);
  return second < 0 ? c : c.slice(0, second);
}

/**
 * A Claude Code tool's subject: the command's prefix for Bash, the file for file tools, the host for
 * WebFetch; none for other tools (the prompt is about the tool as a whole).
 */
export function claudeToolSubject(tool: string, input: unknown): string | undefined {
  const o = asObject(input);
  if (!o) return undefined;
  if (tool === 'Bash') {
    const command = asString(o.command);
    return command ? commandPrefix(command) : undefined;
  }
  const file = asString(o.file_path) ?? asString(o.notebook_path);
  if (file) return file;
  if (tool === 'WebFetch') {
    const url = asString(o.url);
    try {
      return url ? `domain:${new URL(url).hostname}` : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * An OpenCode prompt's subject: the patterns it offers to remember on "always" (`echo *`), which are
 * what its `permission` config takes, else the patterns asked about; several are joined by ", ".
 */
export function opencodeSubject(always: unknown, patterns: unknown): string | undefined {
  const list = (v: unknown) =>
    Array.isArray(v) ? v.filter((p): p is string => typeof p === 'string' && p !== '') : [];
  const chosen = list(always).length ? list(always) : list(patterns);
  return chosen.length ? chosen.join(', ') : undefined;
}
