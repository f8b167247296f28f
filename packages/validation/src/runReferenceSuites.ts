import { suites } from './suites/index.js';
import type { SuiteOutcome } from './types.js';

/**
 * Runs every reference suite (`suites`, in report order) and returns one row per suite: how many
 * R fixture cases and numbers it compared and how many agreed within the suite's tolerance.
 *
 * Suites run one by one, so a suite that throws is reported as such (`error` holds its message,
 * the counts are 0) instead of hiding the others. Synchronous and CPU-bound (tens of seconds):
 * run it in a worker thread when something else should proceed meanwhile.
 *
 * @example
 * const rows = runReferenceSuites();
 * const allAgree = rows.every((r) => r.error === null && r.passed === r.checks);
 */
export function runReferenceSuites(): SuiteOutcome[] {
  return suites.map((entry) => {
    try {
      const s = entry.run();
      return {
        suite: s.suite,
        oracle: s.oracle,
        cases: s.cases,
        checks: s.checks,
        passed: s.passed,
        error: null,
      };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { suite: entry.name, oracle: '', cases: 0, checks: 0, passed: 0, error: message };
    }
  });
}
