import { parentPort } from 'node:worker_threads';
import { suites } from '@survkit/validation';
import type { ValidationSummaryRow } from '../analysis/types.js';

/**
 * Runs every reference suite of @survkit/validation, one by one so that a suite that throws is
 * reported as such instead of hiding the others, and posts the summaries.
 */
const rows: ValidationSummaryRow[] = suites.map((entry) => {
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
parentPort?.postMessage(rows);
