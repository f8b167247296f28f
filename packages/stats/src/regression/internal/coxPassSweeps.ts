/**
 * The row pass of coxPass.ts for right-censored data (no entry times), as two sweeps over each
 * stratum's rows: O(n·p²) like coxfit6.c's loop, but with one p×p update per row and one per event
 * time instead of coxfit6.c's risk-set update per row plus information update per event time, and
 * with both kinds of update gathered four at a time.
 *
 * The information at β is (coxfit6.c, Breslow)
 *   I = Σ_t (d_t/S0_t)·S2_t − Σ_t (d_t/S0_t²)·S1_t·S1_tᵀ,  S2_t = Σ_{i ∈ R_t} r_i·x_i·x_iᵀ.
 * Its first part is a sum over rows (as in coxPassPatterns.ts): row i is in the risk sets of the
 * event times from the one it joins at to the end of its stratum, so it is Σ_i r_i·K_i·x_i·x_iᵀ with
 * K_i the sum of d_t/S0_t over those times. Efron's correction weighs the risk set at a tied time
 * with c0 and the tied deaths with c1 (coxPassSteps.ts's efronStep): a tied death's K is its
 * time's c1 plus the later times' sum. A first sweep forms the scalars (x·β, the risk scores, S0,
 * the log-likelihood and each time's d/S0 or c0); a sweep back up the rows turns these into the
 * suffix sums K (added from the last time up, never as a difference of running sums, which loses
 * everything when the terms span many orders of magnitude, as with a monotone likelihood); a
 * second sweep down forms the moments (S1, the score, the two parts of the information). It
 * repeats the first sweep's additions for S0 in the same order, so it sees the same doubles.

 * With mostly distinct times coxfit6.c's order does a p×p update of the risk-set sums for every
 * row and a p×p information update for nearly every row (every death); here each row and each event
 * time adds one weighted outer product, and four of them go in with one read and write of the
 * accumulator (`addWeightedQuad`): about half the work of a pass at 10⁶ rows × 8 covariates. The
 * terms are R's, added in another order (the two parts are summed apart and subtracted at the end),
 * so results agree with the event-time order to rounding (test: coxPassSweeps.test.ts).
 *
 * Preconditions: those of coxPass.ts, and `prep.entry === null`.
 */
import {
  type CoxWorkspace,
  DENOM,
  DENOM2,
  efronWeights,
  LOGLIK,
  riskScores,
  subtractLog,
} from './coxPassSteps.js';
import type { PreparedCox } from './coxPrepare.js';

/**
 * Event times per row above which the two sweeps are used: with many rows per event time (tied
 * times) coxfit6.c's order already does one p×p update per row (four rows at a time) and few per
 * event time, and the sweeps' extra pass over the rows costs more than they save (at 10⁶ rows with
 * 10⁴ event times, about 30% more per pass; with every death its own time, about 15% less).
 */
const MIN_EVENT_TIME_SHARE = 0.25;

const worthwhile = new WeakMap<PreparedCox, boolean>();

/** Whether `prep` (right-censored) gets the two sweeps: its event times are many (counted once per model). */
export function sweepsPay(prep: PreparedCox): boolean {
  if (prep.entry !== null) return false;
  let pays = worthwhile.get(prep);
  if (pays === undefined) {
    pays = eventTimes(prep) > MIN_EVENT_TIME_SHARE * prep.n;
    worthwhile.set(prep, pays);
  }
  return pays;
}

/** The number of distinct (stratum, event time) pairs. */
function eventTimes(prep: PreparedCox): number {
  const { time, status, strataStart } = prep;
  let count = 0;
  for (let s = 0; s + 1 < strataStart.length; s++) {
    let previous = Number.NaN;
    for (let k = strataStart[s]!; k < strataStart[s + 1]!; k++) {
      if (status[k] === 1 && time[k] !== previous) {
        count++;
        previous = time[k]!;
      }
    }
  }
  return count;
}

/**
 * One stratum of right-censored data: adds its log-likelihood to `ws.state`, its score to `u`, the
 * first part of its information (lower triangle) to `imat` and the second part to `ws.cmat`; the
 * caller subtracts the latter once every stratum is in.
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
  riskScores(prep.x, beta, prep.weight, ws, begin, last, p);
  scalarSweep(prep, efron, ws, begin, last);
  suffixSums(ws.step, begin, last);
  momentSweep(prep, efron, ws, begin, last, u, imat);
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

/** The next event time's rows from `i` on: [i, g) with g returned, and its number of deaths in `DEATHS`. */
function eventGroup(time: Float64Array, status: Uint8Array, i: number, last: number): number {
  let k = i;
  while (status[k] === 0) k++;
  const dtime = time[k]!;
  let g = k;
  let deaths = 0;
  while (g < last && time[g]! >= dtime) {
    deaths += status[g]!;
    g++;
  }
  GROUP[0] = deaths;
  return g;
}
const GROUP = new Int32Array(1);

