/**
 * The per-event-time steps of the Cox partial-likelihood pass (coxPass.ts) and the row updates
 * they share: adding a row's r·x and r·x·xᵀ to the risk-set sums, and folding those sums into
 * the log-likelihood, score and information at an event time (coxfit6.c's inner loop, Breslow
 * and Efron). The pass and these steps share their running scalars through `CoxWorkspace.state`,
 * in the slots named below.
 */

import { addWeightedQuad } from './coxOuterQuad.js';
import type { WasmQuad } from './coxWasmQuad.js';

/** Reusable scratch space for repeated evaluations on one `PreparedCox`. */
export interface CoxWorkspace {
  readonly a: Float64Array;
  readonly a2: Float64Array;
  readonly cmat: Float64Array;
  readonly cmat2: Float64Array;
  /**
   * Linear predictor x·β of each sorted row (scaled covariates) that joined a risk set in the
   * last pass; rows that never join (no event time at or before theirs) are not written.
   */
  readonly eta: Float64Array;
  /** w·exp(x·β) of the same rows. */
  readonly risk: Float64Array;
  /**
   * Each row's coefficient of the information's first part (coxPassSweeps.ts), written and read
   * within a pass; allocated by the first pass that needs it when null.
   */
  step: Float64Array | null;
  readonly added: Uint8Array | null;
  /**
   * The four-row update in WebAssembly (coxWasmQuad.ts) when the covariates and a, a2, cmat, cmat2
   * are in its memory, else null.
   */
  readonly wasm: WasmQuad | null;
  /** Two lists of row indices (coxPassGroup.ts), in the WebAssembly memory with `wasm`. */
  readonly lists: Int32Array;
  /** Running scalars of a pass (log-likelihood, S0, number at risk, …), shared by its steps. */
  readonly state: Float64Array;
}

/** Slots of `CoxWorkspace.state`: running sums of a pass and the current event time's sums. */
export const LOGLIK = 0;
export const DENOM = 1;
export const NRISK = 2;
export const DEADWT = 3;
export const DENOM2 = 4;
/** 1 when every β is 0 (the pass at R's default start). */
export const ZERO_BETA = 5;
/** The last x·β whose exp() was taken, and that exp(). */
export const Z_PREV = 6;
export const E_PREV = 7;
/** 1 when every case weight is 1: the log terms are then gathered as a product (`subtractLog`). */
export const UNIT_WEIGHTS = 8;
/** The product of the log terms' arguments so far, and the power of two factored out of it. */
export const LOG_PRODUCT = 9;
export const LOG_SCALE = 10;
/** The pass by covariate patterns' running Σ deadwt/S0 over the event times (coxPassPatterns.ts). */
export const CUM = 11;
/** Length of `CoxWorkspace.state`. */
export const STATE_SLOTS = 12;

/** Arguments outside [2⁻²⁵⁶, 2²⁵⁶] are logged directly; the product is kept inside that range. */
const PRODUCT_MAX = 2 ** 256;
const PRODUCT_MIN = 2 ** -256;
const PRODUCT_SCALE = 256;

/**
 * Subtracts deadwt·log(s0) from the pass's log-likelihood (coxfit6.c's `loglik -= wtave·log(s0)`
 * and `deadwt·log(denom)`). With unit case weights deadwt is a whole number of deaths (Efron's
 * wtave is 1) and the term is the log of s0 multiplied in deadwt times: the arguments are
 * multiplied into a running product (rescaled exactly by 2²⁵⁶ when it leaves [2⁻²⁵⁶, 2²⁵⁶]) whose
 * log `finishLogs` takes once per pass. One Math.log per event time (per death with Efron's
 * ties) was about a sixth of a pass at 10⁶ rows. The product's rounding (at most one unit in 2⁵³
 * per factor, relative) puts an absolute error below 10⁻¹⁰ on the sum of 10⁶ logs, well below
 * the rounding of the log-likelihood's own running sum (about 10⁻⁹ at |l| ≈ 10⁷ per addition).
 */
export function subtractLog(st: Float64Array, deadwt: number, s0: number): void {
  if (st[UNIT_WEIGHTS] !== 1 || !(s0 > PRODUCT_MIN && s0 < PRODUCT_MAX)) {
    st[LOGLIK]! -= deadwt * Math.log(s0);
    return;
  }
  let prod = st[LOG_PRODUCT]!;
  for (let d = 0; d < deadwt; d++) {
    prod *= s0;
    if (prod > PRODUCT_MAX) {
      prod /= PRODUCT_MAX;
      st[LOG_SCALE]! += PRODUCT_SCALE;
    } else if (prod < PRODUCT_MIN) {
      prod *= PRODUCT_MAX;
      st[LOG_SCALE]! -= PRODUCT_SCALE;
    }
  }
  st[LOG_PRODUCT] = prod;
}

