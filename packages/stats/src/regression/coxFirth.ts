import { chiSquareUpperTail } from '../distributions/chiSquare.js';
import { zForConfLevel } from '../distributions/normal.js';
import { StatsInputError } from '../errors.js';
import { type CoxTies, evaluateCox, type PreparedCox, prepareCoxData } from './internal/coxKernel.js';
import { cholesky, choleskyInverse } from './internal/firthLinalg.js';
import { type FirthPoint, firthMaximize, firthSteps } from './internal/firthPenalty.js';
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
  readonly se: number;
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
  /** The unpenalized log partial likelihood at the estimate. */
  readonly logLik: number;
  /** Penalized likelihood-ratio test of all coefficients = 0, coxphf's "Likelihood ratio test". */
  readonly likelihoodRatioTest: CoxTest;
  /** I(β̂)⁻¹, p×p, `variance[i][j]`, coxphf's `fit$var`. */
  readonly variance: readonly (readonly number[])[];
  readonly n: number;
  readonly nEvents: number;
  /** Newton iterations of the estimate. */
  readonly iterations: number;
  readonly converged: boolean;
  readonly ties: CoxTies;
  readonly confLevel: number;
  readonly warnings: readonly string[];
}

/**
 * Profile of pl over coefficient j: max over the others with β_j = b, warm-started from the last
 * profile point so each evaluation takes a few Newton steps.
 */
class Profile {
  private warm: Float64Array;
  private readonly free: number[];
  constructor(
    private readonly prep: PreparedCox,
    private readonly ties: CoxTies,
    private readonly h: Float64Array,
    private readonly j: number,
    private readonly maxIter: number,
    start: Float64Array,
    private readonly warnings: string[],
  ) {
    this.warm = Float64Array.from(start);
    this.free = Array.from({ length: prep.p }, (_, k) => k).filter((k) => k !== j);
  }

  /** max pl with β_j = b, or −∞ where I is singular along the whole profile. */
  at(b: number): number {
    const s = Float64Array.from(this.warm);
    s[this.j] = b;
    const m = firthMaximize(this.prep, s, this.ties, this.h, this.free, this.maxIter, 'hybrid');
    if (m === null) return Number.NEGATIVE_INFINITY;
    if (!m.converged) this.warn();
    this.warm = m.point.beta;
    return m.point.pl;
  }

  private warn(): void {
    const w = `profile penalized likelihood for ${this.prep.names[this.j]} did not converge in ${this.maxIter} iterations`;
    if (!this.warnings.includes(w)) this.warnings.push(w);
  }
}

/**
 * The b on one side of β̂_j where the signed root r(b) = ±sqrt(2·[pl̂ − profile(b)]) reaches ±z.
 * r is nearly linear in b, so after bracketing (doubling the distance from β̂) a regula-falsi
 * (Illinois) search on r − z converges in a handful of profile evaluations.
 */
