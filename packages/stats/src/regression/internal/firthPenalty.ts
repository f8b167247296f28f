/**
 * Firth's penalized Cox partial likelihood (Heinze & Schemper 2001, Statistics in Medicine 20:2777):
 * pl(β) = l(β) + ½·log det I(β), its gradient and the Newton-type maximizer used for the estimate
 * and for every point of a profile.
 *
 * The penalty gradient is ½·tr(I⁻¹ ∂I/∂β_r). ∂I/∂β_r is taken by central differences of the
 * analytic information from `evaluateCox`, not analytically: Efron's tie correction makes the
 * analytic third-derivative sums awkward, while the differences reuse the one validated kernel for
 * every tie method, stratum and counting-process layout. Step h_r = 1e-4 / max|x_r − x̄_r|, so
 * h·x ≤ 1e-4 on every row: the O(h²) truncation error is ≲ 1e-8 relative, and the cancellation
 * error ~ε_mach/1e-4 ≈ 2e-12 relative.
 * Newton steps use the curvature I(β) − ∂(penalty gradient)/∂β, the second term by central
 * differences (step 10·h) of the penalty gradient above. coxphf uses I(β) alone, which converges
 * only linearly — slowly exactly in the monotone-likelihood directions Firth is for, where the
 * penalty's curvature is as large as I's. Where that full curvature is not positive definite the
 * step falls back to I(β). Step-halving on pl itself makes every accepted step increase pl.
 */
import { type CoxTies, evaluateCox, type PreparedCox } from './coxKernel.js';
import { cholesky, choleskyInverse, choleskyLogDet, choleskySolve, subMatrix } from './firthLinalg.js';

/** pl and its pieces at one β. */
export interface FirthPoint {
  readonly beta: Float64Array;
  /** Unpenalized log partial likelihood l(β). */
  readonly loglik: number;
  /** l(β) + ½ log det I(β). */
  readonly pl: number;
  /** Penalized score ∂pl/∂β (entries outside `free` are left as the plain score). */
  readonly score: Float64Array;
  /** ½·tr(I⁻¹ ∂I/∂β_r) for r in `free` (0 elsewhere). */
  readonly penaltyGradient: Float64Array;
  readonly information: Float64Array;
}

/** Relative finite-difference step (see the file comment). */
const FD_STEP = 1e-4;
/** Largest change of one coefficient in one Newton step (coxphf's `maxstep`). */
const MAX_STEP = 5;
const MAX_HALVINGS = 40;

/**
 * Per-column finite-difference steps h_r = 1e-4 / max_i |x_ir − x̄_r|, so that no row's linear
 * predictor moves by more than 1e-4 between the two difference points.
 */
export function firthSteps(prep: PreparedCox): Float64Array {
  const { p, n, x, scale } = prep;
  const h = new Float64Array(p);
  for (let r = 0; r < p; r++) {
    // prep.x holds (x − centre)·scale; columns left uncentred (0/±1) have max |x| ≤ 1 already
    let big = 0;
    for (let k = 0; k < n; k++) big = Math.max(big, Math.abs(x[k * p + r]!));
    const range = big / scale[r]!;
    h[r] = range > 0 ? FD_STEP / range : FD_STEP;
  }
  return h;
}

/**
 * pl, l, I and the penalized score at β, or `null` where I(β) is not positive definite
 * (log det undefined: pl = −∞ there). The penalty gradient is computed only for `free` columns.
 */
export function firthEvaluate(
  prep: PreparedCox,
  beta: Float64Array,
  ties: CoxTies,
  h: Float64Array,
  free: readonly number[],
): FirthPoint | null {
  const p = prep.p;
  const ev = evaluateCox(prep, beta, ties);
  if (!Number.isFinite(ev.loglik)) return null;
  const l = cholesky(ev.information, p);
  if (l === null) return null;
  const pl = ev.loglik + 0.5 * choleskyLogDet(l, p);
  const inv = choleskyInverse(l, p);
  const score = Float64Array.from(ev.score);
  const penaltyGradient = new Float64Array(p);
  const b = new Float64Array(beta);
  for (const r of free) {
    const hr = h[r]!;
    b[r] = beta[r]! + hr;
    const ip = evaluateCox(prep, b, ties).information;
    b[r] = beta[r]! - hr;
    const im = evaluateCox(prep, b, ties).information;
    b[r] = beta[r]!;
    // tr(I⁻¹ ∂I/∂β_r) with ∂I/∂β_r ≈ (I(β + h e_r) − I(β − h e_r)) / 2h
    let tr = 0;
    for (let i = 0; i < p * p; i++) tr += inv[i]! * (ip[i]! - im[i]!);
    penaltyGradient[r] = (0.5 * tr) / (2 * hr);
    score[r]! += penaltyGradient[r]!;
  }
  return {
    beta: Float64Array.from(beta),
    loglik: ev.loglik,
    pl,
    score,
    penaltyGradient,
    information: ev.information,
  };
}

