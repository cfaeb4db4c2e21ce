import { defineConfig } from 'vitest/config';
import PlainSummary from './vitest.plain-summary.js';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    // Generous: these machines are shared and slow at times; tests wait for outcomes, not for times.
    testTimeout: 5 * 60_000,
    hookTimeout: 5 * 60_000,
    reporters: ['default', new PlainSummary()],
    // Every record an importer makes is checked against its zod schema in the tests.
    env: { AGENTLOG_CHECK_RECORDS: '1' },
    // Every test file gets a temporary HOME and none of the user's AGENTLOG_DB, CLAUDE_CONFIG_DIR, XDG_*...
    setupFiles: ['test/hermetic-env.setup.ts'],
  },
});
