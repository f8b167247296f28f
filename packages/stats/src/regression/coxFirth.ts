import { DEFAULTS } from '../defaults.js';
import { chiSquareUpperTail } from '../distributions/chiSquare.js';
import { zForConfLevel } from '../distributions/normal.js';
import { checkOptions, StatsInputError } from '../errors.js';
import { cholesky, choleskyInverse, choleskySolve, subMatrix } from '../internal/linalg.js';
import { type CoxTies, prepareCoxData } from './internal/coxKernel.js';
import { FirthLikelihood, type FirthPoint } from './internal/firthPenalty.js';
import type { CoxData, CoxTest } from './types.js';

const FN = 'coxFirth';

/** Options of `coxFirth`. */
export interface CoxFirthOptions {
  /** Tie handling, R's `ties =`. Default `'efron'`. */
  readonly ties?: CoxTies;
  /** Confidence level of the profile penalized-likelihood intervals. Default 0.95. */
  readonly confLevel?: number;
  /** Iteration limit of each penalized Newton maximization (coxphf's `maxit`). Default 50. */
  readonly maxIter?: number;
}

/** One coefficient of a Firth fit, as coxphf's `summary`: profile CI and penalized LR p-value. */
export interface CoxFirthTerm {
  readonly name: string;
  readonly coef: number;
  /** sqrt of the diagonal of I(β̂)⁻¹, coxphf's `se(coef)`. */
  readonly stdErr: number;
  readonly hazardRatio: number;
  /** Profile penalized-likelihood limits of the hazard ratio (`Infinity` / 0 if the profile never reaches the cut-off). */
  readonly lower: number;
  readonly upper: number;
  /** Penalized likelihood-ratio test of coef = 0: 2·[pl(β̂) − max pl(β | β_j = 0)] on 1 df. */
  readonly lrStatistic: number;
  readonly pValue: number;
  readonly ciMethod: 'profile penalized likelihood';
}

/** Result of `coxFirth`. */
export interface CoxFirthResult {
  readonly terms: readonly CoxFirthTerm[];
  /** Penalized log partial likelihood l(β) + ½ log det I(β) at 0 (`null`) and at the estimate (`model`). */
  readonly penalizedLogLik: { readonly null: number; readonly model: number };
  /**
   * The unpenalized log partial likelihood at 0 (`null`) and at the penalized estimate (`model`),
   * the same shape as `CoxResult.logLik`.
   */
  readonly logLik: { readonly null: number; readonly model: number };
  /** Penalized likelihood-ratio test of all coefficients = 0, coxphf's "Likelihood ratio test". */
  readonly likelihoodRatioTest: CoxTest;
  /** I(β̂)⁻¹, p×p, `variance[i][j]`, coxphf's `fit$var`. */
  readonly variance: readonly (readonly number[])[];
  readonly n: number;
  readonly events: number;
  /** Iterations of the estimate: quasi-Newton steps from 0, then the polishing Newton steps. */
  readonly iterations: number;
  readonly converged: boolean;
  readonly ties: CoxTies;
  readonly confLevel: number;
  readonly warnings: readonly string[];
}

/**
 * Profile of pl over coefficient j (scaled coordinates): max over the others with β_j = b. Each
 * evaluation starts from the line through the last two profile points (the first from the
 * estimate along −H_ff⁻¹ H_fj, the first-order path of the others, H = −∂²pl/∂β²), so a few
 * quasi-Newton steps suffice.
 */
class Profile {
  private last: { b: number; beta: Float64Array };
  private prev: { b: number; beta: Float64Array } | null = null;
  private readonly free: number[];
  private readonly slope: Float64Array;
  /** Quasi-Newton curvature of the free block, carried from one profile point to the next. */
  private readonly curvature: Float64Array;
  constructor(
    private readonly lik: FirthLikelihood,
    private readonly j: number,
    private readonly maxIter: number,
    estimate: FirthPoint,
    hessian: Float64Array,
    private readonly warnings: string[],
  ) {
    const p = lik.p;
    this.last = { b: estimate.beta[j]!, beta: Float64Array.from(estimate.beta) };
    this.free = Array.from({ length: p }, (_, k) => k).filter((k) => k !== j);
    this.curvature = subMatrix(hessian, p, this.free);
    this.slope = new Float64Array(p);
    const lf = cholesky(this.curvature, this.free.length);
    if (lf !== null) {
      const d = choleskySolve(
        lf,
        this.free.length,
        this.free.map((k) => hessian[k * p + j]!),
      );
      this.free.forEach((k, i) => {
        this.slope[k] = -d[i]!;
      });
    }
  }

