// Where in a JSON text JSON.parse gave up, as the line and column a user finds in an editor.

/**
 * `JSON.parse`'s error for `text`, turned into "line L, column C: <reason>". Node 20's message
 * gives an offset ("at position 14"), newer ones also "(line 3 column 3)"; a text that ends
 * too early gives neither, and its position is then the end of the text (less trailing white space).
 */
export function jsonParseProblem(text: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const reason = message
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .replace(/ in JSON at position \d+.*$/, '')
    .replace(/^Unexpected end of JSON input$/, 'the text ends before the JSON does');
  const lineColumn = /\(line (\d+) column (\d+)\)/.exec(message);
  if (lineColumn) return `line ${lineColumn[1]}, column ${lineColumn[2]}: ${reason}`;
  const at = /at position (\d+)/.exec(message);
  // Past the last character that is not white space, the parser only noticed the end: point at where it came.
  const end = text.trimEnd().length;
  const { line, column } = lineAndColumn(text, Math.min(at ? Number(at[1]) : end, end));
  return `line ${line}, column ${column}: ${reason}`;
}

/** The 1-based line and column of a 0-based offset in `text` (columns count UTF-16 units, as offsets do). */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split(/\r\n|\r|\n/);
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}