/**
 * −∂²pl/∂β_f² on the free block: I_ff minus the symmetrized central-difference Jacobian of the
 * penalty gradient, or `null` where pl is −∞ at a difference point.
 */
function negativeHessian(
  prep: PreparedCox,
  at: FirthPoint,
  ties: CoxTies,
  h: Float64Array,
  free: readonly number[],
): Float64Array | null {
  const p = prep.p;
  const q = free.length;
  const out = subMatrix(at.information, p, free);
  const jac = new Float64Array(q * q);
  const b = Float64Array.from(at.beta);
  for (let s = 0; s < q; s++) {
    const r = free[s]!;
    const k = 10 * h[r]!;
    b[r] = at.beta[r]! + k;
    const plus = firthEvaluate(prep, b, ties, h, free);
    b[r] = at.beta[r]! - k;
    const minus = firthEvaluate(prep, b, ties, h, free);
    b[r] = at.beta[r]!;
    if (plus === null || minus === null) return null;
    for (let t = 0; t < q; t++)
      jac[t * q + s] = (plus.penaltyGradient[free[t]!]! - minus.penaltyGradient[free[t]!]!) / (2 * k);
  }
  for (let s = 0; s < q; s++)
    for (let t = 0; t < q; t++) out[s * q + t]! -= (jac[s * q + t]! + jac[t * q + s]!) / 2;
  return out;
}

/** Outcome of `firthMaximize`. */
export interface FirthMaximum {
  readonly point: FirthPoint;
  readonly iterations: number;
  readonly converged: boolean;
}

/**
 * Maximizes pl over the `free` coefficients (the others stay at their value in `start`) by
 * Newton steps δ = H_ff⁻¹ U*_f (H = −∂²pl/∂β², or I where H is not positive definite), each capped
 * at `MAX_STEP` per coefficient and halved until pl does not decrease. Converged when the full step
 * is below 1e-8·(1 + |β|) in every coefficient: the Newton step after it is quadratically smaller,
 * and 1e-8 sits above the finite-difference noise of the penalized score divided by the smallest
 * curvature met near monotone likelihood.
 * `'hybrid'` curvature starts with the cheap I_ff (1 + 2q kernel passes a step instead of ~4q²) and
 * switches to H for good once a step fails to shrink five-fold or needs halving — the profile
 * points of well-conditioned coefficients then cost a few cheap steps each.
 * Returns `null` when pl is −∞ at the start.
 */
export function firthMaximize(
  prep: PreparedCox,
  start: Float64Array,
  ties: CoxTies,
  h: Float64Array,
  free: readonly number[],
  maxIter: number,
  curvature: 'newton' | 'hybrid' = 'newton',
): FirthMaximum | null {
  let cur = firthEvaluate(prep, start, ties, h, free);
  if (cur === null) return null;
  const p = prep.p;
  const q = free.length;
  if (q === 0) return { point: cur, iterations: 0, converged: true };
  let newton = curvature === 'newton';
  let previous = Number.POSITIVE_INFINITY;
  for (let iter = 1; iter <= maxIter; iter++) {
    const full = newton ? negativeHessian(prep, cur, ties, h, free) : null;
    let lf = full === null ? null : cholesky(full, q);
    if (lf === null) lf = cholesky(subMatrix(cur.information, p, free), q);
    if (lf === null) return { point: cur, iterations: iter, converged: false };
    const delta = choleskySolve(
      lf,
      q,
      free.map((r) => cur!.score[r]!),
    );
    let big = 0;
    for (let k = 0; k < q; k++) big = Math.max(big, Math.abs(delta[k]!));
    const cap = big > MAX_STEP ? MAX_STEP / big : 1;
    let small = true;
    let size = 0;
    for (let k = 0; k < q; k++) {
      const rel = Math.abs(delta[k]!) / (1 + Math.abs(cur.beta[free[k]!]!));
      if (rel > 1e-8) small = false;
      size = Math.max(size, rel);
    }
    // hybrid: Fisher-curvature steps while they shrink fast; full Newton once they do not
    if (!newton && size > 0.2 * previous) newton = true;
    previous = size;
    let step = cap;
    let next: FirthPoint | null = null;
    for (let halving = 0; halving <= MAX_HALVINGS; halving++) {
      const b = Float64Array.from(cur.beta);
      for (let k = 0; k < q; k++) b[free[k]!]! += step * delta[k]!;
      const cand = firthEvaluate(prep, b, ties, h, free);
      if (cand !== null && cand.pl >= cur.pl - 1e-13 * Math.abs(cur.pl)) {
        next = cand;
        break;
      }
      step /= 2;
    }
    if (next === null) return { point: cur, iterations: iter, converged: small };
    if (step < cap) newton = true;
    cur = next;
    if (small) return { point: cur, iterations: iter, converged: true };
  }
  return { point: cur, iterations: maxIter, converged: false };
}
