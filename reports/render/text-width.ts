// How wide text is on a terminal, and shortening it to a width: in the middle, so both ends of a path stay.

// Wide (two-column) code points: CJK, Hangul, full-width forms and most emoji.
const WIDE =
  /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1F64F}\u{1F900}-\u{1F9FF}\u{20000}-\u{3FFFD}]/u;
// Combining marks and zero-width characters take no column.
const ZERO = /[\u0300-\u036F\u200B-\u200F\uFE00-\uFE0F]/u;

const charWidth = (ch: string) => (ZERO.test(ch) ? 0 : WIDE.test(ch) ? 2 : 1);

export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch);
  return w;
}

/** `s` in at most `width` columns: the start and the end kept, an ellipsis between. */
export function shortenMiddle(s: string, width: number): string {
  if (textWidth(s) <= width) return s;
  if (width <= 1) return '…'.slice(0, width);
  const chars = [...s];
  const room = width - 1;
  const headRoom = Math.ceil(room / 2);
  let head = '';
  let w = 0;
  let i = 0;
  for (; i < chars.length && w + charWidth(chars[i]!) <= headRoom; i++) ((head += chars[i]), (w += charWidth(chars[i]!)));
  let tail = '';
  let tw = 0;
  for (let j = chars.length - 1; j >= i && tw + charWidth(chars[j]!) <= room - w; j--)
    ((tail = chars[j] + tail), (tw += charWidth(chars[j]!)));
  return `${head}…${tail}`;
}

export function padTo(s: string, width: number, right: boolean): string {
  const pad = ' '.repeat(Math.max(0, width - textWidth(s)));
  return right ? pad + s : s + pad;
}
