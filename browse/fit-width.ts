// Text that fits a terminal: lines wrapped or cut to a width, and the width to use.

/** Width used when stdout is not a terminal (a pipe, a file) or does not say. */
export const DEFAULT_WIDTH = 100;
/** Below this the indented timeline has no room left for text. */
const MIN_WIDTH = 40;

export function outputWidth(columns: number | undefined): number {
  return Math.max(MIN_WIDTH, columns && columns > 0 ? columns : DEFAULT_WIDTH);
}

/** One line of at most `width` characters: whitespace folded, the rest cut with an ellipsis. */
export function cut(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > width ? `${flat.slice(0, Math.max(0, width - 1))}…` : flat;
}

/**
 * `text` wrapped at word boundaries to `width` (a word longer than the width is split), at most
 * `maxLines` lines, the last one ending in "…" when something was left out.
 */
export function wrap(text: string, width: number, maxLines = Infinity): string[] {
  const out: string[] = [];
  const w = Math.max(10, width);
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    // A line's own indentation (code, command output) is kept, up to half the width.
    const expanded = raw.replace(/\t/g, '  ');
    const lead = expanded.match(/^ */)![0].slice(0, w >> 1);
    const para = expanded.trimStart();
    let line = lead;
    for (const word of para.split(/ +/)) {
      let rest = word;
      while (rest.length > w - lead.length) {
        if (line.trim()) (out.push(line), (line = lead));
        out.push(lead + rest.slice(0, w - lead.length));
        rest = rest.slice(w - lead.length);
      }
      if (!line.trim()) line = lead + rest;
      else if (line.length + 1 + rest.length <= w) line += ` ${rest}`;
      else (out.push(line), (line = lead + rest));
    }
    out.push(line.trimEnd());
    if (out.length > maxLines) break;
  }
  while (out.length && out.at(-1) === '') out.pop();
  if (out.length > maxLines) {
    out.length = maxLines;
    out[maxLines - 1] = `${out[maxLines - 1]!.slice(0, w - 1)}…`;
  }
  return out;
}
