/**
 * `coxPH(data, { firth: true })`: Firth's penalized fit (`coxFirth`) presented in the `CoxResult`
 * shape, so code written against `coxPH` can switch estimators with one option.
 *
 * What each field means under `firth: true` (R's `coxphf` conventions):
 * - `terms[].coef`, `stdErr` (from I(β̂)⁻¹), `hazardRatio`; `lower`/`upper` are the PROFILE penalized-
 *   likelihood limits and `pValue` the penalized likelihood-ratio p-value (not Wald); `z` = coef/stdErr.
 * - `logLik` is the penalized log-likelihood l(β) + ½ log det I(β) at 0 and at β̂, and
 *   `likelihoodRatioTest` the penalized LR test of all coefficients.
 * - `waldTest` is β̂ᵀ I(β̂) β̂; `scoreTest` is R's score test at β = 0 (it does not depend on the
 *   estimator); `concordance` is that of the penalized linear predictor.
 * - No robust variance: `robust` is false (a warning says so when one was asked for).
 *
 * `coxPH` hands over here once it has checked `ties` and `confLevel`. It sits beside `coxPH`, not
 * in `internal/`, because it calls the public `coxFirth`: internal modules never import public ones.
 */

import { DEFAULTS } from '../defaults.js';
import { chiSquareUpperTail } from '../distributions/chiSquare.js';
import { quadFormInverse } from '../internal/linalg.js';
import { coxFirth } from './coxFirth.js';
import { coxOrdinary } from './internal/coxOrdinary.js';
import type { CoxData, CoxOptions, CoxResult, CoxTerm } from './types.js';

export function coxPHFirth(data: CoxData, options: CoxOptions): CoxResult {
  const ties = options.ties ?? DEFAULTS.ties;
  const confLevel = options.confLevel ?? DEFAULTS.confLevel;
  // coxPH's maxIter (R's iter.max, default 20) bounds each penalized Newton maximization too
  const firth = coxFirth(data, {
    ties,
    confLevel,
    ...(options.maxIter === undefined ? {} : { maxIter: Math.max(1, options.maxIter) }),
  });
  const beta = firth.terms.map((t) => t.coef);
  const base: CoxOptions = { ...options, ties, confLevel, robust: false, firth: false };
  const { cluster: _cluster, ...plain } = data;
  const evaluateAt = (init: number[]) =>
    coxOrdinary(plain, { ...base, init }, { ties, confLevel, maxIter: 0 });
  const atEstimate = evaluateAt(beta);
  const atZero = evaluateAt(beta.map(() => 0));
  const p = beta.length;
  const v = new Float64Array(p * p);
  firth.variance.forEach((row, i) => {
    row.forEach((x, j) => {
      v[i * p + j] = x;
    });
  });
  const wald = quadFormInverse(v, p, beta) ?? Number.NaN;
  const terms: CoxTerm[] = firth.terms.map((t) => ({
    name: t.name,
    coef: t.coef,
    stdErr: t.stdErr,
    hazardRatio: t.hazardRatio,
    lower: t.lower,
    upper: t.upper,
    z: t.coef / t.stdErr,
    pValue: t.pValue,
    // the penalized estimate is finite by construction, and collinearity is refused by coxFirth
    infinite: false,
    aliased: false,
  }));
  const warnings = [...firth.warnings];
  if (options.robust === true && data.cluster === undefined) {
    warnings.push(
      'robust variance is not available with firth = TRUE; model-based (penalized) variance reported',
    );
  }
  return {
    terms,
    logLik: firth.penalizedLogLik,
    likelihoodRatioTest: firth.likelihoodRatioTest,
    waldTest: { statistic: wald, df: p, pValue: chiSquareUpperTail(wald, p) },
    scoreTest: atZero.scoreTest,
    concordance: atEstimate.concordance,
    n: firth.n,
    events: firth.events,
    iterations: firth.iterations,
    converged: firth.converged,
    warnings,
    variance: firth.variance,
    ties,
    robust: false,
  };
}
