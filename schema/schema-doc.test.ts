import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaMarkdown, SCHEMA_END, SCHEMA_START, TABLE_NOTES, withSchema } from './schema-doc.js';

describe('the schema documentation', () => {
  it('in README.md is the one generated from a migrated database (run `npm run docs` after a migration)', () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '../README.md'), 'utf8');
    expect(readme).toContain(SCHEMA_START);
    expect(readme).toContain(SCHEMA_END);
    expect(withSchema(readme, schemaMarkdown())).toBe(readme);
  });

  it('describes every table', () => {
    const doc = schemaMarkdown();
    for (const table of Object.keys(TABLE_NOTES)) expect(doc).toContain(`### \`${table}\``);
    expect(doc.match(/^### /gm)).toHaveLength(Object.keys(TABLE_NOTES).length);
  });
});
