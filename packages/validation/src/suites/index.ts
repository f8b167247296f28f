import type { SuiteSummary } from '../types.js';
import { runContingencySuite } from './contingency.js';
import { runCoxSuite } from './cox.js';
import { runCoxExtras } from './coxExtras.js';
import { runMatchingSuite } from './matching.js';
import { runPropensitySuite } from './propensity.js';
import { runSurvivalSuite } from './survival.js';
import { runTimedepSuite } from './timedep.js';

/**
 * Every reference suite, in report order. Each entry runs the engine on all fixture cases of one
 * domain and compares with the committed R output. One line per suite module.
 */
export const suites: ReadonlyArray<{ name: string; run: () => SuiteSummary }> = [
  // The quick subset of the hard r×c Fisher tables (those R answers in under a second, plus one
  // 3×6 n = 150): all 19 take about 30 s, too long for every report's appendix;
  // packages/stats/bench/fisher.bench.mjs compares all of them with R.
  { name: 'contingency', run: () => runContingencySuite({ fisherHard: 'quick' }) },
  { name: 'cox', run: runCoxSuite },
  { name: 'cox extras', run: runCoxExtras },
  { name: 'survival', run: runSurvivalSuite },
  { name: 'propensity', run: runPropensitySuite },
  { name: 'matching', run: runMatchingSuite },
  { name: 'time-dependent treatment', run: runTimedepSuite },
];
