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
import type { PreparedCox } from './coxPrepare.js';

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

/** Reusable scratch space for repeated evaluations on one `PreparedCox`. */
export interface CoxWorkspace {
  readonly a: Float64Array;
  readonly a2: Float64Array;
  readonly cmat: Float64Array;
  readonly cmat2: Float64Array;
  /** Linear predictor x·β of each sorted row (scaled covariates). */
  readonly eta: Float64Array;
  /** w·exp(x·β) of each sorted row. */
  readonly risk: Float64Array;
  readonly added: Uint8Array | null;
  /** Running scalars of a pass (log-likelihood, S0, number at risk, …), shared by its steps. */
  readonly state: Float64Array;
}

/**
 * Scratch for the passes over `prep`. `rows`, when given (2n values the caller owns for as long
 * as the workspace is used, such as `prep.rows`), holds eta and risk instead of fresh memory.
 */
export function coxWorkspace(prep: PreparedCox, rows: Float64Array | null = null): CoxWorkspace {
  const { n, p } = prep;
  return {
    a: new Float64Array(p),
    a2: new Float64Array(p),
    cmat: new Float64Array(p * p),
    cmat2: new Float64Array(p * p),
    eta: rows === null ? new Float64Array(n) : rows.subarray(0, n),
    risk: rows === null ? new Float64Array(n) : rows.subarray(n, 2 * n),
    added: prep.entry === null ? null : new Uint8Array(prep.n),
    state: new Float64Array(5),
  };
}