  /**
   * max pl with β_j = b (−∞ where I is singular along the whole profile) and its derivative in
   * b, which at the profile's maximum is the penalized score of β_j (envelope theorem).
   */
  at(b: number): { pl: number; slope: number } {
    const { last, prev } = this;
    const s = Float64Array.from(last.beta);
    for (const k of this.free) {
      const slope = prev === null ? this.slope[k]! : (last.beta[k]! - prev.beta[k]!) / (last.b - prev.b);
      if (Number.isFinite(slope)) s[k]! += slope * (b - last.b);
    }
    s[this.j] = b;
    let m = this.lik.maximize(s, this.free, this.maxIter, this.curvature, false);
    if (m === null) {
      // the extrapolated start fell where I(β) is singular: start from the last point instead
      const w = Float64Array.from(last.beta);
      w[this.j] = b;
      m = this.lik.maximize(w, this.free, this.maxIter, this.curvature, false);
    }
    if (m === null) return { pl: Number.NEGATIVE_INFINITY, slope: Number.NaN };
    if (!m.converged) this.warn();
    this.prev = last;
    this.last = { b, beta: m.point.beta };
    return { pl: m.point.pl, slope: m.point.score[this.j]! };
  }

  private warn(): void {
    const w = `profile penalized likelihood for ${this.lik.prep.names[this.j]} did not converge in ${this.maxIter} iterations`;
    if (!this.warnings.includes(w)) this.warnings.push(w);
  }
}

/**
 * The b on one side of β̂_j where the signed root r(b) = sqrt(2·[pl̂ − profile(b)]) reaches z.
 * r is nearly linear in b and its derivative is known (−side·U*_j / r, the envelope theorem), so
 * safeguarded Newton steps on r − z converge in a few profile evaluations: outward (at least
 * doubling when Newton has nothing to say) until the root is bracketed, then Newton inside the
 * bracket with bisection as the fallback.
 */
function profileLimit(
  profile: Profile,
  bHat: number,
  plHat: number,
  se: number,
  z: number,
  side: 1 | -1,
): number {
  // g(d) = r(bHat + side·d) − z and g'(d); pl = −∞ (I singular) counts as beyond the root
  const g = (d: number): { f: number; df: number } => {
    const v = profile.at(bHat + side * d);
    if (v.pl === Number.NEGATIVE_INFINITY) return { f: Number.POSITIVE_INFINITY, df: Number.NaN };
    const r = Math.sqrt(Math.max(0, 2 * (plHat - v.pl)));
    return { f: r - z, df: r > 0 ? (-side * v.slope) / r : Number.NaN };
  };
  const farthest = 2 ** 60 * z * se;
  let lo = 0;
  let hi = Number.POSITIVE_INFINITY;
  let d = z * se;
  for (let it = 0; it < 200; it++) {
    const { f, df } = g(d);
    const newton = df > 0 && Number.isFinite(f) ? d - f / df : Number.NaN;
    // r is smooth with slope ≈ 1/SE: once |g| < 1e-7 the free Newton correction leaves an error of
    // O(g²) ≈ 1e-14 SE (its slope is exact up to the profile points' ~1e-6 relative accuracy)
    if (Math.abs(f) < 1e-7) return bHat + side * (Number.isFinite(newton) ? newton : d);
    if (f < 0) lo = d;
    else hi = d;
    if (hi - lo <= 1e-13 * (1 + Math.abs(bHat) + lo)) return bHat + side * lo;
    if (hi === Number.POSITIVE_INFINITY) {
      if (d > farthest) return side * Number.POSITIVE_INFINITY;
      d = newton > d ? Math.min(newton, 64 * d) : 2 * d;
    } else d = newton > lo && newton < hi ? newton : (lo + hi) / 2;
  }
  return bHat + (side * (lo + hi)) / 2;
}

