// The LICENSE file says the licence package.json declares.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

it('LICENSE matches package.json', () => {
  const root = path.resolve(__dirname, '..');
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { license: string };
  expect(pkg.license).toBe('MIT');
  expect(fs.readFileSync(path.join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
});
