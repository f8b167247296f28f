/**
 * The Cox partial-likelihood pass of coxPass.ts for designs with few distinct covariate rows,
 * summing the information's second-moment term by covariate pattern: O(n·p + patterns·p²) per pass
 * instead of the row pass's O(n·p²).
 *
 * Most of a report's models are indicator columns (treatment arm, ECOG, sex, stage…), so a million
 * rows share a few hundred covariate rows. The information at β is (coxfit6.c, Breslow)
 *   I = Σ_t (d_t/S0_t)·(S2_t − S1_t·S1_tᵀ/S0_t),  S2_t = Σ_{i ∈ R_t} r_i·x_i·x_iᵀ,
 * and its first part is a sum over rows: Σ_t (d_t/S0_t)·S2_t = Σ_i r_i·x_i·x_iᵀ·Σ_{t: i ∈ R_t} d_t/S0_t.
 * A row is in the risk set from the event time it joins at until its stratum ends (or, for
 * (entry, time] data, until it leaves), so with C the running sum of d_t/S0_t over the event times
 * passed, its coefficient is r_i·(C_leave − C_join): a pattern's rows add Σ r_i to `sumRisk` and
 * Σ r_i·C_join to `sumRiskC` as they join (and subtract as they leave), and the pattern's
 * coefficient is sumRisk·C_end − sumRiskC. Efron's correction weighs the risk set at a tied event
 * time with c0 = Σ_d wtave/S0_d and the tied deaths with c1 = Σ_d wtave·f_d/S0_d (coxPassSteps.ts's
 * efronStep): the running sum moves by c0 and a tied death joins as if at C + c0 − c1. The
 * second part (S1·S1ᵀ), the score and the log-likelihood stay per event time and per row, O(p²)
 * and O(p) as in the row pass, but a row's covariates are read from its pattern's copy (a few
 * kilobytes that stay in cache) instead of the n×p matrix, whose reading bounds the row pass at
 * 10⁶ rows; x·β and its exp() are formed once per pattern.
 *
 * The sums are the row pass's, added in another order: results agree with it to rounding
 * (property test: coxPassPatterns.test.ts, ~1e-12 relative), not bit for bit. The row pass stays
 * for designs with a continuous covariate, where nearly every row is its own pattern.
 *
 * Preconditions: those of coxPass.ts (a `PreparedCox` from `prepareCoxData`).
 */
import {
  breslowByPatterns,
  efronSums,
  type PatternCells,
  patternCells,
  stratumByCells,
} from './coxPassCells.js';
import {
  type CoxWorkspace,
  CUM,
  DENOM,
  DENOM2,
  finishLogs,
  LOGLIK,
  NRISK,
  startLogs,
} from './coxPassSteps.js';
import { type CovariatePatterns, covariatePatterns } from './coxPatterns.js';
import type { PreparedCox } from './coxPrepare.js';

export type { CovariatePatterns } from './coxPatterns.js';

/** Patterns per row above which the row pass is kept: the hashing would not pay for itself. */
const MAX_PATTERN_SHARE = 0.25;

/** A model's patterns and, for right-censored data with few enough of them, its cells (coxPassCells.ts). */
interface ByPatterns {
  readonly patterns: CovariatePatterns;
  readonly cells: PatternCells | null;
}

const chosen = new WeakMap<PreparedCox, ByPatterns | null>();

function byPatterns(
  prep: PreparedCox,
  patterns: CovariatePatterns | null,
  cells: boolean,
): ByPatterns | null {
  if (patterns === null) return null;
  return { patterns, cells: cells && prep.entry === null ? patternCells(prep, patterns) : null };
}

/**
 * The pass by patterns when `prep`'s design has few enough distinct rows (decided, and the patterns
 * found, at the model's first pass): fills `u` and `imat` as `coxPassScaled` does and returns the
 * log partial likelihood; null, with nothing written, when the row pass is to run.
 */
export function patternPass(
  prep: PreparedCox,
  beta: Float64Array,
  efron: boolean,
  u: Float64Array,
  imat: Float64Array,
  ws: CoxWorkspace,
): number | null {
  let chosenPass = chosen.get(prep);
  if (chosenPass === undefined) {
    const limit = Math.floor(prep.n * MAX_PATTERN_SHARE);
    chosenPass = byPatterns(prep, prep.p < 2 ? null : covariatePatterns(prep, limit), true);
    chosen.set(prep, chosenPass);
  }
  if (chosenPass === null) return null;
  return coxPassPatterns(prep, chosenPass, beta, efron, u, imat, ws);
}

