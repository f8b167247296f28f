/**
 * The row pass of coxPass.ts for right-censored data (no entry times) with mostly distinct death
 * times: O(n·p²) like coxfit6.c's loop, but with one p×p update per row and one per event time
 * instead of coxfit6.c's risk-set update per row plus information update per death, each kind
 * gathered four at a time.
 *
 * The information at β is (coxfit6.c, Breslow)
 *   I = Σ_t (d_t/S0_t)·S2_t − Σ_t (d_t/S0_t²)·S1_t·S1_tᵀ,  S2_t = Σ_{i ∈ R_t} r_i·x_i·x_iᵀ.
 * Its first part is a sum over rows (as in coxPassPatterns.ts): row i is in the risk sets of the
 * event times from the one it joins at to the end of its stratum, so it is Σ_i r_i·K_i·x_i·x_iᵀ with
 * K_i the sum of d_t/S0_t over those times; the score's Σ_t d_t·S1_t/S0_t is Σ_i r_i·K_i·x_i in the
 * same way. Efron's correction weighs the risk set at a tied time with c0 and the tied deaths with
 * c1 (coxPassSteps.ts's efronStep): a tied death's K is its time's c1 plus the later times' sum.
 * So three sweeps per stratum: down the event times (S0, the log-likelihood, S1, the second part
 * and each time's d/S0 or c0); back up the rows, turning those into the suffix sums K (added from
 * the last time up, never as a difference of running sums, which loses every digit when the terms
 * span many orders of magnitude, as with a diverging fit); down the rows, adding r·K·x·xᵀ four rows
 * at a time (`addWeightedQuad` of coxOuterQuad.ts, one read and write of the accumulator per four rows).
 *
 * With mostly distinct times coxfit6.c's order does two p×p updates for nearly every row; here a
 * row costs one and an event time one. The terms are R's, added in another order (the two parts
 * of the information are summed apart and subtracted at the end), so results agree with the
 * event-time order to rounding (test: coxPassSweeps.test.ts).
 *
 * Preconditions: those of coxPass.ts, and `prep.entry === null`.
 */
import { addScaledRow, addWeightedQuad } from './coxOuterQuad.js';
import { addDeath, addScaledRowTo, addWeighted, copyRow, efronSecond } from './coxPassRowOps.js';
import { copyLower, rowSweep, rowSweepWasm, suffixSums } from './coxPassRowSweep.js';
import { type CoxWorkspace, DENOM, DENOM2, efronWeights, LOGLIK, subtractLog } from './coxPassSteps.js';
import type { PreparedCox } from './coxPrepare.js';
import { riskScores } from './coxRiskScores.js';
import { SCRATCH_VALUES, type WasmQuad, wasmQuadFor } from './coxWasmQuad.js';

/**
 * Event times per row above which the sweeps are used: with many rows per event time (tied
 * times) coxfit6.c's order already does one p×p update per row (four rows at a time) and few per
 * event time, and the sweeps' extra pass over the rows costs more than they save (at 10⁶ rows with
 * 10⁴ event times, about 30% more per pass; with two deaths in three rows at times of their own,
 * about 20% less).
 */
const MIN_EVENT_TIME_SHARE = 0.25;

/**
 * Rows below which coxfit6.c's order is kept whatever the times: the sweeps are for speed, and the
 * event-time order is R's own. The two parts of the information are summed apart here, and a late
 * event time with a small risk set adds about d·x·xᵀ to each (where coxfit6.c adds their nearly
 * zero difference), so on a small data set the rounding of the subtraction is of the order of
 * 10⁻¹² of the information, not 10⁻¹⁶; at 10⁶ rows it is lost among the other terms.
 */
const MIN_ROWS = 2048;

/**
 * Covariates below which coxfit6.c's order is kept: with p×p work of a few entries per update the
 * sweeps' extra passes over the rows cost what they save (at 10⁶ rows, p = 2: the same or slower;
 * p = 4: about 5% faster; p = 8: about 20%).
 */
