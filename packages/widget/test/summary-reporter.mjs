// Writes {"passed","failed","skipped"} of the whole run, for the repo's test script.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function summaryReporter(file) {
  return {
    onTestRunFinished({ sessions }) {
      const sum = { passed: 0, failed: 0, skipped: 0 };
      const walk = (suite) => {
        for (const t of suite.tests) sum[t.skipped ? 'skipped' : t.passed ? 'passed' : 'failed']++;
        for (const s of suite.suites) walk(s);
      };
      for (const session of sessions) {
        const before = sum.failed;
        if (session.testResults) walk(session.testResults);
        // a file that failed to load, or errored outside any test, still counts as a failure
        if (!session.passed && sum.failed === before) sum.failed++;
      }
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(sum));
    },
  };
}