/**
 * Sets which pass `prep` gets, for tests that compare them on the same prepared model: 'rows' (the
 * row pass), 'patterns' (by patterns whatever their number, walking rows) or 'cells' (by patterns
 * and, for right-censored data, cells whatever their number).
 */
export function choosePass(prep: PreparedCox, pass: 'rows' | 'patterns' | 'cells'): void {
  if (pass === 'rows') chosen.set(prep, null);
  else if (pass === 'patterns') chosen.set(prep, byPatterns(prep, covariatePatterns(prep, prep.n), false));
  else {
    const patterns = covariatePatterns(prep, prep.n)!;
    chosen.set(prep, {
      patterns,
      cells: prep.entry === null ? patternCells(prep, patterns, Infinity) : null,
    });
  }
}

/** The pass by patterns (header); `coxPassScaled`'s contract. */
function coxPassPatterns(
  prep: PreparedCox,
  { patterns, cells }: ByPatterns,
  beta: Float64Array,
  efron: boolean,
  u: Float64Array,
  imat: Float64Array,
  ws: CoxWorkspace,
): number {
  const { p, strataStart } = prep;
  const { count, x: px, eta, expEta, coef } = patterns;
  u.fill(0);
  imat.fill(0);
  coef.fill(0);
  if (ws.added !== null) ws.added.fill(0);
  let zero = true;
  for (let i = 0; i < p; i++) if (beta[i] !== 0) zero = false;
  // x·β summed in the row pass's order (riskScores), so each row gets the same double
  for (let c = 0, off = 0; c < count; c++, off += p) {
    let z = 0;
    if (!zero) for (let i = 0; i < p; i++) z += beta[i]! * px[off + i]!;
    eta[c] = z;
    expEta[c] = zero ? 1 : Math.exp(z);
  }
  const st = ws.state;
  st[LOGLIK] = 0;
  startLogs(st, !prep.weighted);
  for (let s = 0; s + 1 < strataStart.length; s++) {
    if (cells !== null) stratumByCells(prep, patterns, cells, s, efron, u, imat, ws);
    else stratumByPatterns(prep, patterns, s, efron, u, imat, ws);
  }
  finishLogs(st);
  // the second-moment term, one outer product per pattern
  for (let c = 0, off = 0; c < count; c++, off += p) {
    const k = coef[c]!;
    if (k === 0) continue;
    for (let i = 0, ip = 0; i < p; i++, ip += p) {
      const kx = k * px[off + i]!;
      for (let j = 0; j <= i; j++) imat[ip + j]! += kx * px[off + j]!;
    }
  }
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) imat[j * p + i] = imat[i * p + j]!;
  return st[LOGLIK]!;
}

/** The event times of stratum `s` in descending order (coxPass.ts's stratumPass). */
function stratumByPatterns(
  prep: PreparedCox,
  patterns: CovariatePatterns,
  s: number,
  efron: boolean,
  u: Float64Array,
  imat: Float64Array,
  ws: CoxWorkspace,
): void {
  const { p, time, status, entry, strataStart } = prep;
  const { sumRisk, sumRiskC, coef } = patterns;
  const st = ws.state;
  const end = strataStart[s + 1]!;
  let addPtr = strataStart[s]!;
  let remPtr = addPtr;
  st[DENOM] = 0;
  st[NRISK] = 0;
  st[CUM] = 0;
  ws.a.fill(0);
  sumRisk.fill(0);
  sumRiskC.fill(0);
  for (;;) {
    let k = addPtr;
    while (k < end && status[k] === 0) k++;
    if (k === end) break;
    const dtime = time[k]!;
    if (entry !== null) remPtr = leaveByPatterns(prep, patterns, ws, remPtr, end, dtime);
    let g = k;
    let deaths = 0;
    while (g < end && time[g]! >= dtime) {
      if (status[g] === 1) deaths++;
      g++;
    }
    const separate = efron && deaths > 1;
    const deadwt = joinByPatterns(prep, patterns, ws, addPtr, g, dtime, separate, u);
    if (separate) efronByPatterns(prep, patterns, ws, addPtr, g, deadwt, deaths, u, imat);
    else breslowByPatterns(p, ws, deadwt, u, imat);
    addPtr = g;
  }
  const cum = st[CUM]!;
  for (let c = 0; c < patterns.count; c++) coef[c]! += sumRisk[c]! * cum - sumRiskC[c]!;
}

