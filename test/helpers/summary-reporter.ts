/**
 * Prints one closing line, `tests: N passed, N failed[, N skipped]`, after vitest's
 * own summary: the plain form CI tooling reads whatever the runner.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>) {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const m of modules) {
      const tests = [...m.children.allTests()];
      const states = tests.map((t) => t.result().state);
      // A file that failed with no test failed (it did not load, or a hook failed and its tests
      // never ran): its tests that did not pass count as failed, at least one.
      const hookFailed = m.state() === 'failed' && !states.includes('failed');
      for (const state of states) {
        if (state === 'passed') counts.passed++;
        else if (state === 'failed' || hookFailed) counts.failed++;
        else counts.skipped++;
      }
      if (hookFailed && states.every((s) => s === 'passed')) counts.failed++;
    }
    const skipped = counts.skipped ? `, ${counts.skipped} skipped` : '';
    process.stdout.write(`\ntests: ${counts.passed} passed, ${counts.failed} failed${skipped}\n`);
  }
}