const MIN_COVARIATES = 4;

const worthwhile = new WeakMap<PreparedCox, boolean>();

/** Whether `prep` (right-censored) gets the sweeps: its event times are many (estimated once per model). */
export function sweepsPay(prep: PreparedCox): boolean {
  if (prep.entry !== null || prep.n < MIN_ROWS || prep.p < MIN_COVARIATES) return false;
  let pays = worthwhile.get(prep);
  if (pays === undefined) {
    pays = eventTimeShare(prep) > MIN_EVENT_TIME_SHARE;
    worthwhile.set(prep, pays);
  }
  return pays;
}

/** Rows looked at by `eventTimeShare`. */
const SAMPLE = 4096;

/**
 * The share of sorted rows that are a death at a time other than the row before's: about the
 * number of event times per row (exactly, with all rows looked at). Estimated from `SAMPLE` rows
 * spread evenly over larger data (a scan of 10⁶ rows, mostly mispredicted branches, cost about
 * a hundredth of a fit); the choice only decides the speed.
 */
function eventTimeShare(prep: PreparedCox): number {
  const { n, time, status } = prep;
  const stride = Math.max(1, Math.floor(n / SAMPLE));
  let looked = 0;
  let starts = 0;
  for (let k = 0; k < n; k += stride) {
    looked++;
    if (status[k] === 1 && (k === 0 || time[k] !== time[k - 1])) starts++;
  }
  return starts / looked;
}

/**
 * One stratum of right-censored data (the header's three sweeps): adds its log-likelihood to
 * `ws.state`, its score to `u`, the first part of its information (lower triangle) to `imat` and
 * the second part to `ws.cmat`; the caller subtracts the latter once every stratum is in.
 */
export function sweepStratum(
  prep: PreparedCox,
  s: number,
  beta: Float64Array,
  efron: boolean,
  u: Float64Array,
  imat: Float64Array,
  ws: CoxWorkspace,
): void {
  const { p, time, status, strataStart } = prep;
  const begin = strataStart[s]!;
  const last = joinEnd(time, status, begin, strataStart[s + 1]!);
  if (last === begin) return;
  if (ws.step === null) ws.step = new Float64Array(prep.n);
  if (scoreDrop.length < p) scoreDrop = new Float64Array(p);
  const drop = scoreDrop.fill(0);
  const sums = sweepSums(prep, ws);
  eventSweep(prep, beta, efron, ws, sums, begin, last, u, imat, drop);
  if (sums.wasm !== null) copyLower(sums.second, ws.cmat, p);
  suffixSums(ws.step, begin, last);
  if (sums.wasm !== null) rowSweepWasm(prep, ws, sums.wasm, begin, last, imat, drop);
  else rowSweep(prep, ws, begin, last, imat, drop);
  // the score's second part, Σ_t d_t·S1_t/S0_t = Σ r·K·x (a sum over rows like the information's first)
  for (let j = 0; j < p; j++) u[j]! -= drop[j]!;
}

/**
 * Where a stratum's event sweep keeps S1's four slots and the S1·S1ᵀ sum: in the scratch of the
 * WebAssembly memory that holds the rows, when they are in one (the four-row update then runs
 * there, coxWasmQuad.ts), else in ordinary arrays.
 */
interface SweepSums {
  readonly wasm: WasmQuad | null;
  readonly s1: Float64Array;
  readonly second: Float64Array;
}

function sweepSums(prep: PreparedCox, ws: CoxWorkspace): SweepSums {
  const { p, x } = prep;
  const wasm = p * p + 2 + 4 * p <= SCRATCH_VALUES ? wasmQuadFor(x, p) : null;
  if (wasm === null) {
    if (s1Copies.length < 4 * p) s1Copies = new Float64Array(4 * p);
    return { wasm, s1: s1Copies, second: ws.cmat };
  }
  // the sum so far (earlier strata) goes in and, after the sweep, its lower triangle comes back
  const second = wasm.scratch.subarray(0, p * p + 1);
  second.set(ws.cmat);
  return { wasm, s1: wasm.scratch.subarray(p * p + 2, p * p + 2 + 4 * p), second };
}

