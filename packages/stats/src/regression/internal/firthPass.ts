/**
 * The Cox partial likelihood with the gradient of Firth's penalty, in one pass over the risk sets.
 *
 * Firth's penalized fit (Heinze & Schemper 2001) needs, besides l(β), U(β) and I(β), the penalty
 * gradient g_r = ½·tr(I⁻¹ ∂I/∂β_r). For one event-time term −wt·log S0(β) of the Breslow or
 * Efron likelihood, ∂²/∂β² is the covariance of x under the risk weights and ∂³ its third
 * cumulant κ3, so ∂I_jk/∂β_r = Σ wt·κ3_jkr. Contracted with A = I⁻¹ the p³ tensor never has to
 * be formed: with m = S1/S0, q_i = x_iᵀ A x_i, Q = Σ r_i q_i and T = Σ r_i q_i x_i,
 *
 *   Σ_jk A_jk κ3_jkr = T_r/S0 − (Q/S0)·m_r − 2·(S2 A m)_r/S0 + 2·(mᵀ A m)·m_r,
 *
 * so the gradient costs one more O(n·p²) pass once I (hence A) is known. Efron's tied deaths
 * enter step d with the fixed fraction f: every sum S becomes S_risk + f·S_deaths, which is a
 * weighted risk set again, so the same cumulant formula holds step by step (coxfit6.c's steps).
 *
 * This is a separate pass from `coxKernel.ts` on purpose: the ordinary kernel is tuned for 10⁶
 * rows and carries no Q/T sums; Firth is for small data with monotone likelihood. It walks the
 * risk sets exactly as `coxPassScaled` does (rows sorted by stratum then stop time descending;
 * `(entry, time]` rows leave once an event time ≤ their entry is reached), on the centred and
 * scaled covariates `prep.x`, so β, U, I and g here are all on that scale.
 *
 * Preconditions: those of `PreparedCox` (finite values, status 0/1, weight > 0, an event).
 */
import type { PreparedCox } from './coxKernel.js';

/** What `firthPass` returns; every vector and matrix is on the centred-and-scaled scale of `prep.x`. */
export interface FirthPassResult {
  readonly loglik: number;
  readonly score: Float64Array;
  /** −∂²l/∂β², p×p row-major, symmetric; not formed (zeros) by a gradient pass (`inv` given). */
  readonly information: Float64Array;
  /** ½·tr(I⁻¹ ∂I/∂β_r) for every r, or `null` when no inverse was given. */
  readonly penaltyGradient: Float64Array | null;
}

/** Running sums of one risk set (or of one time's tied deaths): S0, S1, S2 and the Q, T sums. */
class Sums {
  s0 = 0;
  q = 0;
  readonly s1: Float64Array;
  readonly s2: Float64Array;
  readonly t: Float64Array;
  constructor(p: number) {
    this.s1 = new Float64Array(p);
    this.s2 = new Float64Array(p * p);
    this.t = new Float64Array(p);
  }
  clear(): void {
    this.s0 = 0;
    this.q = 0;
    this.s1.fill(0);
    this.s2.fill(0);
    this.t.fill(0);
  }
  /**
   * Adds the row at `off` with risk weight r (removes it when r < 0) and quadratic form qi. S2 is
   * kept in its lower triangle only: half the work, and `step` reads it that way.
   */
  add(x: Float64Array, off: number, p: number, r: number, qi: number): void {
    this.s0 += r;
    this.q += r * qi;
    const { s1, s2, t } = this;
    for (let i = 0, ip = 0; i < p; i++, ip += p) {
      const rx = r * x[off + i]!;
      s1[i]! += rx;
      t[i]! += rx * qi;
      for (let j = 0; j <= i; j++) s2[ip + j]! += rx * x[off + j]!;
    }
  }
  /** `add` without the Q and T sums, for a pass that forms no penalty gradient. */
  addPlain(x: Float64Array, off: number, p: number, r: number): void {
    this.s0 += r;
    const { s1, s2 } = this;
    for (let i = 0, ip = 0; i < p; i++, ip += p) {
      const rx = r * x[off + i]!;
      s1[i]! += rx;
      for (let j = 0; j <= i; j++) s2[ip + j]! += rx * x[off + j]!;
    }
  }

