import { defineConfig } from 'vitest/config';
import PlainSummary from './vitest.plain-summary.js';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', new PlainSummary()],
  },
});
