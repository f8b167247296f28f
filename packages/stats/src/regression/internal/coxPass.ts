/**
 * The Cox partial-likelihood pass, coxfit6.c's `coxfit6_iter` and agfit4.c's inner loop: one
 * O(n·p²) sweep over the prepared rows that returns the log partial likelihood, its score vector
 * and its information matrix at β, for Breslow or Efron ties.
 *
 * Preconditions (established by `prepareCoxData` in coxPrepare.ts, never checked here, as
 * coxfit6.c states in its header): rows sorted by stratum ascending, then stop time DESCENDING;
 * strata contiguous with bounds `strataStart`; every value finite; `status` ∈ {0, 1};
 * `weight` > 0; `entry[k] < time[k]` and `entryOrder` set when `entry` is present; covariates
 * n×p row-major, centred and scaled (`x = (raw − center)·scale`); β given on that scale
 * (β_s = β / scale) except in `evaluateCox`. The pass never throws; an overflow shows as a
 * non-finite log-likelihood, which the Newton iteration treats as R does (step-halving).
 *
 * Contract used by `coxPH`, `coxFirth` and `coxZph` (keep these names stable):
 * - `evaluateCox(prep, beta, ties)` → `{ loglik, score, information }` with β, the score and the
 *   information all on the ORIGINAL covariate scale (information p×p row-major).
 * - `evaluateCoxScaled` does the same on the internal centred-and-scaled scale, which is where
 *   Newton–Raphson runs, as in R.
 */

import { addGroup, LIST_ROWS } from './coxPassGroup.js';
import { patternPass } from './coxPassPatterns.js';
import type { CoxWorkspace } from './coxPassSteps.js';
import {
  addOuter,
  breslowStep,
  breslowStepAdding,
  DENOM,
  E_PREV,
  efronStep,
  finishLogs,
  LOGLIK,
  NRISK,
  STATE_SLOTS,
  singleDeath,
  startLogs,
  Z_PREV,
  ZERO_BETA,
} from './coxPassSteps.js';
import { sweepStratum, sweepsPay } from './coxPassSweeps.js';
import type { PreparedCox } from './coxPrepare.js';
import { riskScores } from './coxRiskScores.js';
import { SCRATCH_VALUES, sweepScratch, wasmQuadFor } from './coxWasmQuad.js';

export type { CoxWorkspace } from './coxPassSteps.js';

/** Tie handling. */
export type CoxTies = 'efron' | 'breslow';

/** What `evaluateCox` returns. */
export interface CoxEvaluation {
  /** Log partial likelihood. */
  readonly loglik: number;
  /** Score vector ∂l/∂β, length p. */
  readonly score: Float64Array;
  /** Observed information −∂²l/∂β², p×p row-major (symmetric). */
  readonly information: Float64Array;
}

/**
 * Scratch for the passes over `prep`. `rows`, when given (3n values the caller owns for as long
 * as the workspace is used, such as `prep.rows`), holds eta, risk and step instead of fresh memory;
 * when it and the covariates are in a WebAssembly memory, the risk-set sums go in that memory's
 * scratch (after the row sweeps' part, coxWasmQuad.ts's `sweepScratch`), where the four-row update
 * runs in WebAssembly. The caller of `rows` is the fit that owns the work buffer, so one workspace
 * at a time holds that part of the scratch.
 */
export function coxWorkspace(prep: PreparedCox, rows: Float64Array | null = null): CoxWorkspace {
  const { n, p } = prep;
  const sums = rows === null ? null : scratchSums(prep, rows);
  return {
    a: sums?.a ?? new Float64Array(p),
    a2: sums?.a2 ?? new Float64Array(p),
    cmat: sums?.cmat ?? new Float64Array(p * p),
    cmat2: sums?.cmat2 ?? new Float64Array(p * p),
    eta: rows === null ? new Float64Array(n) : rows.subarray(0, n),
    risk: rows === null ? new Float64Array(n) : rows.subarray(n, 2 * n),
    step: rows !== null && rows.length >= 3 * n ? rows.subarray(2 * n, 3 * n) : null,
    added: prep.entry === null ? null : new Uint8Array(prep.n),
    wasm: sums?.wasm ?? null,
    lists: sums?.lists ?? new Int32Array(2 * LIST_ROWS),
    state: new Float64Array(STATE_SLOTS),
  };
}

/**
 * a, a2, cmat and cmat2 in the scratch of the WebAssembly memory holding the covariates and `rows`
 * (each p×p sum with the value after it that the kernel's last lane writes) and the lists of
 * coxPassGroup.ts, or null.
 */
