/**
 * Newton–Raphson maximisation of the Cox partial likelihood, transcribed step for step from
 * survival 3.5-3: `src/coxfit6.c` (right-censored data) and `src/agfit4.c` (counting-process
 * data). The two differ in small ways that change iteration counts, warnings and, for
 * non-converged fits, the returned variance, so both are kept:
 * - coxfit6 may stop during step-halving; agfit4 only stops after a full step.
 * - coxfit6's step-halving moves the trial point toward the last good β; agfit4 does the same
 *   with its own weights.
 * - When iterations run out, coxfit6 recomputes the information at the last good β and passes
 *   it to `chinv2` WITHOUT factoring it first (so the variance is 1/diag(I)); agfit4 refactors.
 *   We reproduce both because R's output is the oracle.
 */
import { chinv2, cholesky2, chsolve2 } from '../../internal/linalg.js';
import {
  type CoxTies,
  type CoxWorkspace,
  coxPassScaled,
  coxWorkspace,
  type PreparedCox,
} from './coxKernel.js';

/** Everything `coxph.fit` / `agreg.fit` take from their C routine, on the original scale. */
export interface CoxNewtonFit {
  /** Coefficients (singular columns hold whatever value the iteration left, usually `init`). */
  readonly beta: Float64Array;
  /** Score at the final β. */
  readonly u: Float64Array;
  /** Inverse information at the final β, p×p row-major, symmetric; singular rows/cols are 0. */
  readonly variance: Float64Array;
  /** Log partial likelihood at `init` and at the final β. */
  readonly loglik: readonly [number, number];
  /** Score test at `init`. */
  readonly scoreTest: number;
  /** R's `iter`. */
  readonly iterations: number;
  /** coxfit6 `flag` (rank, −2 if converged while halving, 1000 if not converged) or agfit4 `flag[1]` (rank at init). */
  readonly flag: number;
  readonly converged: boolean;
}

/**
 * Fits by Newton–Raphson from `init` (original scale) with R's convergence rule
 * |1 − l_old/l_new| ≤ `eps` and at most `maxIter` iterations. `ws` is the passes' scratch
 * space; a caller may pass its own to reuse the per-row arrays afterwards.
 */
export function coxNewton(
  prep: PreparedCox,
  init: Float64Array,
  ties: CoxTies,
  maxIter: number,
  eps: number,
  tolerChol: number,
  ws: CoxWorkspace = coxWorkspace(prep),
): CoxNewtonFit {
  return prep.entry === null
    ? coxfit6(prep, init, ties === 'efron', maxIter, eps, tolerChol, ws)
    : agfit4(prep, init, ties === 'efron', maxIter, eps, tolerChol, ws);
}

function finish(
  prep: PreparedCox,
  betaS: Float64Array,
  u: Float64Array,
  imat: Float64Array,
): { beta: Float64Array; u: Float64Array; variance: Float64Array } {
  const { p, scale } = prep;
  const beta = new Float64Array(p);
  const uo = new Float64Array(p);
  const variance = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    beta[i] = betaS[i]! * scale[i]!;
    uo[i] = u[i]! / scale[i]!;
    for (let j = 0; j < p; j++) variance[i * p + j] = imat[i * p + j]! * scale[i]! * scale[j]!;
  }
  return { beta, u: uo, variance };
}

function allFinite(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) return false;
  return true;
}