/** agfit4.c's removal of the rows whose entry is at or after `dtime` (coxPass.ts's dropEntered). */
function leaveByPatterns(
  prep: PreparedCox,
  patterns: CovariatePatterns,
  ws: CoxWorkspace,
  from: number,
  end: number,
  dtime: number,
): number {
  const { p, entry, entryOrder } = prep;
  const { id, x: px, sumRisk, sumRiskC } = patterns;
  const { a, risk, added, state: st } = ws;
  const cum = st[CUM]!;
  let denom = st[DENOM]!;
  let nrisk = st[NRISK]!;
  let remPtr = from;
  for (; remPtr < end; remPtr++) {
    const q = entryOrder![remPtr]!;
    if (entry![q]! < dtime) break;
    if (added![q] === 0) continue;
    nrisk--;
    const r = risk[q]!;
    const c = id[q]!;
    if (nrisk === 0) {
      denom = 0;
      a.fill(0);
    } else {
      denom -= r;
      for (let i = 0, off = c * p; i < p; i++) a[i]! -= r * px[off + i]!;
    }
    sumRisk[c]! -= r;
    sumRiskC[c]! -= r * cum;
  }
  st[DENOM] = denom;
  st[NRISK] = nrisk;
  return remPtr;
}

/**
 * The rows [from, to) of one stop time join (coxPass.ts's riskScores and addGroup): eta and risk
 * written, deaths into the score and log-likelihood, the risk set's S0 and S1 (or, when
 * `separate`, the tied deaths' S0 and S1 in DENOM2's place and a2). Returns the deaths' weight.
 */
function joinByPatterns(
  prep: PreparedCox,
  patterns: CovariatePatterns,
  ws: CoxWorkspace,
  from: number,
  to: number,
  dtime: number,
  separate: boolean,
  u: Float64Array,
): number {
  const { p, status, weight, entry } = prep;
  const { id, x: px, eta: patEta, expEta, sumRisk, sumRiskC } = patterns;
  const { a, a2, eta, risk, added, state: st } = ws;
  const cum = st[CUM]!;
  let loglik = st[LOGLIK]!;
  let denom = st[DENOM]!;
  let nrisk = st[NRISK]!;
  let deadwt = 0;
  let denom2 = 0;
  if (separate) a2.fill(0);
  for (let q = from; q < to; q++) {
    const c = id[q]!;
    const z = patEta[c]!;
    const r = expEta[c]! * weight[q]!;
    eta[q] = z;
    risk[q] = r;
    if (entry !== null) {
      if (entry[q]! >= dtime) continue;
      added![q] = 1;
    }
    nrisk++;
    // the pattern's copy of the row: a few kilobytes that stay in cache, where prep.x is n×p
    const off = c * p;
    if (status[q] === 1) {
      const w = weight[q]!;
      deadwt += w;
      loglik += w * z;
      for (let i = 0; i < p; i++) u[i]! += w * px[off + i]!;
      if (separate) {
        denom2 += r;
        for (let i = 0; i < p; i++) a2[i]! += r * px[off + i]!;
        continue;
      }
    }
    denom += r;
    for (let i = 0; i < p; i++) a[i]! += r * px[off + i]!;
    sumRisk[c]! += r;
    sumRiskC[c]! += r * cum;
  }
  st[LOGLIK] = loglik;
  st[DENOM] = denom;
  st[NRISK] = nrisk;
  st[DENOM2] = denom2;
  return deadwt;
}

/**
 * One event time with tied deaths under Efron's correction (coxPassSteps.ts's efronStep) without
 * its S2 part: the risk set is weighed by c0 (the running sum moves by c0) and the tied deaths by
 * c1 (they join the pattern sums as if at C + c0 − c1); then the deaths join S0 and S1.
 */
function efronByPatterns(
  prep: PreparedCox,
  patterns: CovariatePatterns,
  ws: CoxWorkspace,
  from: number,
  to: number,
  deadwt: number,
  deaths: number,
  u: Float64Array,
  imat: Float64Array,
): void {
  const { status } = prep;
  const { id, sumRisk, sumRiskC } = patterns;
  const { risk } = ws;
  const joinAt = efronSums(prep.p, ws, deadwt, deaths, u, imat);
  for (let q = from; q < to; q++) {
    if (status[q] !== 1) continue;
    const c = id[q]!;
    const r = risk[q]!;
    sumRisk[c]! += r;
    sumRiskC[c]! += r * joinAt;
  }
}