function scratchSums(prep: PreparedCox, rows: Float64Array) {
  const { p, x } = prep;
  const start = sweepScratch(p);
  const m = p * p + 2;
  const wasm = rows.buffer === x.buffer ? wasmQuadFor(x, p) : null;
  // the two lists of row indices (i32) after the sums
  const listsAt = start + 2 * p + 2 * m;
  if (wasm === null || listsAt + LIST_ROWS > SCRATCH_VALUES) return null;
  const at = (from: number, length: number) =>
    wasm.scratch.subarray(start + from, start + from + length).fill(0);
  const { buffer, byteOffset } = wasm.scratch;
  const lists = new Int32Array(buffer, byteOffset + 8 * listsAt, 2 * LIST_ROWS);
  return { wasm, a: at(0, p), a2: at(p, p), cmat: at(2 * p, p * p), cmat2: at(2 * p + m, p * p), lists };
}

/**
 * One pass of coxfit6.c's `coxfit6_iter` / agfit4.c's inner loop on the centred-and-scaled
 * covariates: fills `u` (score) and `imat` (information, p×p row-major, full and symmetric;
 * `cholesky2` reads its upper triangle) and returns the log partial
 * likelihood at `beta` (scaled). Rows enter the risk set at the first event time ≤ their stop
 * time and, for `(entry, time]` data, leave once an event time ≤ their entry is reached; a row
 * that spans no event time never enters, as R's `ignore` rows.
 *
 * The sums are R's; only the bookkeeping differs for speed: the risk scores of an event time's
 * rows are formed just before the rows join the sums (their covariates are then read from
 * memory once per pass, not twice), and the deaths of a time go into separate sums (R's a2/cmat2) only when Efron's
 * correction needs them (more than one death), otherwise straight into the risk-set sums, which
 * is where R adds them too.
 *
 * The work is split into small functions (one per step of an event time) that share their
 * running scalars through `ws.state`: V8 compiles a hot loop together with everything in its
 * function, and one large function with all the branches was recompiled several times per fit
 * (over 0.4 s of compilation at 10⁶ rows), running unoptimised meanwhile.
 */
export function coxPassScaled(
  prep: PreparedCox,
  beta: Float64Array,
  efron: boolean,
  u: Float64Array,
  imat: Float64Array,
  ws: CoxWorkspace = coxWorkspace(prep),
): number {
  // designs with few distinct covariate rows: the information summed by pattern (coxPassPatterns.ts)
  const byPatterns = patternPass(prep, beta, efron, u, imat, ws);
  if (byPatterns !== null) return byPatterns;
  return coxPassRows(prep, beta, efron, u, imat, ws, sweepsPay(prep));
}

/**
 * The row pass of `coxPassScaled`. With `sweeps` (right-censored data only) each stratum's rows
 * are swept down, up and down again (coxPassSweeps.ts: one p×p update per row and one per event
 * time, where coxfit6.c's order does two per death; chosen by `sweepsPay` for larger data whose
 * deaths mostly have times of their own); otherwise the event times are taken in coxfit6.c's /
 * agfit4.c's order. Tests compare the two.
 */
export function coxPassRows(
  prep: PreparedCox,
  beta: Float64Array,
  efron: boolean,
  u: Float64Array,
  imat: Float64Array,
  ws: CoxWorkspace,
  sweeps: boolean,
): number {
  const { p, strataStart } = prep;
  const nStrata = strataStart.length - 1;
  u.fill(0);
  imat.fill(0);
  if (ws.added !== null) ws.added.fill(0);
  const st = ws.state;
  st[LOGLIK] = 0;
  startLogs(st, !prep.weighted);
  let zero = 1;
  for (let i = 0; i < p; i++) if (beta[i] !== 0) zero = 0;
  st[ZERO_BETA] = zero;
  st[Z_PREV] = Number.NaN;
  st[E_PREV] = Number.NaN;
  if (sweeps) {
    // the information's second part (S1·S1ᵀ terms) is summed apart in cmat, subtracted below
    ws.cmat.fill(0);
    for (let s = 0; s < nStrata; s++) sweepStratum(prep, s, beta, efron, u, imat, ws);
    const second = ws.cmat;
    for (let i = 0; i < p; i++) for (let j = 0; j <= i; j++) imat[i * p + j]! -= second[i * p + j]!;
  } else for (let s = 0; s < nStrata; s++) stratumPass(prep, s, beta, efron, u, imat, ws);
  finishLogs(st);
  // accumulated in the lower triangle; cholesky2 reads the upper one
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) imat[j * p + i] = imat[i * p + j]!;
  return st[LOGLIK]!;
}

/**
 * Rows whose risk scores are formed ahead of the event time that needs them: one call of
 * `riskScores` per block instead of per event time (with mostly distinct times, per row), while
 * the block's covariates are still in cache when the sums read them.
 */
const SCORE_BLOCK = 256;

