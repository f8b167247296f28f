import type { SuiteSummary } from '../types.js';
import { runContingencySuite } from './contingency.js';
import { runCoxSuite } from './cox.js';
import { runCoxExtras } from './coxExtras.js';
import { runSurvivalSuite } from './survival.js';

/**
 * Every reference suite, in report order. Each entry runs the engine on all fixture cases of one
 * domain and compares with the committed R output. One line per suite module.
 */
export const suites: ReadonlyArray<{ name: string; run: () => SuiteSummary }> = [
  { name: 'contingency', run: runContingencySuite },
  { name: 'cox', run: runCoxSuite },
  { name: 'cox extras', run: runCoxExtras },
  { name: 'survival', run: runSurvivalSuite },
];
