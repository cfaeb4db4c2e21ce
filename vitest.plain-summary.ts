// A last line any CI can read, after vitest's own report: "tests: N passed, N failed, N skipped".
import type { Reporter, TestModule } from 'vitest/node';

export default class PlainSummary implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>): void {
    const counts = { passed: 0, failed: 0, skipped: 0, pending: 0 };
    for (const m of modules) for (const t of m.children.allTests()) counts[t.result().state] += 1;
    // A module that failed to load has no tests but must not read as green.
    const broken = modules.filter((m) => m.state() === 'failed' && [...m.children.allTests()].length === 0).length;
    const failed = counts.failed + broken + errors.length;
    process.stdout.write(
      `\ntests: ${counts.passed} passed, ${failed} failed, ${counts.skipped + counts.pending} skipped\n`,
    );
  }
}