/** The event times of stratum `s`, in descending order: the risk set grows as time decreases. */
function stratumPass(
  prep: PreparedCox,
  s: number,
  beta: Float64Array,
  efron: boolean,
  u: Float64Array,
  imat: Float64Array,
  ws: CoxWorkspace,
): void {
  const { p, time, status, entry, strataStart } = prep;
  const st = ws.state;
  const end = strataStart[s + 1]!;
  let addPtr = strataStart[s]!;
  let remPtr = addPtr;
  // rows [addPtr, scored) have their risk scores (a row's score depends on its own x·β only)
  let scored = addPtr;
  st[DENOM] = 0;
  st[NRISK] = 0;
  ws.a.fill(0);
  ws.cmat.fill(0);
  for (;;) {
    // next event time in this stratum (rows are in descending stop time)
    let k = addPtr;
    while (k < end && status[k] === 0) k++;
    if (k === end) break;
    const dtime = time[k]!;
    if (entry !== null) remPtr = dropEntered(prep, ws, remPtr, end, dtime);
    // the rows joining at this time: [addPtr, g); count its deaths first
    let g = k;
    let deaths = 0;
    while (g < end && time[g]! >= dtime) {
      if (status[g] === 1) deaths++;
      g++;
    }
    if (g > scored) {
      const to = Math.min(end, Math.max(g, scored + SCORE_BLOCK));
      riskScores(prep.x, beta, prep.weight, ws, scored, to, p);
      scored = to;
    }
    if (entry === null && g === addPtr + 1) {
      // one row, its death (most event times when times are distinct): addGroup and
      // breslowStepAdding in one call, the same operations in the same order
      singleDeath(p, ws, prep.x, k, prep.weight[k]!, u, imat);
      addPtr = g;
      continue;
    }
    const separate = efron && deaths > 1;
    const last = addGroup(prep, ws, addPtr, g, dtime, separate, u);
    addPtr = g;
    if (separate) efronStep(p, ws, deaths, u, imat);
    else if (last < 0) breslowStep(p, ws, u, imat);
    else breslowStepAdding(p, ws, prep.x, last * p, ws.risk[last]!, u, imat);
  }
}

/** agfit4.c: drops the rows whose entry time is at or after `dtime`; returns the new pointer. */
function dropEntered(prep: PreparedCox, ws: CoxWorkspace, from: number, end: number, dtime: number): number {
  const { p, x, entry, entryOrder } = prep;
  const { a, cmat, risk, added, state: st } = ws;
  let denom = st[DENOM]!;
  let nrisk = st[NRISK]!;
  let remPtr = from;
  for (; remPtr < end; remPtr++) {
    const q = entryOrder![remPtr]!;
    if (entry![q]! < dtime) break;
    if (added![q] === 0) continue;
    nrisk--;
    if (nrisk === 0) {
      denom = 0;
      a.fill(0);
      cmat.fill(0);
    } else {
      const r = risk[q]!;
      denom -= r;
      addOuter(x, q * p, p, -r, a, cmat);
    }
  }
  st[DENOM] = denom;
  st[NRISK] = nrisk;
  return remPtr;
}

/**
 * Log partial likelihood, score and information at `beta` given on the centred-and-scaled
 * scale of `prep.x` (β_s[j] = β[j] / scale[j]). Information is returned full and symmetric.
 */
export function evaluateCoxScaled(prep: PreparedCox, betaScaled: Float64Array, ties: CoxTies): CoxEvaluation {
  const p = prep.p;
  const score = new Float64Array(p);
  const information = new Float64Array(p * p);
  const loglik = coxPassScaled(prep, betaScaled, ties === 'efron', score, information);
  return { loglik, score, information };
}

/**
 * Log partial likelihood l(β), score U(β) = ∂l/∂β and observed information
 * I(β) = −∂²l/∂β² (p×p row-major) at `beta` on the ORIGINAL covariate scale, for Efron or
 * Breslow ties. Equals R's `coxph(..., init = beta, iter.max = 0)`: `fit$loglik[1]` and
 * `solve(fit$var)`. Pure; O(n·p²).
 */
export function evaluateCox(prep: PreparedCox, beta: ArrayLike<number>, ties: CoxTies): CoxEvaluation {
  const p = prep.p;
  const bs = new Float64Array(p);
  for (let j = 0; j < p; j++) bs[j] = beta[j]! / prep.scale[j]!;
  const ev = evaluateCoxScaled(prep, bs, ties);
  const { score, information } = ev;
  for (let i = 0; i < p; i++) {
    // d/dβ = (d/dβ_s)·(1/scale): coxfit6.c's `u[i] /= scale[i]`
    score[i]! /= prep.scale[i]!;
    for (let j = 0; j < p; j++) information[i * p + j]! /= prep.scale[i]! * prep.scale[j]!;
  }
  return ev;
}