/**
 * One coefficient of the penalized fit: its SE from I(β̂)⁻¹, the profile penalized-likelihood
 * limits (each search warm-started at the estimate) and the penalized LR test of coef = 0
 * (coxphf's `summary` columns). `varScaled` is its diagonal entry of I⁻¹ on the scaled coordinates.
 */
function firthTerm(
  fit: {
    lik: FirthLikelihood;
    j: number;
    maxIter: number;
    est: FirthPoint;
    hessian: Float64Array;
    warnings: string[];
  },
  varScaled: number,
  scaleJ: number,
  z: number,
  name: string,
): CoxFirthTerm {
  const { lik, j, maxIter, est, hessian, warnings } = fit;
  const bHat = est.beta[j]!;
  const seScaled = Math.sqrt(varScaled);
  // one profile per search, each warm-started at the estimate
  const profile = () => new Profile(lik, j, maxIter, est, hessian, warnings);
  const upper = profileLimit(profile(), bHat, est.pl, seScaled, z, 1) * scaleJ;
  const lower = profileLimit(profile(), bHat, est.pl, seScaled, z, -1) * scaleJ;
  for (const [limit, side] of [
    [lower, 'lower'],
    [upper, 'upper'],
  ] as const) {
    if (!Number.isFinite(limit)) {
      warnings.push(
        `the profile penalized likelihood of ${name} never falls to the ${side} confidence limit; the limit is reported as ${side === 'lower' ? '0' : 'Inf'}`,
      );
    }
  }
  const lr = Math.max(0, 2 * (est.pl - profile().at(0).pl));
  const coef = bHat * scaleJ;
  return {
    name,
    coef,
    stdErr: seScaled * scaleJ,
    hazardRatio: Math.exp(coef),
    lower: Math.exp(lower),
    upper: Math.exp(upper),
    lrStatistic: lr,
    pValue: chiSquareUpperTail(lr, 1),
    ciMethod: 'profile penalized likelihood',
  };
}

/** The options with their defaults (DEFAULTS), each checked; throws `StatsInputError` naming the option. */
function firthOptions(options: CoxFirthOptions): {
  ties: CoxTies;
  confLevel: number;
  maxIter: number;
} {
  checkOptions(FN, options);
  const ties = options.ties ?? DEFAULTS.ties;
  const confLevel = options.confLevel ?? DEFAULTS.confLevel;
  const maxIter = options.maxIter ?? DEFAULTS.firthMaxIter;
  if (ties !== 'efron' && ties !== 'breslow')
    throw new StatsInputError(FN, `is ${String(ties)}; expected 'efron' or 'breslow'`, {
      field: 'options.ties',
    });
  if (!(confLevel > 0 && confLevel < 1))
    throw new StatsInputError(FN, `is ${String(confLevel)}; expected a number strictly between 0 and 1`, {
      field: 'options.confLevel',
    });
  if (!(Number.isInteger(maxIter) && maxIter >= 1))
    throw new StatsInputError(FN, `is ${String(maxIter)}; expected a whole number ≥ 1`, {
      field: 'options.maxIter',
    });
  return { ties, confLevel, maxIter };
}