/**
 * The first sweep: S0 at each event time, the log-likelihood (into `ws.state`) and in `ws.step`
 * each time's d/S0 (Efron: c0) at its last row, 0 at the others. S0 is added up as coxfit6.c does
 * (the deaths of a tied Efron time apart, then joined to S0).
 */
function scalarSweep(prep: PreparedCox, efron: boolean, ws: CoxWorkspace, begin: number, last: number): void {
  const { time, status, weight } = prep;
  const { eta, risk, state: st } = ws;
  const step = ws.step!;
  let denom = 0;
  let i = begin;
  while (i < last) {
    const g = eventGroup(time, status, i, last);
    const deaths = GROUP[0]!;
    const separate = efron && deaths > 1;
    let deadwt = 0;
    let denom2 = 0;
    let loglik = st[LOGLIK]!;
    for (let q = i; q < g; q++) {
      step[q] = 0;
      const r = risk[q]!;
      if (status[q] === 1) {
        const w = weight[q]!;
        deadwt += w;
        loglik += w * eta[q]!;
        if (separate) {
          denom2 += r;
          continue;
        }
      }
      denom += r;
    }
    st[LOGLIK] = loglik;
    if (separate) {
      st[DENOM] = denom;
      st[DENOM2] = denom2;
      step[g - 1] = efronWeights(st, deadwt / deaths, deaths, true)[0]!;
      denom += denom2;
    } else {
      subtractLog(st, deadwt, denom);
      step[g - 1] = deadwt / denom;
    }
    i = g;
  }
}

/**
 * `step[q]` ← Σ step[k] over k ≥ q in [begin, last): each row's K, the sum of d/S0 (c0) over its
 * own event time and the later ones, added from the last time up.
 */
function suffixSums(step: Float64Array, begin: number, last: number): void {
  let sum = 0;
  for (let q = last - 1; q >= begin; q--) {
    sum += step[q]!;
    step[q] = sum;
  }
}

/**
 * Rows and event times' S1 waiting to be added to an accumulator four at a time: the rows' offsets
 * in x, and the weights (slots 0–3 the rows', 4–7 those of the S1 copies in `s1Copies`).
 */
const QUEUE_OFF = new Int32Array(4);
const QUEUE_W = new Float64Array(8);
let s1Copies = new Float64Array(32);
/** Σ r·K·x over the rows so far: the score's second part (see `momentSweep`). */
let scoreDrop = new Float64Array(8);

/**
 * The second sweep: S1, the score and the two parts of the information. The rows go into
 * Σ r·K·x·xᵀ (`imat`), the event times' S1 into Σ (d/S0²)·S1·S1ᵀ (`ws.cmat`), each
 * through a queue of four. The score's second part Σ_t d_t·S1_t/S0_t is a sum over rows in the same
 * way, Σ r·K·x: the rows' queue adds it up on the side (`scoreDrop`), instead of p
 * divisions and updates of the score per event time.
 */
// long: one loop over the stratum's event times, whose two queues (rows, S1 copies) are carried in locals
function momentSweep(
  prep: PreparedCox,
  efron: boolean,
  ws: CoxWorkspace,
  begin: number,
  last: number,
  u: Float64Array,
  imat: Float64Array,
): void {
  const { p, x, time, status, weight } = prep;
  const { a, a2, cmat: second, risk, state: st } = ws;
  const step = ws.step!;
  if (s1Copies.length < 4 * p) {
    s1Copies = new Float64Array(4 * p);
    scoreDrop = new Float64Array(p);
  }
  const copies = s1Copies;
  const drop = scoreDrop.fill(0);
  a.fill(0);
  let rows = 0; // queued rows
  let events = 0; // queued S1 copies
  let denom = 0;
  let i = begin;
  while (i < last) {
    const g = eventGroup(time, status, i, last);
    const deaths = GROUP[0]!;
    const separate = efron && deaths > 1;
    let deadwt = 0;
    let denom2 = 0;
    if (separate) a2.fill(0);
    for (let q = i; q < g; q++) {
      const r = risk[q]!;
      const off = q * p;
      if (status[q] === 1) {
        const w = weight[q]!;
        deadwt += w;
        for (let j = 0; j < p; j++) u[j]! += w * x[off + j]!;
        if (separate) {
          denom2 += r;
          addScaled(a2, x, off, r, p);
          continue;
        }
      }
      denom += r;
      addScaled(a, x, off, r, p);
      QUEUE_OFF[rows] = off;
      QUEUE_W[rows] = r * step[q]!;
      if (++rows === 4) {
        flushRows(x, p, imat, drop);
        rows = 0;
      }
    }
    if (separate) {
      // Efron's tied deaths: their S1 terms at once (efronStep's), then the deaths join
      st[DENOM] = denom;
      st[DENOM2] = denom2;
      const w = efronWeights(st, deadwt / deaths, deaths, false);
      const c0 = w[0]!;
      const c1 = w[1]!;
      efronSecond(p, a, a2, w[2]!, w[3]!, w[4]!, second);
      for (let j = 0; j < p; j++) a[j]! += a2[j]!;
      for (let q = i; q < g; q++) {
        if (status[q] !== 1) continue;
        QUEUE_OFF[rows] = q * p;
        // its own time's c1 instead of c0
        QUEUE_W[rows] = risk[q]! * (step[q]! - c0 + c1);
        if (++rows === 4) {
          flushRows(x, p, imat, drop);
          rows = 0;
        }
      }
      denom += denom2;
    } else {
      const c = deadwt / denom;
      // copied by hand: TypedArray.prototype.set costs a builtin call per event time
      for (let j = 0, o = events * p; j < p; j++) copies[o + j] = a[j]!;
      QUEUE_W[4 + events] = c / denom;
      if (++events === 4) {
        flushCopies(copies, p, second);
        events = 0;
      }
    }
    i = g;
  }
  for (let k = 0; k < rows; k++) {
    const off = QUEUE_OFF[k]!;
    const w = QUEUE_W[k]!;
    addWeighted(x, off, w, p, imat);
    for (let j = 0; j < p; j++) drop[j]! += w * x[off + j]!;
  }
  for (let k = 0; k < events; k++) addWeighted(copies, k * p, QUEUE_W[4 + k]!, p, second);
  for (let j = 0; j < p; j++) u[j]! -= drop[j]!;
}