/** Starts the product of `subtractLog` for a pass (`unit`: every case weight is 1). */
export function startLogs(st: Float64Array, unit: boolean): void {
  st[UNIT_WEIGHTS] = unit ? 1 : 0;
  st[LOG_PRODUCT] = 1;
  st[LOG_SCALE] = 0;
}

/** Subtracts the log of the product gathered by `subtractLog` from the log-likelihood. */
export function finishLogs(st: Float64Array): void {
  if (st[LOG_PRODUCT] === 1 && st[LOG_SCALE] === 0) return;
  st[LOGLIK]! -= Math.log(st[LOG_PRODUCT]!) + st[LOG_SCALE]! * Math.LN2;
}

/** acc[i][j] += r·x_i·x_j (j ≤ i) and a[i] += r·x_i for the row at `off`. */
export function addOuter(
  x: Float64Array,
  off: number,
  p: number,
  r: number,
  a: Float64Array,
  acc: Float64Array,
): void {
  for (let i = 0, ip = 0; i < p; i++, ip += p) {
    const rx = r * x[off + i]!;
    a[i]! += rx;
    for (let j = 0; j <= i; j++) acc[ip + j]! += rx * x[off + j]!;
  }
}

/** `addOuter` for two rows at once. */
export function addOuterPair(
  x: Float64Array,
  o1: number,
  o2: number,
  p: number,
  r1: number,
  r2: number,
  a: Float64Array,
  acc: Float64Array,
): void {
  for (let i = 0, ip = 0; i < p; i++, ip += p) {
    const rx1 = r1 * x[o1 + i]!;
    const rx2 = r2 * x[o2 + i]!;
    a[i]! += rx1 + rx2;
    for (let j = 0; j <= i; j++) acc[ip + j]! += rx1 * x[o1 + j]! + rx2 * x[o2 + j]!;
  }
}

/**
 * `addOuterPair` of rows q1, q2 followed by `addOuterPair` of rows q3, q4 in one pass over the
 * sums: each sum gets the first pair's term and then the second's, as from the two calls, but is
 * read and written once.
 */
export function addOuterQuad(
  x: Float64Array,
  q1: number,
  q2: number,
  q3: number,
  q4: number,
  p: number,
  risk: Float64Array,
  a: Float64Array,
  acc: Float64Array,
  wasm: WasmQuad | null,
): void {
  // the same sums in the same order as two addOuterPair calls (coxOuterQuad.ts's kernel, or its
  // WebAssembly form when the workspace's sums are in that memory)
  if (wasm === null)
    addWeightedQuad(x, q1 * p, q2 * p, q3 * p, q4 * p, risk[q1]!, risk[q2]!, risk[q3]!, risk[q4]!, p, acc, a);
  else {
    const o = x.byteOffset;
    const row = 8 * p;
    wasm.quad(
      o + q1 * row,
      o + q2 * row,
      o + q3 * row,
      o + q4 * row,
      risk[q1]!,
      risk[q2]!,
      risk[q3]!,
      risk[q4]!,
      p,
      acc.byteOffset,
      a.byteOffset,
    );
  }
}

/** One event time without Efron's correction (Breslow, or a single death). */
export function breslowStep(p: number, ws: CoxWorkspace, u: Float64Array, imat: Float64Array): void {
  const { a, cmat, state: st } = ws;
  const denom = st[DENOM]!;
  const deadwt = st[DEADWT]!;
  subtractLog(st, deadwt, denom);
  const c = deadwt / denom;
  for (let i = 0, ip = 0; i < p; i++, ip += p) {
    const mean = a[i]! / denom;
    u[i]! -= deadwt * mean;
    for (let j = 0; j <= i; j++) imat[ip + j]! += c * (cmat[ip + j]! - mean * a[j]!);
  }
}

/**
 * `addOuter` of the row at `off` (risk r) into a/cmat followed by `breslowStep`, in one sweep
 * over the p×p sums: with mostly distinct times most event times add one row, and the step then
 * reads each sum while it is being written instead of in a second loop. Every value is formed
 * by the same operations as in the two functions, so the results are the same doubles.
 */
export function breslowStepAdding(
  p: number,
  ws: CoxWorkspace,
  x: Float64Array,
  off: number,
  r: number,
  u: Float64Array,
  imat: Float64Array,
): void {
  const { a, cmat, state: st } = ws;
  const denom = st[DENOM]!;
  const deadwt = st[DEADWT]!;
  subtractLog(st, deadwt, denom);
  const c = deadwt / denom;
  for (let i = 0, ip = 0; i < p; i++, ip += p) {
    const rx = r * x[off + i]!;
    a[i]! += rx;
    const mean = a[i]! / denom;
    u[i]! -= deadwt * mean;
    for (let j = 0; j <= i; j++) {
      const s = cmat[ip + j]! + rx * x[off + j]!;
      cmat[ip + j] = s;
      imat[ip + j]! += c * (s - mean * a[j]!);
    }
  }
}

const EFRON_WEIGHTS = new Float64Array(5);