/**
 * Firth's penalized Cox regression (Heinze & Schemper 2001): maximizes l(β) + ½·log det I(β)
 * for Efron or Breslow ties, with strata, case weights and `(entry, time]` rows as `coxPH`. The
 * penalty removes the first-order bias of the estimate and keeps it finite under monotone
 * likelihood — a covariate group with no events, or a single patient whose event comes first —
 * exactly where the ordinary fit runs off to infinity ("coefficient may be infinite").
 *
 * Intervals are profile penalized-likelihood intervals: for each coefficient the b where
 * 2·[pl(β̂) − max_{others} pl(β | β_j = b)] = qchisq(confLevel, 1); p-values are penalized
 * likelihood-ratio tests (both as R's `coxphf`). Wald intervals would be wrong here: the
 * penalized profile is strongly asymmetric near monotone likelihood.
 *
 * R equivalent (package coxphf, not on CRAN for R 4.2 here; validated instead against an
 * independent R maximization of the same function, see packages/validation/r/cox-firth.R):
 * ```r
 * coxphf(Surv(time, event) ~ x1 + x2, data = d, firth = TRUE, pl = TRUE)
 * ```
 *
 * @example
 * const fit = coxFirth({ time, event, covariates: { ecog2: ecog2, trt } });
 * fit.terms[0].coef;       // finite even when coxPH warns "coefficient may be infinite"
 * fit.terms[0].ciMethod;   // 'profile penalized likelihood'
 *
 * @throws {StatsInputError} what `coxPH` rejects, a confLevel outside (0, 1), no covariate, or
 *   collinear covariates (singular information: the penalty is undefined).
 */
export function coxFirth(data: CoxData, options: CoxFirthOptions = {}): CoxFirthResult {
  const { ties, confLevel, maxIter } = firthOptions(options);
  const prep = prepareCoxData(FN, data);
  const p = prep.p;
  if (p === 0) throw new StatsInputError(FN, 'at least one covariate is required', { field: 'covariates' });
  const lik = new FirthLikelihood(prep, ties);
  const zero = new Float64Array(p);
  // the (scaled) information at 0 decides collinearity, as coxPH's Cholesky does on its scale
  const nullPoint = lik.evaluate(zero, false);
  if (nullPoint === null) {
    throw new StatsInputError(
      FN,
      'covariates are collinear or constant (singular information matrix); drop the aliased column',
      {
        field: 'covariates',
      },
    );
  }
  const all = Array.from({ length: p }, (_, k) => k);
  const warnings: string[] = [];
  if (data.cluster !== undefined) {
    warnings.push(
      'cluster is ignored: no robust variance for the penalized fit; model-based variance reported',
    );
  }

  // quasi-Newton from the information at 0 (one evaluation a step), then Newton steps to polish:
  // its full curvature makes the last step quadratically small and seeds the profiles
  const rough = lik.maximize(zero, all, maxIter, Float64Array.from(nullPoint.information));
  const fit = lik.maximize(rough!.point.beta, all, maxIter)!;
  if (!fit.converged)
    warnings.push(`Ran out of iterations and did not converge (penalized likelihood, ${maxIter} iterations)`);
  const est: FirthPoint = fit.point;
  // I_s⁻¹ on the scaled coordinates; back on the caller's: V_ij = (I_s⁻¹)_ij·scale_i·scale_j
  const invScaled = choleskyInverse(cholesky(est.information, p)!, p);
  const scale = prep.scale;
  // −∂²pl/∂β² of the last Newton step (a step of ~1e-8 SE from the estimate): the profiles'
  // starting curvature (I where it is not positive definite)
  const hessian = fit.hessian ?? est.information;
  const z = zForConfLevel(confLevel);

  const terms = all.map((j) =>
    firthTerm(
      { lik, j, maxIter, est, hessian, warnings },
      invScaled[j * p + j]!,
      prep.scale[j]!,
      z,
      prep.names[j]!,
    ),
  );

  const lrAll = Math.max(0, 2 * (est.pl - nullPoint.pl));
  return {
    terms,
    penalizedLogLik: { null: nullPoint.pl, model: est.pl },
    logLik: { null: nullPoint.loglik, model: est.loglik },
    likelihoodRatioTest: { statistic: lrAll, df: p, pValue: chiSquareUpperTail(lrAll, p) },
    variance: all.map((i) => all.map((j) => invScaled[i * p + j]! * scale[i]! * scale[j]!)),
    n: prep.n,
    events: prep.nEvents,
    iterations: rough!.iterations + fit.iterations,
    converged: fit.converged,
    ties,
    confLevel,
    warnings,
  };
}