  merge(o: Sums): void {
    this.s0 += o.s0;
    this.q += o.q;
    for (let i = 0; i < this.s1.length; i++) {
      this.s1[i]! += o.s1[i]!;
      this.t[i]! += o.t[i]!;
    }
    for (let i = 0; i < this.s2.length; i++) this.s2[i]! += o.s2[i]!;
  }
}

/**
 * Scratch space of `firthPass` for one data set, reused across calls: a fit makes hundreds of
 * passes, and fresh per-row arrays each time cost about as much garbage collection as the work.
 */
export class FirthWorkspace {
  readonly eta: Float64Array;
  readonly rw: Float64Array;
  readonly qrow: Float64Array;
  readonly added: Uint8Array;
  readonly risk: Sums;
  readonly dead: Sums;
  readonly m: Float64Array;
  readonly am: Float64Array;
  readonly s2am: Float64Array;
  constructor(n: number, p: number) {
    this.eta = new Float64Array(n);
    this.rw = new Float64Array(n);
    this.qrow = new Float64Array(n);
    this.added = new Uint8Array(n);
    this.risk = new Sums(p);
    this.dead = new Sums(p);
    this.m = new Float64Array(p);
    this.am = new Float64Array(p);
    this.s2am = new Float64Array(p);
  }
}

/** Accumulators of one pass plus the scratch vectors of one event-time step. */
interface Acc {
  readonly p: number;
  loglik: number;
  readonly u: Float64Array;
  readonly imat: Float64Array;
  readonly g: Float64Array | null;
  readonly inv: Float64Array | null;
  readonly m: Float64Array;
  readonly am: Float64Array;
  readonly s2am: Float64Array;
}

/**
 * One event-time step: the risk set `risk` plus the fraction f of the tied deaths `dead`, with
 * death weight `wt` (Breslow: all deaths, f = 0 because they are already in `risk`; Efron: the
 * average death weight at each of the `deaths` steps).
 */
function step(acc: Acc, risk: Sums, dead: Sums, f: number, wt: number): void {
  const { p, u, imat, m, g, inv, am, s2am } = acc;
  const rs1 = risk.s1;
  const rs2 = risk.s2;
  const ds1 = dead.s1;
  const ds2 = dead.s2;
  const s0 = risk.s0 + f * dead.s0;
  const w0 = wt / s0;
  acc.loglik -= wt * Math.log(s0);
  for (let i = 0; i < p; i++) {
    m[i] = (rs1[i]! + f * ds1[i]!) / s0;
    u[i]! -= wt * m[i]!;
  }
  // lower triangle of I (`firthPass` mirrors it at the end); a gradient pass has I already
  for (let i = 0, ip = 0; i < p && g === null; i++, ip += p) {
    const wmi = wt * m[i]!;
    if (f === 0) for (let j = 0; j <= i; j++) imat[ip + j]! += w0 * rs2[ip + j]! - wmi * m[j]!;
    else for (let j = 0; j <= i; j++) imat[ip + j]! += w0 * (rs2[ip + j]! + f * ds2[ip + j]!) - wmi * m[j]!;
  }
  if (g === null || inv === null) return;
  let mam = 0;
  for (let i = 0, ip = 0; i < p; i++, ip += p) {
    let s = 0;
    for (let j = 0; j < p; j++) s += inv[ip + j]! * m[j]!;
    am[i] = s;
    mam += m[i]! * s;
  }
  // S2·Am from the lower triangle of S2 (risk set plus the fraction f of the deaths)
  s2am.fill(0);
  for (let i = 0, ip = 0; i < p; i++, ip += p) {
    let si = 0;
    const ai = am[i]!;
    for (let j = 0; j < i; j++) {
      const c = rs2[ip + j]! + f * ds2[ip + j]!;
      si += c * am[j]!;
      s2am[j]! += c * ai;
    }
    s2am[i]! += si + (rs2[ip + i]! + f * ds2[ip + i]!) * ai;
  }
  const qf = (risk.q + f * dead.q) / s0;
  const rt = risk.t;
  const dt = dead.t;
  for (let r = 0; r < p; r++) {
    const tr = (rt[r]! + f * dt[r]!) / s0;
    g[r]! += 0.5 * wt * (tr - qf * m[r]! - (2 * s2am[r]!) / s0 + 2 * mam * m[r]!);
  }
}