/** The end of the rows of [begin, end) that join a risk set: those at or above its last event time. */
function joinEnd(time: Float64Array, status: Uint8Array, begin: number, end: number): number {
  let k = end - 1;
  while (k >= begin && status[k] === 0) k--;
  if (k < begin) return begin;
  const t = time[k]!;
  let g = k + 1;
  while (g < end && time[g]! >= t) g++;
  return g;
}

/**
 * The sweep down the rows and event times: the risk scores (a block ahead), S0, the
 * log-likelihood (into `ws.state`), S1, the deaths' share of the score (into `u`), the S1·S1ᵀ
 * terms (into `ws.cmat`, four event times at a time) and in `ws.step` each time's d/S0 (Efron: c0)
 * at its last row, 0 at the others. A row joins S0 and S1 as it comes (in coxfit6.c's order); an
 * event time ends at its last row. A time with tied deaths under Efron's correction goes to
 * `efronTime` at its first death.
 *
 * S1 is kept in one of the four slots of `s1Copies` that feed the S1·S1ᵀ terms: at an event
 * time's end its slot holds that time's copy as it is, and the next row's update reads it and
 * writes the next slot (`s1From` → `s1At`), where a copy per event time cost a twentieth of a pass.
 * Every S1 is the same double as when summed in place.
 */
// long: one loop over the rows, the slots of S1 and the running S0 carried in locals
function eventSweep(
  prep: PreparedCox,
  beta: Float64Array,
  efron: boolean,
  ws: CoxWorkspace,
  sums: SweepSums,
  begin: number,
  last: number,
  u: Float64Array,
  imat: Float64Array,
  drop: Float64Array,
): void {
  const { p, x, time, status, weight } = prep;
  const { a, eta, risk, state: st } = ws;
  const { wasm, s1, second } = sums;
  const step = ws.step!;
  s1.fill(0, 0, p);
  let s1From = 0; // where S1 is
  let s1At = 0; // where the next row's update writes it
  let events = 0; // slots holding an event time's S1
  let denom = 0;
  let deadwt = 0;
  let scored = begin; // rows [begin, scored) have their risk scores
  for (let q = begin; q < last; q++) {
    if (q === scored) {
      // a block's risk scores just before its rows join: their covariates are read from memory once
      scored = Math.min(last, scored + SCORE_BLOCK);
      riskScores(x, beta, weight, ws, q, scored, p);
    }
    step[q] = 0;
    const r = risk[q]!;
    const off = q * p;
    if (status[q] === 0) {
      denom += r;
      addScaledRowTo(s1, s1At, s1From, x, off, r, p);
    } else {
      const e = efron ? tiedEnd(time, status, q, last) : -1;
      if (e > 0) {
        if (e > scored) {
          scored = Math.min(last, Math.max(e, scored + SCORE_BLOCK));
          riskScores(x, beta, weight, ws, q, scored, p);
        }
        st[DENOM] = denom;
        // efronTime sums S1 in ws.a (rare with mostly distinct times)
        copyRow(s1, s1From, a, 0, p);
        efronTime(prep, ws, second, q, e, u, imat, drop);
        copyRow(a, 0, s1, s1At, p);
        s1From = s1At;
        denom = st[DENOM]!;
        q = e - 1;
        continue;
      }
      const w = weight[q]!;
      deadwt += w;
      st[LOGLIK]! += w * eta[q]!;
      denom += r;
      addDeath(u, s1, s1At, s1From, x, off, w, r, p);
    }
    s1From = s1At;
    if (deadwt > 0 && (q + 1 === last || time[q + 1] !== time[q])) {
      // the event time's last row: its S1 stays in its slot
      subtractLog(st, deadwt, denom);
      const c = deadwt / denom;
      step[q] = c;
      COPY_W[events] = c / denom;
      if (++events === 4) {
        slotsQuad(wasm, s1, second, p);
        events = 0;
      }
      s1At = events * p;
      deadwt = 0;
    }
  }
  for (let k = 0; k < events; k++) addWeighted(s1, k * p, COPY_W[k]!, p, second, null);
}