/** v += r·x[off..off+p). */
function addScaled(v: Float64Array, x: Float64Array, off: number, r: number, p: number): void {
  for (let j = 0; j < p; j++) v[j]! += r * x[off + j]!;
}

/** The four queued rows into `acc` and their weighted sum into `sum` (`addWeightedQuad`). */
function flushRows(x: Float64Array, p: number, acc: Float64Array, sum: Float64Array): void {
  addWeightedQuad(
    x,
    QUEUE_OFF[0]!,
    QUEUE_OFF[1]!,
    QUEUE_OFF[2]!,
    QUEUE_OFF[3]!,
    QUEUE_W[0]!,
    QUEUE_W[1]!,
    QUEUE_W[2]!,
    QUEUE_W[3]!,
    p,
    acc,
    sum,
  );
}

/** The four queued S1 copies into `acc`. */
function flushCopies(copies: Float64Array, p: number, acc: Float64Array): void {
  addWeightedQuad(
    copies,
    0,
    p,
    2 * p,
    3 * p,
    QUEUE_W[4]!,
    QUEUE_W[5]!,
    QUEUE_W[6]!,
    QUEUE_W[7]!,
    p,
    acc,
    null,
  );
}

/** acc[i][j] += w·v_i·v_j (j ≤ i) for v = src[off..off+p). */
function addWeighted(src: Float64Array, off: number, w: number, p: number, acc: Float64Array): void {
  for (let i = 0, ip = 0; i < p; i++, ip += p) {
    const wv = w * src[off + i]!;
    for (let j = 0; j <= i; j++) acc[ip + j]! += wv * src[off + j]!;
  }
}

/**
 * `addWeighted` of four sources in one read and write of each entry of `acc`; `sum`, when given,
 * gets Σ w·v too.
 */
export function addWeightedQuad(
  src: Float64Array,
  o1: number,
  o2: number,
  o3: number,
  o4: number,
  w1: number,
  w2: number,
  w3: number,
  w4: number,
  p: number,
  acc: Float64Array,
  sum: Float64Array | null,
): void {
  for (let i = 0, ip = 0; i < p; i++, ip += p) {
    const v1 = w1 * src[o1 + i]!;
    const v2 = w2 * src[o2 + i]!;
    const v3 = w3 * src[o3 + i]!;
    const v4 = w4 * src[o4 + i]!;
    if (sum !== null) sum[i] = sum[i]! + (v1 + v2) + (v3 + v4);
    for (let j = 0; j <= i; j++)
      acc[ip + j] =
        acc[ip + j]! + (v1 * src[o1 + j]! + v2 * src[o2 + j]!) + (v3 * src[o3 + j]! + v4 * src[o4 + j]!);
  }
}

/** Efron's S1 terms of a tied time (efronStep's): e0·a·aᵀ + e1·(a·a2ᵀ + a2·aᵀ) + e2·a2·a2ᵀ into `acc`. */
function efronSecond(
  p: number,
  a: Float64Array,
  a2: Float64Array,
  e0: number,
  e1: number,
  e2: number,
  acc: Float64Array,
): void {
  for (let i = 0, ip = 0; i < p; i++, ip += p) {
    const ai = a[i]!;
    const a2i = a2[i]!;
    for (let j = 0; j <= i; j++) {
      const aj = a[j]!;
      const a2j = a2[j]!;
      acc[ip + j]! += e0 * ai * aj + e1 * (ai * a2j + a2i * aj) + e2 * a2i * a2j;
    }
  }
}