/**
 * l, U and I at `beta` (on the scale of `prep.x`), or with `inv` = I(β)⁻¹ (from a first pass at
 * the same β) l, U and the penalty gradient instead of I. Breslow or Efron ties, strata, case weights and `(entry, time]` rows as R's
 * `coxph`; l and I agree with `evaluateCoxScaled` to rounding.
 */
// long: the likelihood kernel, called ≈ 300 times per Firth fit; its accumulators live across the
// strata/time loop as coxfit6.c's do.
export function firthPass(
  prep: PreparedCox,
  beta: Float64Array,
  efron: boolean,
  inv: Float64Array | null,
  ws: FirthWorkspace = new FirthWorkspace(prep.n, prep.p),
): FirthPassResult {
  const { n, p, x, weight, status, time, entry, entryOrder, strataStart } = prep;
  const { eta, rw, qrow, risk, dead } = ws;
  for (let k = 0, off = 0; k < n; k++, off += p) {
    let z = 0;
    for (let i = 0; i < p; i++) z += beta[i]! * x[off + i]!;
    eta[k] = z;
    rw[k] = weight[k]! * Math.exp(z);
    if (inv === null) continue;
    // xᵀAx from A's lower triangle (A symmetric)
    let qi = 0;
    for (let i = 0, ip = 0; i < p; i++, ip += p) {
      const xi = x[off + i]!;
      let s = 0;
      for (let j = 0; j < i; j++) s += inv[ip + j]! * x[off + j]!;
      qi += xi * (2 * s + inv[ip + i]! * xi);
    }
    qrow[k] = qi;
  }
  const acc: Acc = {
    p,
    loglik: 0,
    u: new Float64Array(p),
    imat: new Float64Array(p * p),
    g: inv === null ? null : new Float64Array(p),
    inv,
    m: ws.m,
    am: ws.am,
    s2am: ws.s2am,
  };
  const added = entry === null ? null : ws.added.fill(0);
  for (let s = 0; s + 1 < strataStart.length; s++) {
    const end = strataStart[s + 1]!;
    let addPtr = strataStart[s]!;
    let remPtr = addPtr;
    let nrisk = 0;
    risk.clear();
    for (;;) {
      let k = addPtr;
      while (k < end && status[k] === 0) k++;
      if (k === end) break;
      const dtime = time[k]!;
      // agfit4.c: rows whose entry is at or after this event time leave the risk set
      for (; entry !== null && remPtr < end; remPtr++) {
        const q = entryOrder![remPtr]!;
        if (entry[q]! < dtime) break;
        if (added![q] === 0) continue;
        if (--nrisk === 0) risk.clear();
        else if (inv === null) risk.addPlain(x, q * p, p, -rw[q]!);
        else risk.add(x, q * p, p, -rw[q]!, qrow[q]!);
      }
      let deaths = 0;
      let g = k;
      while (g < end && time[g]! >= dtime) if (status[g++] === 1) deaths++;
      const separate = efron && deaths > 1;
      dead.clear();
      let deadwt = 0;
      for (let q = addPtr; q < g; q++) {
        if (entry !== null) {
          if (entry[q]! >= dtime) continue;
          added![q] = 1;
        }
        nrisk++;
        const off = q * p;
        if (status[q] === 1) {
          deadwt += weight[q]!;
          acc.loglik += weight[q]! * eta[q]!;
          for (let i = 0; i < p; i++) acc.u[i]! += weight[q]! * x[off + i]!;
        }
        const sums = separate && status[q] === 1 ? dead : risk;
        if (inv === null) sums.addPlain(x, off, p, rw[q]!);
        else sums.add(x, off, p, rw[q]!, qrow[q]!);
      }
      addPtr = g;
      if (!separate) step(acc, risk, dead, 0, deadwt);
      else {
        for (let d = 0; d < deaths; d++) step(acc, risk, dead, (d + 1) / deaths, deadwt / deaths);
        risk.merge(dead);
      }
    }
  }
  const imat = acc.imat;
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) imat[j * p + i] = imat[i * p + j]!;
  return { loglik: acc.loglik, score: acc.u, information: imat, penaltyGradient: acc.g };
}
