/**
 * Firth's penalized Cox partial likelihood (Heinze & Schemper 2001, Statistics in Medicine 20:2777):
 * pl(β) = l(β) + ½·log det I(β), its gradient and the Newton-type maximizer used for the estimate
 * and for every point of a profile.
 *
 * Everything runs on the centred-and-scaled covariates of `prep.x` (β_s = β / scale, the scale R's
 * coxfit6.c uses), not on the caller's units: Newton's method is affine invariant, but its step
 * cap, its convergence test and the finite-difference steps are not, and on the caller's scale a
 * covariate multiplied by 1e8 or 1e-4 made them stop early or wander (issue 14). On the scaled
 * coordinates every covariate has mean absolute deviation 1 (columns of −1/0/1, which R leaves
 * alone, are unit-free already), so the numbers below mean the same thing for any unit. pl itself is reported on the caller's scale: log det I(β) = log det I_s(β_s)
 * − 2 Σ log scale_j, a constant.
 *
 * The penalty gradient is analytic (`firthPass`, third cumulants of the risk sets). Newton steps
 * use the curvature I(β) − ∂(penalty gradient)/∂β, the second term by central differences of that
 * analytic gradient. coxphf uses I(β) alone, which converges only linearly — slowly exactly in the
 * monotone-likelihood directions Firth is for, where the penalty's curvature is as large as I's.
 * Where that full curvature is not positive definite the step falls back to I(β). Step-halving
 * on pl itself makes every accepted step increase pl.
 */

import {
  cholesky,
  choleskyInverse,
  choleskyLogDet,
  choleskySolve,
  subMatrix,
} from '../../internal/linalg.js';
import type { CoxTies, PreparedCox } from './coxKernel.js';
import { FirthWorkspace, firthPass } from './firthPass.js';

/** pl and its pieces at one β; vectors and matrices on the scaled coordinates. */
export interface FirthPoint {
  /** β_s = β / scale. */
  readonly beta: Float64Array;
  /** Unpenalized log partial likelihood l(β). */
  readonly loglik: number;
  /** l(β) + ½ log det I(β), I on the caller's scale. */
  readonly pl: number;
  /** Penalized score ∂pl/∂β_s (the plain score where no gradient was asked for). */
  readonly score: Float64Array;
  /** ½·tr(I⁻¹ ∂I/∂β_s,r), or zeros where no gradient was asked for. */
  readonly penaltyGradient: Float64Array;
  /** I_s(β_s), p×p row-major. */
  readonly information: Float64Array;
}

/** Largest change of one scaled coefficient in one Newton step (coxphf's `maxstep`, on the scaled units). */
const MAX_STEP = 5;
const MAX_HALVINGS = 40;
/**
 * Converged when the Newton decrement λ² = U*ᵀ H⁻¹ U* (pl units; (step/SE)² for a quadratic pl)
 * falls below this: the step is then ~1e-8 standard errors, whatever the coefficient's unit.
 */
const DECREMENT_TOL = 1e-16;
/**
 * The same for profile points, where only pl is used: the unpolished pl is then within ~1e-12/2
 * of the maximum, i.e. ≲ 1e-12 in the signed root r = sqrt(2Δpl) that locates a limit.
 */
const PROFILE_DECREMENT_TOL = 1e-12;
/** Largest move of any row's linear predictor between the points of a finite difference. */
const FD_ETA = 1e-4;

/** Outcome of `maximize`. */
export interface FirthMaximum {
  readonly point: FirthPoint;
  readonly iterations: number;
  readonly converged: boolean;
  /** −∂²pl/∂β_f² of the last Newton step (`'newton'` curvature only; `null` where I was used). */
  readonly hessian: Float64Array | null;
}

/** The penalized likelihood of one prepared data set and tie method. */
export class FirthLikelihood {
  readonly p: number;
  private readonly efron: boolean;
  /** −Σ log scale_j: pl on the caller's scale minus pl on the scaled one. */
  private readonly shift: number;
  /** Per-column difference steps: h_r·max_k |x_kr| = FD_ETA. */
  private readonly h: Float64Array;
  private readonly ws: FirthWorkspace;