/**
 * The scalar sums over Efron's `deaths` steps at an event time whose risk set has S0 = st[DENOM]
 * and whose tied deaths have S0 = st[DENOM2] (see `efronStep`): [Σ wtave/S0, Σ wtave·f/S0,
 * Σ wtave/S0², Σ wtave·f/S0², Σ wtave·f²/S0²], with each step's wtave·log(S0) taken from the
 * log-likelihood. The passes (by rows, by sweeps and by patterns) use it. The array is reused by the next call.
 */
export function efronWeights(st: Float64Array, wtave: number, deaths: number): Float64Array {
  const denom = st[DENOM]!;
  const denom2 = st[DENOM2]!;
  let c0 = 0;
  let c1 = 0;
  let e0 = 0;
  let e1 = 0;
  let e2 = 0;
  for (let d = 0; d < deaths; d++) {
    const f = (d + 1) / deaths;
    const s0 = denom + f * denom2;
    subtractLog(st, wtave, s0);
    // one division per step, not four: divisions bound this loop (a death each), and a product
    // with the reciprocal differs from the quotient by at most an ulp or two
    const inv = 1 / s0;
    const c = wtave * inv;
    const cf = c * f;
    c0 += c;
    c1 += cf;
    e0 += c * inv;
    e1 += cf * inv;
    e2 += cf * f * inv;
  }
  const w = EFRON_WEIGHTS;
  w[0] = c0;
  w[1] = c1;
  w[2] = e0;
  w[3] = e1;
  w[4] = e2;
  return w;
}

/**
 * One event time with `deaths` > 1 tied deaths under Efron's correction: the tied deaths leave
 * the risk set in `deaths` equal steps; at step d (0-based) the risk set holds the survivors
 * plus the fraction f = (d+1)/deaths of each death: S0 = denom + f·denom2, S1 = a + f·a2,
 * S2 = cmat + f·cmat2. coxfit6.c adds wtave·(S2 − S1·S1ᵀ/S0)/S0 for every step; the same sum is
 * formed here from three scalar sums over the steps, so the p×p work is once per event time.
 * The deaths then join the risk-set sums.
 */
export function efronStep(
  p: number,
  ws: CoxWorkspace,
  deaths: number,
  u: Float64Array,
  imat: Float64Array,
): void {
  const { a, a2, cmat, cmat2, state: st } = ws;
  const denom = st[DENOM]!;
  const denom2 = st[DENOM2]!;
  const wtave = st[DEADWT]! / deaths;
  const w = efronWeights(st, wtave, deaths);
  const c0 = w[0]!;
  const c1 = w[1]!;
  const e0 = w[2]!;
  const e1 = w[3]!;
  const e2 = w[4]!;
  for (let i = 0, ip = 0; i < p; i++, ip += p) {
    u[i]! -= c0 * a[i]! + c1 * a2[i]!;
    const ai = a[i]!;
    const a2i = a2[i]!;
    for (let j = 0; j <= i; j++) {
      const aj = a[j]!;
      const a2j = a2[j]!;
      imat[ip + j]! +=
        c0 * cmat[ip + j]! +
        c1 * cmat2[ip + j]! -
        (e0 * ai * aj + e1 * (ai * a2j + a2i * aj) + e2 * a2i * a2j);
    }
  }
  st[DENOM] = denom + denom2;
  for (let i = 0, ip = 0; i < p; i++, ip += p) {
    a[i]! += a2[i]!;
    for (let j = 0; j <= i; j++) cmat[ip + j]! += cmat2[ip + j]!;
  }
}

/**
 * An event time whose only joining row is its one death k (right-censored data): `addGroup` of
 * that row (w·eta to the log-likelihood, w·x to the score, its risk to S0, the row left pending)
 * followed by `breslowStepAdding`, formed with the same operations in the same order (each u[i]
 * gets its w·x before its −deadwt·mean; deadwt = 0 + w = w).
 */
export function singleDeath(
  p: number,
  ws: CoxWorkspace,
  x: Float64Array,
  k: number,
  w: number,
  u: Float64Array,
  imat: Float64Array,
): void {
  const { a, cmat, eta, risk, state: st } = ws;
  const r = risk[k]!;
  const off = k * p;
  const denom = st[DENOM]! + r;
  st[DENOM] = denom;
  st[DEADWT] = w;
  st[DENOM2] = 0;
  st[NRISK]!++;
  st[LOGLIK]! += w * eta[k]!;
  subtractLog(st, w, denom);
  const c = w / denom;
  for (let i = 0, ip = 0; i < p; i++, ip += p) {
    const xi = x[off + i]!;
    const rx = r * xi;
    a[i]! += rx;
    const mean = a[i]! / denom;
    u[i] = u[i]! + w * xi - w * mean;
    for (let j = 0; j <= i; j++) {
      const s = cmat[ip + j]! + rx * x[off + j]!;
      cmat[ip + j] = s;
      imat[ip + j]! += c * (s - mean * a[j]!);
    }
  }
}
