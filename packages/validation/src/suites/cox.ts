import { type CoxData, type CoxOptions, coxPH } from '@survkit/stats';
import { CheckList } from '../compare.js';
import { readFixture } from '../fixtures.js';
import type { SuiteSummary } from '../types.js';

/**
 * Tolerance of every Cox comparison with R (issue 5 asks for relative 1e-6 or better). We follow
 * R's own Newton iterates, so agreement is far tighter than the 1e-9 convergence rule suggests.
 */
export const COX_TOLERANCE = 1e-7;
/** Values R reports as (rounded-off) zero, e.g. a score statistic at the optimum, compare absolutely below this. */
const TINY = 1e-10;

/** R's results for one model, as written by `r/cox.R`. */
export interface CoxExpected {
  readonly coef: (number | null)[];
  readonly se: number[];
  readonly robustSe: number[] | null;
  readonly hazardRatio: (number | null)[];
  readonly lower: (number | null)[];
  readonly upper: (number | null)[];
  readonly z: (number | null)[];
  readonly pValue: (number | null)[];
  readonly loglik: [number, number];
  /** [statistic, df, p] */
  readonly logtest: [number, number, number];
  readonly sctest: [number, number, number];
  readonly waldtest: [number, number, number];
  readonly robscore: [number, number, number] | null;
  readonly concordance: number;
  readonly concordanceSe: number;
  readonly iter: number;
  readonly n: number;
  readonly nevent: number;
  readonly variance: number[][];
  readonly naiveVariance: number[][] | null;
  readonly robust: boolean;
  readonly warnings: string[];
}

export interface CoxCase {
  readonly name: string;
  /** The R call reproduced. */
  readonly call: string;
  readonly data: CoxData;
  readonly options: CoxOptions;
  readonly expected: CoxExpected;
}

/** `coxph(..., init = beta, iter.max = 0)`: R's log-likelihood, information, score and variance at `beta`. */
export interface CoxEvaluationCase {
  readonly name: string;
  readonly call: string;
  readonly data: CoxData;
  readonly ties: 'efron' | 'breslow';
  readonly beta: number[];
  readonly loglik: number;
  readonly information: number[][];
  readonly score: number[];
  readonly variance: number[][];
  readonly sctest: number;
}

export interface CoxFixture {
  readonly generatedBy: string;
  readonly r: string;
  readonly survival: string;
  readonly cases: readonly CoxCase[];
  readonly evaluations: readonly CoxEvaluationCase[];
}

/** R's non-finite values, written by `r/cox.R` as strings. */
function decodeR(value: unknown): unknown {
  if (value === 'NA') return null;
  if (value === 'Inf') return Number.POSITIVE_INFINITY;
  if (value === '-Inf') return Number.NEGATIVE_INFINITY;
  if (Array.isArray(value)) return value.map(decodeR);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decodeR(v)]));
  return value;
}

let cached: CoxFixture | undefined;

/** Loads the committed R output of `r/cox.R` (R's "NA"/"Inf" strings decoded to null/±Infinity). */
export function coxFixture(): CoxFixture {
  cached ??= decodeR(readFixture<unknown>('cox.json')) as CoxFixture;
  return cached;
}

/** Compares one fitted model with R. */
export function checkCoxCase(checks: CheckList, c: CoxCase): void {
  const fit = coxPH(c.data, c.options);
  const name = `${c.name}: ${c.call}`;
  checkCoxTerms(checks, name, fit, c.expected);
  checkCoxTests(checks, name, fit, c.expected);
  checkCoxModel(checks, name, fit, c.expected);
}

type CoxFit = ReturnType<typeof coxPH>;

/** The per-term columns of summary(fit): coef, se (robust too), exp(coef), its CI, z and p. */
function checkCoxTerms(checks: CheckList, name: string, fit: CoxFit, e: CoxExpected): void {
  const tol = COX_TOLERANCE;
  checks.addArray(
    name,
    'coef',
    fit.terms.map((t) => t.coef),
    e.coef,
    tol,
  );
  // R reports se 0 for NA coefficients; we report null
  checks.addArray(
    name,
    'se',
    fit.terms.map((t) => t.stdErr ?? 0),
    e.se,
    tol,
    TINY,
  );
  if (e.robustSe !== null)
    checks.addArray(
      name,
      'robustSe',
      fit.terms.map((t) => t.robustStdErr ?? 0),
      e.robustSe,
      tol,
      TINY,
    );
  checks.add(name, 'robust used', fit.robust ? 1 : 0, e.robust ? 1 : 0, 0);
  const columns = [
    ['hazardRatio', (t) => t.hazardRatio, e.hazardRatio],
    ['lower', (t) => t.lower, e.lower],
    ['upper', (t) => t.upper, e.upper],
    ['z', (t) => t.z, e.z],
    ['pValue', (t) => t.pValue, e.pValue],
  ] as const satisfies readonly (readonly [string, (t: CoxFit['terms'][number]) => unknown, unknown])[];
  for (const [label, ours, theirs] of columns) checks.addArray(name, label, fit.terms.map(ours), theirs, tol);
}