  constructor(
    readonly prep: PreparedCox,
    ties: CoxTies,
  ) {
    const { p, n, x, scale } = prep;
    this.p = p;
    this.efron = ties === 'efron';
    this.shift = 0;
    this.h = new Float64Array(p);
    this.ws = new FirthWorkspace(n, p);
    for (let r = 0; r < p; r++) {
      this.shift -= Math.log(scale[r]!);
      let big = 0;
      for (let k = 0; k < n; k++) big = Math.max(big, Math.abs(x[k * p + r]!));
      this.h[r] = big > 0 ? FD_ETA / big : FD_ETA;
    }
  }

  /**
   * pl, l, I and (with `gradient`) the penalized score at β_s, or `null` where I(β) is not
   * positive definite or l is not finite (pl = −∞ there).
   */
  evaluate(beta: Float64Array, gradient = true): FirthPoint | null {
    const p = this.p;
    const first = firthPass(this.prep, beta, this.efron, null, this.ws);
    if (!Number.isFinite(first.loglik)) return null;
    const l = cholesky(first.information, p);
    if (l === null) return null;
    const point: FirthPoint = {
      beta: Float64Array.from(beta),
      loglik: first.loglik,
      pl: first.loglik + 0.5 * choleskyLogDet(l, p) + this.shift,
      score: first.score,
      penaltyGradient: new Float64Array(p),
      information: first.information,
    };
    return gradient ? this.withGradient(point) : point;
  }

  /** `at` (evaluated without gradient) completed with the penalized score. */
  withGradient(at: FirthPoint): FirthPoint {
    const p = this.p;
    const inv = choleskyInverse(cholesky(at.information, p)!, p);
    const penaltyGradient = firthPass(this.prep, at.beta, this.efron, inv, this.ws).penaltyGradient!;
    const score = Float64Array.from(at.score);
    for (let r = 0; r < p; r++) score[r]! += penaltyGradient[r]!;
    return { ...at, score, penaltyGradient };
  }

  /**
   * −∂²pl/∂β_f² on the free block: I_ff minus the symmetrized central-difference Jacobian of the
   * analytic penalty gradient, or `null` where pl is −∞ at a difference point.
   */
  negativeHessian(at: FirthPoint, free: readonly number[]): Float64Array | null {
    const q = free.length;
    const out = subMatrix(at.information, this.p, free);
    const jac = new Float64Array(q * q);
    const b = Float64Array.from(at.beta);
    for (let s = 0; s < q; s++) {
      const r = free[s]!;
      const k = this.h[r]!;
      b[r] = at.beta[r]! + k;
      const plus = this.evaluate(b);
      b[r] = at.beta[r]! - k;
      const minus = this.evaluate(b);
      b[r] = at.beta[r]!;
      if (plus === null || minus === null) return null;
      for (let t = 0; t < q; t++)
        jac[t * q + s] = (plus.penaltyGradient[free[t]!]! - minus.penaltyGradient[free[t]!]!) / (2 * k);
    }
    for (let s = 0; s < q; s++)
      for (let t = 0; t < q; t++) out[s * q + t]! -= (jac[s * q + t]! + jac[t * q + s]!) / 2;
    return out;
  }

