/**
 * The per-event-time steps of the Cox partial-likelihood pass (coxPass.ts) and the row updates
 * they share: adding a row's r·x and r·x·xᵀ to the risk-set sums, and folding those sums into
 * the log-likelihood, score and information at an event time (coxfit6.c's inner loop, Breslow
 * and Efron). The pass and these steps share their running scalars through `CoxWorkspace.state`,
 * in the slots named below.
 */

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
  readonly added: Uint8Array | null;
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

/** One event time without Efron's correction (Breslow, or a single death). */
export function breslowStep(p: number, ws: CoxWorkspace, u: Float64Array, imat: Float64Array): void {
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
  st[LOGLIK]! -= deadwt * Math.log(denom);
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