/** The log-likelihoods and the three (four, robust) global tests of summary(fit). */
function checkCoxTests(checks: CheckList, name: string, fit: CoxFit, e: CoxExpected): void {
  const tol = COX_TOLERANCE;
  checks.add(name, 'logLik.null', fit.logLik.null, e.loglik[0], tol);
  checks.add(name, 'logLik.model', fit.logLik.model, e.loglik[1], tol);
  const tests: Array<[string, { statistic: number; df: number; pValue: number }, [number, number, number]]> =
    [
      ['likelihoodRatioTest', fit.likelihoodRatioTest, e.logtest],
      ['scoreTest', fit.scoreTest, e.sctest],
      ['waldTest', fit.waldTest, e.waldtest],
    ];
  if (e.robscore !== null && fit.robustScoreTest !== undefined)
    tests.push(['robustScoreTest', fit.robustScoreTest, e.robscore]);
  else if (e.robscore !== null) checks.add(name, 'robustScoreTest present', null, 1, 0);
  for (const [label, ours, theirs] of tests) {
    checks.add(name, `${label}.statistic`, ours.statistic, theirs[0], tol, TINY);
    checks.add(name, `${label}.df`, ours.df, theirs[1], 0);
    checks.add(name, `${label}.pValue`, ours.pValue, theirs[2], tol);
  }
}

/** Concordance, iterations, sizes, the variance matrices and R's warnings. */
function checkCoxModel(checks: CheckList, name: string, fit: CoxFit, e: CoxExpected): void {
  const tol = COX_TOLERANCE;
  checks.add(name, 'concordance.estimate', fit.concordance.estimate, e.concordance, tol);
  checks.add(name, 'concordance.se', fit.concordance.stdErr, e.concordanceSe, tol);
  checks.add(name, 'iterations', fit.iterations, e.iter, 0);
  checks.add(name, 'n', fit.n, e.n, 0);
  checks.add(name, 'nEvents', fit.events, e.nevent, 0);
  checks.addArray(name, 'variance', fit.variance.flat(), e.variance.flat(), tol, TINY);
  // every warning R gave, word for word (we may add "X matrix deemed to be singular", which R
  // stopped printing but still uses as its error text)
  for (const w of e.warnings) checks.add(name, `warning "${w}"`, fit.warnings.includes(w) ? 1 : 0, 1, 0);
  if (e.naiveVariance !== null)
    checks.addArray(
      name,
      'naiveVariance',
      (fit.naiveVariance ?? []).flat(),
      e.naiveVariance.flat(),
      tol,
      TINY,
    );
}

/**
 * Checks the kernel at a non-optimal β through the public API: `coxPH(data, { init: β,
 * maxIter: 0 })` is R's `coxph(init = β, iter.max = 0)`, whose log-likelihood is l(β), whose
 * variance is I(β)⁻¹ and whose score test is U'I⁻¹U at β.
 */
export function checkCoxEvaluation(checks: CheckList, c: CoxEvaluationCase): void {
  const fit = coxPH(c.data, { ties: c.ties, init: c.beta, maxIter: 0 });
  const name = `${c.name}: ${c.call}`;
  checks.add(name, 'loglik at b', fit.logLik.null, c.loglik, COX_TOLERANCE);
  checks.add(name, 'loglik at b (model)', fit.logLik.model, c.loglik, COX_TOLERANCE);
  checks.addArray(name, 'variance at b', fit.variance.flat(), c.variance.flat(), COX_TOLERANCE, TINY);
  checks.add(name, 'score test at b', fit.scoreTest.statistic, c.sctest, COX_TOLERANCE);
}

/** Runs every Cox reference case of `fixtures/cox.json`. */
export function runCoxSuite(): SuiteSummary {
  const fixture = coxFixture();
  const checks = new CheckList();
  for (const c of fixture.cases) checkCoxCase(checks, c);
  for (const c of fixture.evaluations) checkCoxEvaluation(checks, c);
  const failures = checks.checks.filter((c) => !c.pass);
  return {
    suite: 'cox',
    oracle: `${fixture.r}, survival ${fixture.survival}: coxph (Efron/Breslow, strata, weights, counting process, robust/cluster), fit$concordance`,
    cases: fixture.cases.length + fixture.evaluations.length,
    checks: checks.checks.length,
    passed: checks.checks.length - failures.length,
    failures,
  };
}
