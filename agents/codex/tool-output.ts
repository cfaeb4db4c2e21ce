// Reads a Codex tool output (any of its three formats) into success, exit code, stated duration and text.

export interface ToolOutcome {
  failed: boolean;
  /** The output text without its JSON wrapper (what the tool printed). */
  text: string;
  exitCode?: number;
  /** From `metadata.duration_seconds` or a `Wall time: N seconds` line. */
  durationMs?: number;
  /** A unified-exec process still running (`Process running with session ID N`): no outcome yet. */
  running: boolean;
}

/** The text of an output value: a string, the text parts of a list, or a JSON object as text. */
export function outputText(out: unknown): string {
  if (typeof out === 'string') return out;
  if (Array.isArray(out))
    return out
      .map((x) => (typeof x === 'object' && x !== null ? String((x as { text?: unknown }).text ?? '') : String(x)))
      .join('');
  if (typeof out === 'object' && out !== null) return JSON.stringify(out);
  return '';
}

const EXIT_RES = [/^Exit code: (-?\d+)/m, /Process exited with code (-?\d+)/];
const WALL_TIME = /^Wall time: ([\d.]+) seconds?/m;

const seconds = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.round(v * 1000) : undefined;

/**
 * The failure rule is `shared/tools/oracle_codex.py`'s, so counts agree: a JSON wrapper's
 * `metadata.exit_code` decides when present; else an `Exit code: N` or `Process exited with
 * code N` line; else text that starts with `apply_patch verification failed`, `execution
 * error` or `aborted`, or mentions `failed to apply patch`; `"success": false` anywhere fails.
 */
export function readToolOutput(out: unknown): ToolOutcome {
  const result: ToolOutcome = { failed: false, text: '', running: false };
  if (typeof out === 'object' && out !== null && (out as { success?: unknown }).success === false) result.failed = true;
  let text = outputText(out);
  result.text = text;
  if (text.trimStart().startsWith('{')) {
    let j: unknown;
    try {
      j = JSON.parse(text);
    } catch {
      j = undefined; // not a JSON wrapper after all: read as plain text below
    }
    if (typeof j === 'object' && j !== null && !Array.isArray(j)) {
      const w = j as { success?: unknown; metadata?: unknown; output?: unknown };
      if (w.success === false) result.failed = true;
      const md =
        typeof w.metadata === 'object' && w.metadata !== null ? (w.metadata as Record<string, unknown>) : undefined;
      const inner = w.output === undefined ? text : typeof w.output === 'string' ? w.output : JSON.stringify(w.output);
      result.durationMs = seconds(md?.duration_seconds);
      if (md && 'exit_code' in md) {
        const code = md.exit_code;
        if (typeof code === 'number' && Number.isInteger(code)) result.exitCode = code;
        if (code !== null && code !== undefined && code !== 0) result.failed = true;
        result.text = inner;
        return result;
      }
      text = inner;
      result.text = inner;
    }
  }
  if (result.durationMs === undefined) {
    const wall = WALL_TIME.exec(text);
    if (wall) result.durationMs = seconds(Number(wall[1]));
  }
  for (const re of EXIT_RES) {
    const m = re.exec(text);
    if (m) {
      result.exitCode = Number(m[1]);
      if (result.exitCode !== 0) result.failed = true;
      return result;
    }
  }
  if (/Process running with session ID/.test(text)) result.running = true;
  const low = text.trimStart().toLowerCase();
  if (
    low.startsWith('apply_patch verification failed') ||
    low.startsWith('execution error') ||
    low.startsWith('aborted') ||
    low.includes('failed to apply patch')
  )
    result.failed = true;
  return result;
}

/** The kind of a failed output, for grouping: the exit code, or what went wrong with a patch. */
export function failureKind(o: ToolOutcome): string | undefined {
  if (o.exitCode !== undefined && o.exitCode !== 0) return `Exit code ${o.exitCode}`;
  const low = o.text.trimStart().toLowerCase();
  if (low.startsWith('apply_patch verification failed') || low.includes('failed to apply patch'))
    return 'patch did not apply';
  if (low.startsWith('aborted')) return 'interrupted';
  return undefined;
}
