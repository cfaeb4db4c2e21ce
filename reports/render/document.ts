// A small document model (headings, paragraphs, lists, tables) written out as markdown or plain text.
import type { Column } from '../report.js';
import type { Row } from '../run-report.js';
import { renderers } from './renderers.js';

export type Block =
  | { kind: 'title'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'para'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; rows: Row[]; columns: readonly Column[] };

/** Inline emphasis is written `**like this**` in block text; plain text drops the markers. */
const plain = (s: string) => s.replace(/\*\*(.+?)\*\*/g, '$1').replace(/`([^`]*)`/g, '"$1"');

export function documentMarkdown(blocks: Block[], tz: string): string {
  const parts = blocks.map((b) => {
    switch (b.kind) {
      case 'title':
        return `# ${b.text}`;
      case 'heading':
        return `## ${b.text}`;
      case 'para':
        return b.text;
      case 'list':
        return b.items.map((i) => `- ${i}`).join('\n');
      case 'table':
        return renderers.markdown(b.rows, b.columns, { tz });
    }
  });
  return `${parts.join('\n\n')}\n`;
}

export function documentText(blocks: Block[], tz: string): string {
  const parts = blocks.map((b) => {
    switch (b.kind) {
      case 'title':
        return `${plain(b.text)}\n${'='.repeat(plain(b.text).length)}`;
      case 'heading':
        return `${b.text}\n${'-'.repeat(b.text.length)}`;
      case 'para':
        return plain(b.text);
      case 'list':
        return b.items.map((i) => `- ${plain(i)}`).join('\n');
      case 'table':
        return renderers.table(b.rows, b.columns, { tz });
    }
  });
  return `${parts.join('\n\n')}\n`;
}