// long: a line-by-line transcription of coxfit6.c's Newton iteration — the start, the step-halving and
// the out-of-iterations exit share beta/newbeta/loglik1; split, its exits could no longer be read against R's.
function coxfit6(
  prep: PreparedCox,
  init: Float64Array,
  efron: boolean,
  maxIter: number,
  eps: number,
  toler: number,
  ws: CoxWorkspace,
): CoxNewtonFit {
  const p = prep.p;
  const u = new Float64Array(p);
  const imat = new Float64Array(p * p);
  const a = new Float64Array(p);
  const beta = new Float64Array(p);
  for (let i = 0; i < p; i++) beta[i] = init[i]! / prep.scale[i]!;
  const newbeta = new Float64Array(p);

  const loglik0 = coxPassScaled(prep, beta, efron, u, imat, ws);
  let loglik1 = loglik0;
  a.set(u);
  let flag = cholesky2(imat, p, toler);
  chsolve2(imat, p, a);
  let sctest = 0;
  for (let i = 0; i < p; i++) sctest += u[i]! * a[i]!;

  if (maxIter === 0 || !Number.isFinite(loglik0)) {
    chinv2(imat, p);
    const f = finish(prep, beta, u, imat);
    return {
      ...f,
      loglik: [loglik0, loglik0],
      scoreTest: sctest,
      iterations: 0,
      flag,
      converged: maxIter === 0,
    };
  }

  for (let i = 0; i < p; i++) newbeta[i] = beta[i]! + a[i]!;
  let halving = 0;
  let iter: number;
  for (iter = 1; iter <= maxIter; iter++) {
    const newlk = coxPassScaled(prep, newbeta, efron, u, imat, ws);
    flag = cholesky2(imat, p, toler);
    const notfinite = !allFinite(u) || !allFinite(imat) || !Number.isFinite(newlk);
    if (!notfinite && Math.abs(1 - loglik1 / newlk) <= eps) {
      chinv2(imat, p);
      const f = finish(prep, newbeta, u, imat);
      if (halving) flag = -2;
      return { ...f, loglik: [loglik0, newlk], scoreTest: sctest, iterations: iter, flag, converged: true };
    }
    if (notfinite || newlk < loglik1) {
      halving++;
      for (let i = 0; i < p; i++) newbeta[i] = (newbeta[i]! + halving * beta[i]!) / (halving + 1);
    } else {
      halving = 0;
      loglik1 = newlk;
      chsolve2(imat, p, u);
      for (let i = 0; i < p; i++) {
        beta[i] = newbeta[i]!;
        newbeta[i] = newbeta[i]! + u[i]!;
      }
    }
  }
  // Out of iterations: R recomputes u and imat at the last good β and inverts imat as if it
  // were already factored (coxfit6.c does not call cholesky2 here).
  if (maxIter > 1) {
    loglik1 = coxPassScaled(prep, beta, efron, u, imat, ws);
    // coxfit6_iter leaves the strictly lower triangle zero, so chinv2 sees F = I
    for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) imat[i * p + j] = 0;
  }
  chinv2(imat, p);
  const f = finish(prep, beta, u, imat);
  return {
    ...f,
    loglik: [loglik0, loglik1],
    scoreTest: sctest,
    iterations: iter,
    flag: 1000,
    converged: false,
  };
}

// long: a line-by-line transcription of agfit4.c's Newton iteration (as coxfit6 above, for (start, stop]
// data); kept whole for the same reason.
function agfit4(
  prep: PreparedCox,
  init: Float64Array,
  efron: boolean,
  maxIter: number,
  eps: number,
  toler: number,
  ws: CoxWorkspace,
): CoxNewtonFit {
  const p = prep.p;
  const u = new Float64Array(p);
  const imat = new Float64Array(p * p);
  const a = new Float64Array(p);
  const beta = new Float64Array(p);
  const oldbeta = new Float64Array(p);
  for (let i = 0; i < p; i++) beta[i] = init[i]! / prep.scale[i]!;
  let halving = 0;
  let rank = 0;
  let loglik0 = 0;
  let loglik1 = 0;
  let newlk = 0;
  let sctest = 0;
  let converged = false;
  let iter: number;
  for (iter = 0; iter <= maxIter; iter++) {
    newlk = coxPassScaled(prep, beta, efron, u, imat, ws);
    if (iter === 0) {
      loglik0 = newlk;
      loglik1 = newlk;
      a.set(u);
      rank = cholesky2(imat, p, toler);
      chsolve2(imat, p, a);
      sctest = 0;
      for (let i = 0; i < p; i++) sctest += u[i]! * a[i]!;
      if (maxIter === 0) {
        converged = true;
        break;
      }
      if (!Number.isFinite(newlk)) break;
      for (let i = 0; i < p; i++) {
        oldbeta[i] = beta[i]!;
        beta[i]! += a[i]!;
      }
    } else {
      let fail = 0;
      for (let i = 0; i < p; i++) if (!Number.isFinite(imat[i * p + i]!)) fail++;
      const rank2 = cholesky2(imat, p, toler);
      fail += (Number.isFinite(newlk) ? 0 : 1) + Math.abs(rank - rank2);
      if (fail === 0 && halving === 0 && Math.abs(1 - loglik1 / newlk) <= eps) {
        converged = true;
        break;
      }
      if (iter === maxIter) {
        if (maxIter > 1 && (newlk - loglik1) / Math.abs(loglik1) < -eps) {
          // the last trial was worse than the best point: go back to it (agfit4.c)
          beta.set(oldbeta);
          newlk = coxPassScaled(prep, beta, efron, u, imat, ws);
          cholesky2(imat, p, toler);
        }
        break;
      }
      if (fail > 0 || newlk < loglik1) {
        halving++;
        for (let i = 0; i < p; i++) beta[i] = (oldbeta[i]! * halving + beta[i]!) / (halving + 1);
      } else {
        halving = 0;
        loglik1 = newlk;
        chsolve2(imat, p, u);
        for (let i = 0; i < p; i++) {
          oldbeta[i] = beta[i]!;
          beta[i]! += u[i]!;
        }
      }
    }
  }
  chinv2(imat, p);
  const f = finish(prep, beta, u, imat);
  return {
    ...f,
    loglik: [loglik0, newlk],
    scoreTest: sctest,
    iterations: Math.min(iter, maxIter),
    flag: rank,
    converged,
  };
}