  /**
   * Maximizes pl over the `free` coefficients (the others stay at their value in `start`) by
   * Newton-type steps δ = B⁻¹ U*_f, capped at `MAX_STEP` per scaled coefficient and halved until
   * pl does not decrease. Converged once a step with decrement U*ᵀB⁻¹U* below `DECREMENT_TOL`
   * has been taken.
   * `'newton'`: B = −∂²pl/∂β_f² at every step (2q + 1 evaluations a step), or I_ff where that is
   * not positive definite. A matrix instead: quasi-Newton, B starts as that q×q matrix and is
   * updated in place by BFGS from the penalized scores (one evaluation a step) — the profiles
   * pass the curvature of one profile point on to the next, so each point costs a few steps.
   * Without `polish` the last, negligible step is not taken (only pl is wanted).
   * Returns `null` when pl is −∞ at the start.
   */
  maximize(
    start: Float64Array,
    free: readonly number[],
    maxIter: number,
    curvature: 'newton' | Float64Array = 'newton',
    polish = true,
  ): FirthMaximum | null {
    // the full penalized score even with nothing free: a profile reads its free coefficient's entry
    let cur = this.evaluate(start);
    if (cur === null) return null;
    const p = this.p;
    const q = free.length;
    let hessian: Float64Array | null = null;
    const done = (point: FirthPoint, iterations: number, converged: boolean): FirthMaximum => ({
      point,
      iterations,
      converged,
      hessian,
    });
    if (q === 0) return done(cur, 0, true);
    const quasi = curvature === 'newton' ? null : curvature;
    for (let iter = 1; iter <= maxIter; iter++) {
      let lf: Float64Array | null = null;
      if (quasi !== null) lf = cholesky(quasi, q);
      else {
        hessian = this.negativeHessian(cur, free);
        if (hessian !== null) lf = cholesky(hessian, q);
        if (lf === null) hessian = null;
      }
      if (lf === null) lf = cholesky(subMatrix(cur.information, p, free), q);
      if (lf === null) return done(cur, iter, false);
      const uf = free.map((r) => cur!.score[r]!);
      const delta = choleskySolve(lf, q, uf);
      let decrement = 0;
      let big = 0;
      for (let k = 0; k < q; k++) {
        decrement += delta[k]! * uf[k]!;
        big = Math.max(big, Math.abs(delta[k]!));
      }
      const small = decrement <= DECREMENT_TOL;
      // pl(β + δ) − pl(β) ≈ decrement/2: a profile, which needs only pl, stops here
      if (!polish && decrement <= PROFILE_DECREMENT_TOL) return done(cur, iter, true);
      const cap = big > MAX_STEP ? MAX_STEP / big : 1;
      let stepSize = cap;
      let next: FirthPoint | null = null;
      for (let halving = 0; halving <= MAX_HALVINGS; halving++) {
        const b = Float64Array.from(cur.beta);
        for (let k = 0; k < q; k++) b[free[k]!]! += stepSize * delta[k]!;
        // pl first; the gradient pass only for an accepted step
        const cand = this.evaluate(b, false);
        if (cand !== null && cand.pl >= cur.pl - 1e-13 * Math.abs(cur.pl)) {
          next = this.withGradient(cand);
          break;
        }
        stepSize /= 2;
      }
      if (next === null) return done(cur, iter, small);
      if (quasi !== null) bfgsUpdate(quasi, q, free, cur, next);
      cur = next;
      if (small) return done(cur, iter, true);
    }
    return done(cur, maxIter, false);
  }
}

/**
 * BFGS update of B ≈ −∂²pl/∂β_f² from the step s = β_new − β_old and y = U*_old − U*_new
 * (Nocedal & Wright 2006, eq. 6.19); skipped unless yᵀs > 0, which keeps B positive definite.
 */
function bfgsUpdate(
  b: Float64Array,
  q: number,
  free: readonly number[],
  from: FirthPoint,
  to: FirthPoint,
): void {
  const s = free.map((r) => to.beta[r]! - from.beta[r]!);
  const y = free.map((r) => from.score[r]! - to.score[r]!);
  let ys = 0;
  for (let i = 0; i < q; i++) ys += y[i]! * s[i]!;
  const bs = new Float64Array(q);
  let sbs = 0;
  for (let i = 0; i < q; i++) {
    let t = 0;
    for (let j = 0; j < q; j++) t += b[i * q + j]! * s[j]!;
    bs[i] = t;
    sbs += s[i]! * t;
  }
  if (!(ys > 1e-12 * sbs) || !(sbs > 0)) return;
  for (let i = 0; i < q; i++)
    for (let j = 0; j < q; j++) b[i * q + j]! += (y[i]! * y[j]!) / ys - (bs[i]! * bs[j]!) / sbs;
}
