// End-to-end tests with the real Claude Code and OpenCode programs: `npm run test:e2e` (downloads both).
import { defineConfig } from 'vitest/config';
import PlainSummary from './vitest.plain-summary.js';

export default defineConfig({
  test: {
    include: ['**/*.e2e.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 15 * 60_000,
    hookTimeout: 15 * 60_000,
    fileParallelism: false,
    reporters: ['default', new PlainSummary()],
    // Every record an importer makes is checked against its zod schema in the tests.
    env: { AGENTLOG_CHECK_RECORDS: '1' },
  },
});