/** acc[i][j] += r·x_i·x_j (j ≤ i) and a[i] += r·x_i for the row at `off`. */
function addOuter(
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
function addOuterPair(
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
 * One pass of coxfit6.c's `coxfit6_iter` / agfit4.c's inner loop on the centred-and-scaled
 * covariates: fills `u` (score) and `imat` (information, p×p row-major, full and symmetric;
 * `cholesky2` reads its upper triangle) and returns the log partial
 * likelihood at `beta` (scaled). Rows enter the risk set at the first event time ≤ their stop
 * time and, for `(entry, time]` data, leave once an event time ≤ their entry is reached; a row
 * that spans no event time never enters, as R's `ignore` rows.
 *
 * The sums are R's; only the bookkeeping differs for speed: risk scores are formed in one
 * sweep first, and the deaths of a time go into separate sums (R's a2/cmat2) only when Efron's
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
  const { n, p, x, weight, strataStart } = prep;
  const nStrata = strataStart.length - 1;
  u.fill(0);
  imat.fill(0);
  if (ws.added !== null) ws.added.fill(0);
  riskScores(x, beta, weight, ws.eta, ws.risk, n, p);
  const st = ws.state;
  st[LOGLIK] = 0;
  for (let s = 0; s < nStrata; s++) stratumPass(prep, s, efron, u, imat, ws);
  // accumulated in the lower triangle; cholesky2 reads the upper one
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) imat[j * p + i] = imat[i * p + j]!;
  return st[LOGLIK]!;
}

/** Slots of `CoxWorkspace.state`: running sums of a pass and the current event time's sums. */
const LOGLIK = 0;
const DENOM = 1;
const NRISK = 2;
const DEADWT = 3;
const DENOM2 = 4;

/** eta = x·β and risk = w·exp(eta) for every sorted row. */
function riskScores(
  x: Float64Array,
  beta: Float64Array,
  weight: Float64Array,
  eta: Float64Array,
  risk: Float64Array,
  n: number,
  p: number,
): void {
  let zero = true;
  for (let i = 0; i < p; i++) if (beta[i] !== 0) zero = false;
  if (zero) {
    // β = 0 (the usual first pass): x·β is ±0 for finite x and exp(±0)·w is exactly w
    eta.fill(0, 0, n);
    risk.set(weight.subarray(0, n));
    return;
  }
  // A row with the same x·β as the row before reuses its exp(): with a few indicator columns
  // (most of a report's models) neighbouring rows often share their covariates, and exp is
  // most of this loop. The value is the same double either way.
  let zPrev = Number.NaN;
  let ePrev = Number.NaN;
  for (let k = 0, off = 0; k < n; k++, off += p) {
    let z = 0;
    for (let i = 0; i < p; i++) z += beta[i]! * x[off + i]!;
    eta[k] = z;
    if (z !== zPrev) {
      zPrev = z;
      ePrev = Math.exp(z);
    }
    risk[k] = ePrev * weight[k]!;
  }
}

/** The event times of stratum `s`, in descending order: the risk set grows as time decreases. */
function stratumPass(
  prep: PreparedCox,
  s: number,
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
    const separate = efron && deaths > 1;
    addGroup(prep, ws, addPtr, g, dtime, separate, u);
    addPtr = g;
    if (separate) efronStep(p, ws, deaths, u, imat);
    else breslowStep(p, ws, u, imat);
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
 * Adds the rows [from, to) (one stop time) to the risk-set sums, or their deaths to the separate
 * sums a2/cmat2 when `separate`; the deaths' weights and w·eta go to `u` and the log-likelihood.
 */
function addGroup(
  prep: PreparedCox,
  ws: CoxWorkspace,
  from: number,
  to: number,
  dtime: number,
  separate: boolean,
  u: Float64Array,
): void {
  const { p, x, status, weight, entry } = prep;
  const { a, a2, cmat, cmat2, eta, risk, added, state: st } = ws;
  let loglik = st[LOGLIK]!;
  let denom = st[DENOM]!;
  let nrisk = st[NRISK]!;
  let deadwt = 0;
  let denom2 = 0;
  if (separate) {
    a2.fill(0);
    cmat2.fill(0);
  }
  // Rows are added to the sums two at a time (one pass over the p×p sums per pair): about
  // a third faster than one at a time, and only the order of additions changes.
  let pend = -1; // a row waiting for a partner in the risk-set sums
  let pend2 = -1; // same for the deaths' separate sums
  for (let q = from; q < to; q++) {
    if (entry !== null) {
      if (entry[q]! >= dtime) continue;
      added![q] = 1;
    }
    nrisk++;
    const r = risk[q]!;
    if (status[q] === 1) {
      const w = weight[q]!;
      const off = q * p;
      deadwt += w;
      loglik += w * eta[q]!;
      for (let i = 0; i < p; i++) u[i]! += w * x[off + i]!;
      if (separate) {
        denom2 += r;
        if (pend2 < 0) pend2 = q;
        else {
          addOuterPair(x, pend2 * p, off, p, risk[pend2]!, r, a2, cmat2);
          pend2 = -1;
        }
        continue;
      }
    }
    denom += r;
    if (pend < 0) pend = q;
    else {
      addOuterPair(x, pend * p, q * p, p, risk[pend]!, r, a, cmat);
      pend = -1;
    }
  }
  if (pend >= 0) addOuter(x, pend * p, p, risk[pend]!, a, cmat);
  if (pend2 >= 0) addOuter(x, pend2 * p, p, risk[pend2]!, a2, cmat2);
  st[LOGLIK] = loglik;
  st[DENOM] = denom;
  st[NRISK] = nrisk;
  st[DEADWT] = deadwt;
  st[DENOM2] = denom2;
}

/** One event time without Efron's correction (Breslow, or a single death). */
function breslowStep(p: number, ws: CoxWorkspace, u: Float64Array, imat: Float64Array): void {
  const { a, cmat, state: st } = ws;
  const denom = st[DENOM]!;
  const deadwt = st[DEADWT]!;
  st[LOGLIK]! -= deadwt * Math.log(denom);
  const c = deadwt / denom;
  for (let i = 0, ip = 0; i < p; i++, ip += p) {
    const mean = a[i]! / denom;
    u[i]! -= deadwt * mean;
    for (let j = 0; j <= i; j++) imat[ip + j]! += c * (cmat[ip + j]! - mean * a[j]!);
  }
}

/**
 * One event time with `deaths` > 1 tied deaths under Efron's correction: the tied deaths leave
 * the risk set in `deaths` equal steps; at step d (0-based) the risk set holds the survivors
 * plus the fraction f = (d+1)/deaths of each death: S0 = denom + f·denom2, S1 = a + f·a2,
 * S2 = cmat + f·cmat2. coxfit6.c adds wtave·(S2 − S1·S1ᵀ/S0)/S0 for every step; the same sum is
 * formed here from three scalar sums over the steps, so the p×p work is once per event time.
 * The deaths then join the risk-set sums.
 */
function efronStep(p: number, ws: CoxWorkspace, deaths: number, u: Float64Array, imat: Float64Array): void {
  const { a, a2, cmat, cmat2, state: st } = ws;
  const denom = st[DENOM]!;
  const denom2 = st[DENOM2]!;
  const wtave = st[DEADWT]! / deaths;
  let loglik = st[LOGLIK]!;
  let c0 = 0; // Σ wtave/S0
  let c1 = 0; // Σ wtave·f/S0
  let e0 = 0; // Σ wtave/S0²
  let e1 = 0; // Σ wtave·f/S0²
  let e2 = 0; // Σ wtave·f²/S0²
  for (let d = 0; d < deaths; d++) {
    const f = (d + 1) / deaths;
    const s0 = denom + f * denom2;
    loglik -= wtave * Math.log(s0);
    const c = wtave / s0;
    c0 += c;
    c1 += c * f;
    e0 += c / s0;
    e1 += (c * f) / s0;
    e2 += (c * f * f) / s0;
  }
  st[LOGLIK] = loglik;
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