function profileLimit(
  profile: Profile,
  bHat: number,
  plHat: number,
  se: number,
  z: number,
  side: 1 | -1,
): number {
  const r = (b: number): number => {
    const pl = profile.at(b);
    return pl === Number.NEGATIVE_INFINITY
      ? Number.POSITIVE_INFINITY
      : Math.sqrt(Math.max(0, 2 * (plHat - pl)));
  };
  let d0 = 0;
  let f0 = -z;
  let d1 = z * se;
  let f1 = r(bHat + side * d1) - z;
  let doublings = 0;
  while (f1 < 0) {
    if (++doublings > 60) return side * Number.POSITIVE_INFINITY;
    d0 = d1;
    f0 = f1;
    d1 *= 2;
    f1 = r(bHat + side * d1) - z;
  }
  if (!Number.isFinite(f1)) {
    // pl is −∞ beyond some point (I(β) singular there): bisect until a finite value brackets the
    // root; pl falls continuously to −∞ at that point, so one exists
    for (let it = 0; it < 200 && !Number.isFinite(f1); it++) {
      const dm = (d0 + d1) / 2;
      const fm = r(bHat + side * dm) - z;
      if (fm < 0) {
        d0 = dm;
        f0 = fm;
      } else {
        d1 = dm;
        f1 = fm;
      }
    }
  }
  let lastSide = 0;
  for (let it = 0; it < 200; it++) {
    const dm = d1 - (f1 * (d1 - d0)) / (f1 - f0);
    const fm = r(bHat + side * dm) - z;
    if (Math.abs(fm) < 1e-11 || Math.abs(d1 - d0) < 1e-12 * (1 + Math.abs(bHat) + d1))
      return bHat + side * dm;
    if (fm < 0) {
      d0 = dm;
      f0 = fm;
      if (lastSide === -1) f1 /= 2;
      lastSide = -1;
    } else {
      d1 = dm;
      f1 = fm;
      if (lastSide === 1) f0 /= 2;
      lastSide = 1;
    }
  }
  return bHat + (side * (d0 + d1)) / 2;
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
  const ties = options.ties ?? 'efron';
  const confLevel = options.confLevel ?? 0.95;
  const maxIter = options.maxIter ?? 50;
  if (ties !== 'efron' && ties !== 'breslow')
    throw new StatsInputError(FN, "must be 'efron' or 'breslow'", { field: 'options.ties' });
  if (!(confLevel > 0 && confLevel < 1))
    throw new StatsInputError(FN, `must be in (0, 1), got ${confLevel}`, { field: 'options.confLevel' });
  if (!(Number.isInteger(maxIter) && maxIter >= 1))
    throw new StatsInputError(FN, `must be a positive integer, got ${maxIter}`, { field: 'options.maxIter' });
  const prep = prepareCoxData(FN, data);
  const p = prep.p;
  if (p === 0) throw new StatsInputError(FN, 'at least one covariate is required', { field: 'covariates' });
  const zero = new Float64Array(p);
  if (cholesky(evaluateCox(prep, zero, ties).information, p) === null) {
    throw new StatsInputError(
      FN,
      'covariates are collinear or constant (singular information matrix); drop the aliased column',
      {
        field: 'covariates',
      },
    );
  }
  const h = firthSteps(prep);
  const all = Array.from({ length: p }, (_, k) => k);
  const warnings: string[] = [];
  if (data.cluster !== undefined) {
    warnings.push(
      'cluster is ignored: no robust variance for the penalized fit; model-based variance reported',
    );
  }

  const nullPoint = firthMaximize(prep, zero, ties, h, [], 1)!.point;
  const fit = firthMaximize(prep, zero, ties, h, all, maxIter)!;
  if (!fit.converged)
    warnings.push(`Ran out of iterations and did not converge (penalized likelihood, ${maxIter} iterations)`);
  const est: FirthPoint = fit.point;
  const inv = choleskyInverse(cholesky(est.information, p)!, p);
  const z = zForConfLevel(confLevel);

  const terms: CoxFirthTerm[] = all.map((j) => {
    const bHat = est.beta[j]!;
    const se = Math.sqrt(inv[j * p + j]!);
    // one profile per search, each warm-started at the estimate
    const profile = () => new Profile(prep, ties, h, j, maxIter, est.beta, warnings);
    const upper = profileLimit(profile(), bHat, est.pl, se, z, 1);
    const lower = profileLimit(profile(), bHat, est.pl, se, z, -1);
    for (const [limit, side] of [
      [lower, 'lower'],
      [upper, 'upper'],
    ] as const) {
      if (!Number.isFinite(limit)) {
        warnings.push(
          `the profile penalized likelihood of ${prep.names[j]} never falls to the ${side} confidence limit; the limit is reported as ${side === 'lower' ? '0' : 'Inf'}`,
        );
      }
    }
    const lr = Math.max(0, 2 * (est.pl - profile().at(0)));
    return {
      name: prep.names[j]!,
      coef: bHat,
      se,
      hazardRatio: Math.exp(bHat),
      lower: Math.exp(lower),
      upper: Math.exp(upper),
      lrStatistic: lr,
      pValue: chiSquareUpperTail(lr, 1),
      ciMethod: 'profile penalized likelihood',
    };
  });

  const lrAll = Math.max(0, 2 * (est.pl - nullPoint.pl));
  return {
    terms,
    penalizedLogLik: { null: nullPoint.pl, model: est.pl },
    logLik: est.loglik,
    likelihoodRatioTest: { statistic: lrAll, df: p, pValue: chiSquareUpperTail(lrAll, p) },
    variance: all.map((i) => all.map((j) => inv[i * p + j]!)),
    n: prep.n,
    nEvents: prep.nEvents,
    iterations: fit.iterations,
    converged: fit.converged,
    ties,
    confLevel,
    warnings,
  };
}