/** The S1·S1ᵀ terms of the four event times in the slots `s1`, weighted by `COPY_W`, into `second`. */
function slotsQuad(wasm: WasmQuad | null, s1: Float64Array, second: Float64Array, p: number): void {
  const [w0, w1, w2, w3] = [COPY_W[0]!, COPY_W[1]!, COPY_W[2]!, COPY_W[3]!];
  if (wasm === null) addWeightedQuad(s1, 0, p, 2 * p, 3 * p, w0, w1, w2, w3, p, second, null);
  else {
    const o = s1.byteOffset;
    wasm.quad(o, o + 8 * p, o + 16 * p, o + 24 * p, w0, w1, w2, w3, p, second.byteOffset, -1);
  }
}

/**
 * For the first death q of its time: the end of the time's rows when it has more deaths (Efron's
 * correction then applies), else −1.
 */
function tiedEnd(time: Float64Array, status: Uint8Array, q: number, last: number): number {
  const t = time[q]!;
  let e = q + 1;
  let deaths = 1;
  while (e < last && time[e] === t) deaths += status[e++]!;
  return deaths > 1 ? e : -1;
}

/**
 * The rows [q, e) of one time with tied deaths under Efron's correction (from its first death on;
 * its earlier censored rows have joined): the censored rows join S0 and S1, the deaths' sums are
 * formed apart, their S1 terms go in at once (efronStep's), then the deaths join. S0 is read from
 * and written back to `ws.state`.
 */
function efronTime(
  prep: PreparedCox,
  ws: CoxWorkspace,
  second: Float64Array,
  q: number,
  e: number,
  u: Float64Array,
  imat: Float64Array,
  drop: Float64Array,
): void {
  const { p, x, status, weight } = prep;
  const { a, a2, eta, risk, state: st } = ws;
  const step = ws.step!;
  let denom = st[DENOM]!;
  let denom2 = 0;
  let deadwt = 0;
  let deaths = 0;
  a2.fill(0);
  for (let k = q; k < e; k++) {
    step[k] = 0;
    const r = risk[k]!;
    const off = k * p;
    if (status[k] === 0) {
      denom += r;
      addScaledRow(a, x, off, r, p);
      continue;
    }
    const w = weight[k]!;
    deaths++;
    deadwt += w;
    st[LOGLIK]! += w * eta[k]!;
    denom2 += r;
    addDeath(u, a2, 0, 0, x, off, w, r, p);
  }
  st[DENOM] = denom;
  st[DENOM2] = denom2;
  const w = efronWeights(st, deadwt / deaths, deaths);
  efronSecond(p, a, a2, w[2]!, w[3]!, w[4]!, second);
  // a tied death's own time weighs it with c1, not c0
  const shift = w[1]! - w[0]!;
  for (let k = q; k < e; k++) if (status[k] === 1) addWeighted(x, k * p, risk[k]! * shift, p, imat, drop);
  step[e - 1] = w[0]!;
  for (let j = 0; j < p; j++) a[j]! += a2[j]!;
  st[DENOM] = denom + denom2;
}

/** Rows whose risk scores are formed at once (coxPass.ts's stratumPass does the same). */
const SCORE_BLOCK = 256;

/** Weights of the S1 copies waiting in `s1Copies` (four at most). */
const COPY_W = new Float64Array(4);
let s1Copies = new Float64Array(32);
/** Σ r·K·x over the rows: the score's second part (see `sweepStratum`). */
let scoreDrop = new Float64Array(8);
