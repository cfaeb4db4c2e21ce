// Edits JSON text in place: only what changed is written, so the rest of a user's file keeps its bytes.

interface Node {
  start: number;
  end: number;
  /** Object members in order, with the start of each key. */
  members?: { key: string; keyStart: number; value: Node }[];
  items?: Node[];
}

/** Where each value of `text` is (offsets), for the values edit() needs. */
function parse(text: string): Node {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const str = () => {
    const start = i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (): Node => {
    ws();
    const start = i;
    const ch = text[i];
    if (ch === '{') {
      i++;
      const members: NonNullable<Node['members']> = [];
      ws();
      while (text[i] !== '}') {
        ws();
        const keyStart = i;
        const key = str();
        ws();
        i++; // :
        members.push({ key, keyStart, value: value() });
        ws();
        if (text[i] === ',') i++;
        ws();
      }
      i++;
      return { start, end: i, members };
    }
    if (ch === '[') {
      i++;
      const items: Node[] = [];
      ws();
      while (text[i] !== ']') {
        items.push(value());
        ws();
        if (text[i] === ',') i++;
        ws();
      }
      i++;
      return { start, end: i, items };
    }
    if (ch === '"') {
      str();
      return { start, end: i };
    }
    while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
    return { start, end: i };
  };
  return value();
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The indentation of the line `pos` is on. */
function lineIndent(text: string, pos: number): string {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

interface Edit {
  at: number;
  remove: number;
  insert: string;
}

/** `value` written for a place in `text`: on one line when its container is, else indented to fit. */
function written(value: unknown, multiline: boolean, indent: string, unit: string): string {
  if (!multiline) return JSON.stringify(value);
  return JSON.stringify(value, null, unit).replace(/\n/g, `\n${indent}`);
}

function diff(text: string, node: Node, before: unknown, after: unknown, unit: string, edits: Edit[]): void {
  if (same(before, after)) return;
  const multiline = text.slice(node.start, node.end).includes('\n');
  const inner = lineIndent(text, node.start) + unit;
  if (isObject(before) && isObject(after) && node.members) {
    const removed = Object.keys(before).filter((k) => !(k in after));
    if (removed.length === 0) {
      const added: string[] = [];
      for (const [k, v] of Object.entries(after)) {
        const m = node.members.find((x) => x.key === k);
        if (m) diff(text, m.value, before[k], v, unit, edits);
        else added.push(`${JSON.stringify(k)}:${multiline ? ' ' : ''}${written(v, multiline, inner, unit)}`);
      }
      if (added.length) insertItems(text, node, added, node.members.length > 0, multiline, inner, edits);
      return;
    }
  }
  if (Array.isArray(before) && Array.isArray(after) && node.items && after.length >= before.length) {
    if (before.every((_, k) => k < after.length)) {
      before.forEach((b, k) => diff(text, node.items![k]!, b, after[k], unit, edits));
      const added = after.slice(before.length).map((v) => written(v, multiline, inner, unit));
      if (added.length) insertItems(text, node, added, node.items.length > 0, multiline, inner, edits);
      return;
    }
  }
  const indent = lineIndent(text, node.start);
  edits.push({ at: node.start, remove: node.end - node.start, insert: written(after, multiline, indent, unit) });
}

/** New members or items before the closing bracket of `node`. */
function insertItems(
  text: string,
  node: Node,
  parts: string[],
  nonEmpty: boolean,
  multiline: boolean,
  inner: string,
  edits: Edit[],
): void {
  const close = node.end - 1;
  if (multiline) {
    // After the last value, before the whitespace that leads to the closing bracket.
    let at = close;
    while (at > node.start + 1 && /\s/.test(text[at - 1]!)) at--;
    const lead = nonEmpty ? ',' : '';
    const closeIndent = lineIndent(text, close);
    const body = parts.map((p) => `\n${inner}${p}`).join(',');
    edits.push({ at, remove: close - at, insert: `${lead}${body}\n${closeIndent}` });
  } else {
    edits.push({ at: close, remove: 0, insert: `${nonEmpty ? ',' : ''}${parts.join(',')}` });
  }
}

/**
 * `text` (JSON whose value is `before`) changed to hold `after`: members and items are added in
 * place and changed values replaced where they are, so bytes outside the change stay as they were.
 */
export function editJson(text: string, before: unknown, after: unknown, unit = '  '): string {
  if (text.trim() === '') return `${JSON.stringify(after, null, unit)}\n`;
  const edits: Edit[] = [];
  diff(text, parse(text), before, after, unit, edits);
  let out = text;
  for (const e of edits.sort((a, b) => b.at - a.at)) out = out.slice(0, e.at) + e.insert + out.slice(e.at + e.remove);
  return out;
}
