/**
 * The pass by covariate patterns (coxPassPatterns.ts) on right-censored data, walking cells instead
 * of rows: a cell is one covariate pattern among the rows that join the risk set at one event time,
 * with the case weights of its surviving and dying rows summed. Every row of a cell has the same x,
 * x·β and exp(x·β), so what the rows would add one by one — S0, S1, the score, the log-likelihood
 * and the pattern sums of the second-moment term — is the cell's exp(x·β)·Σw (or Σw·x·β) added once.
 *
 * A report's models on categorical covariates with times in whole days have a few thousand event
 * times and a few to a few hundred patterns: 10⁶ rows make some 10⁴ cells, found once per model
 * (`patternCells`, before its first pass) instead of walked at every Newton iteration. When the
 * cells would not be much fewer than the rows (many patterns: hardly two rows of an event time
 * share one) they are not built and the pass keeps walking rows.
 *
 * The sums are the row pass's grouped: results agree with it to rounding (coxPassPatterns.test.ts).
 * The linear predictor and risk of every row that joins a risk set are still written to the
 * workspace (CoxWorkspace's contract), in one gather per stratum.
 *
 * Preconditions: a `PreparedCox` without entry times, and its `CovariatePatterns`.
 */
import { type CoxWorkspace, CUM, DENOM, DENOM2, efronWeights, LOGLIK, subtractLog } from './coxPassSteps.js';
import type { CovariatePatterns } from './coxPatterns.js';
import type { PreparedCox } from './coxPrepare.js';

/** Cells per row above which the rows are walked: the cells would save too little to pay for themselves. */
const MAX_CELL_SHARE = 0.5;

/** The cells of a prepared right-censored model, grouped by event time and stratum. */
export interface PatternCells {
  /** Event times of stratum s: [strataTimes[s], strataTimes[s + 1]). */
  readonly strataTimes: Int32Array;
  /** Cells of event time g: [timeCells[g], timeCells[g + 1]). */
  readonly timeCells: Int32Array;
  /** Number of deaths at event time g. */
  readonly deaths: Int32Array;
  /** A sorted row that dies at event time g (its first). */
  readonly eventRow: Int32Array;
  /** End of the rows of stratum s that join a risk set (they start at `strataStart[s]`). */
  readonly joinedEnd: Int32Array;
  /** Pattern of each cell, and the summed case weights of its surviving and dying rows. */
  readonly pattern: Int32Array;
  readonly alive: Float64Array;
  readonly dead: Float64Array;
}

/**
 * Calls `visit(from, to, deaths)` for each event time of stratum `s` with the sorted rows that join
 * at it (coxPass.ts's walk: the rows from the previous event time's down to this time's last), and
 * returns the end of the last.
 */
function eachEventTime(
  prep: PreparedCox,
  s: number,
  visit: (from: number, to: number, deaths: number) => void,
): number {
  const { time, status, strataStart } = prep;
  const end = strataStart[s + 1]!;
  let from = strataStart[s]!;
  for (;;) {
    let k = from;
    while (k < end && status[k] === 0) k++;
    if (k === end) return from;
    const dtime = time[k]!;
    let g = k;
    let deaths = 0;
    while (g < end && time[g]! >= dtime) {
      if (status[g] === 1) deaths++;
      g++;
    }
    visit(from, g, deaths);
    from = g;
  }
}

/** The cells of `prep` (header), or null when they would be more than `maxShare` of the rows. */
export function patternCells(
  prep: PreparedCox,
  patterns: CovariatePatterns,
  maxShare = MAX_CELL_SHARE,
): PatternCells | null {
  const { n, status, weight, strataStart } = prep;
  const { id } = patterns;
  const nStrata = strataStart.length - 1;
  // first walk: count the event times and cells (a cell is new when its pattern was last seen at another time)
  const seenAt = new Int32Array(patterns.count).fill(-1);
  let nTimes = 0;
  let nCells = 0;
  for (let s = 0; s < nStrata; s++)
    eachEventTime(prep, s, (from, to) => {
      for (let q = from; q < to; q++) {
        const c = id[q]!;
        if (seenAt[c] !== nTimes) {
          seenAt[c] = nTimes;
          nCells++;
        }
      }
      nTimes++;
    });
  if (nCells > n * maxShare) return null;
  const cells: PatternCells = {
    strataTimes: new Int32Array(nStrata + 1),
    timeCells: new Int32Array(nTimes + 1),
    deaths: new Int32Array(nTimes),
    eventRow: new Int32Array(nTimes),
    joinedEnd: new Int32Array(nStrata),
    pattern: new Int32Array(nCells),
    alive: new Float64Array(nCells),
    dead: new Float64Array(nCells),
  };
  const { pattern, alive, dead } = cells;
  // second walk: fill them; cellOf[c] is pattern c's cell at the current time
  seenAt.fill(-1);
  const cellOf = new Int32Array(patterns.count);
  let g = 0;
  let next = 0;
  for (let s = 0; s < nStrata; s++) {
    cells.strataTimes[s] = g;
    cells.joinedEnd[s] = eachEventTime(prep, s, (from, to, deaths) => {
      cells.timeCells[g] = next;
      cells.deaths[g] = deaths;
      let first = from;
      while (status[first] === 0) first++;
      cells.eventRow[g] = first;
      for (let q = from; q < to; q++) {
        const c = id[q]!;
        if (seenAt[c] !== g) {
          seenAt[c] = g;
          cellOf[c] = next;
          pattern[next++] = c;
        }
        if (status[q] === 1) dead[cellOf[c]!]! += weight[q]!;
        else alive[cellOf[c]!]! += weight[q]!;
      }
      g++;
    });
  }
  cells.strataTimes[nStrata] = g;
  cells.timeCells[g] = next;
  return cells;
}

/**
 * Stratum `s` of the pass by patterns over its cells: coxPassPatterns.ts's stratumByPatterns with
 * the rows of each event time replaced by their cells; the pattern sums' coefficients go to
 * `patterns.coef`.
 */
export function stratumByCells(
  prep: PreparedCox,
  patterns: CovariatePatterns,
  cells: PatternCells,
  s: number,
  efron: boolean,
  u: Float64Array,
  imat: Float64Array,
  ws: CoxWorkspace,
): void {
  const { sumRisk, sumRiskC, coef } = patterns;
  const st = ws.state;
  st[DENOM] = 0;
  st[CUM] = 0;
  ws.a.fill(0);
  sumRisk.fill(0);
  sumRiskC.fill(0);
  writeRows(prep, patterns, ws, prep.strataStart[s]!, cells.joinedEnd[s]!);
  for (let g = cells.strataTimes[s]!; g < cells.strataTimes[s + 1]!; g++) {
    const deaths = cells.deaths[g]!;
    const separate = efron && deaths > 1;
    const deadwt = joinCells(prep.p, patterns, cells, ws, g, separate, u);
    if (separate) efronCells(prep.p, patterns, cells, ws, g, deadwt, deaths, u, imat);
    else breslowByPatterns(prep.p, ws, deadwt, u, imat);
  }
  const cum = st[CUM]!;
  for (let c = 0; c < patterns.count; c++) coef[c]! += sumRisk[c]! * cum - sumRiskC[c]!;
}

/** eta and risk of the sorted rows [from, to), which join a risk set (CoxWorkspace's contract). */
function writeRows(
  prep: PreparedCox,
  patterns: CovariatePatterns,
  ws: CoxWorkspace,
  from: number,
  to: number,
): void {
  const { weight } = prep;
  const { id, eta: patEta, expEta } = patterns;
  const { eta, risk } = ws;
  for (let q = from; q < to; q++) {
    const c = id[q]!;
    eta[q] = patEta[c]!;
    risk[q] = expEta[c]! * weight[q]!;
  }
}

/**
 * The cells of event time g join (joinByPatterns's sums, a cell at a time): deaths into the score
 * and log-likelihood, the risk set's S0, S1 and pattern sums (or, when `separate`, the tied deaths'
 * S0 and S1 in DENOM2's place and a2). Returns the deaths' weight.
 */
function joinCells(
  p: number,
  patterns: CovariatePatterns,
  cells: PatternCells,
  ws: CoxWorkspace,
  g: number,
  separate: boolean,
  u: Float64Array,
): number {
  const { x: px, eta: patEta, expEta, sumRisk, sumRiskC } = patterns;
  const { pattern, alive, dead } = cells;
  const { a, a2, state: st } = ws;
  const cum = st[CUM]!;
  let loglik = st[LOGLIK]!;
  let denom = st[DENOM]!;
  let deadwt = 0;
  let denom2 = 0;
  if (separate) a2.fill(0);
  for (let k = cells.timeCells[g]!; k < cells.timeCells[g + 1]!; k++) {
    const c = pattern[k]!;
    const off = c * p;
    const e = expEta[c]!;
    const wd = dead[k]!;
    if (wd !== 0) {
      deadwt += wd;
      loglik += wd * patEta[c]!;
      for (let i = 0; i < p; i++) u[i]! += wd * px[off + i]!;
    }
    // the tied deaths of Efron's correction join after its steps (efronCells)
    const w = separate ? alive[k]! : alive[k]! + wd;
    if (separate && wd !== 0) {
      const rd = e * wd;
      denom2 += rd;
      for (let i = 0; i < p; i++) a2[i]! += rd * px[off + i]!;
    }
    const r = e * w;
    denom += r;
    for (let i = 0; i < p; i++) a[i]! += r * px[off + i]!;
    sumRisk[c]! += r;
    sumRiskC[c]! += r * cum;
  }
  st[LOGLIK] = loglik;
  st[DENOM] = denom;
  st[DENOM2] = denom2;
  return deadwt;
}

/**
 * An event time without Efron's separate steps: coxPassSteps.ts's breslowStep without its S2 part
 * (summed by pattern). Shared by the walk by rows (coxPassPatterns.ts) and by cells.
 */
export function breslowByPatterns(
  p: number,
  ws: CoxWorkspace,
  deadwt: number,
  u: Float64Array,
  imat: Float64Array,
): void {
  const { a, state: st } = ws;
  const denom = st[DENOM]!;
  subtractLog(st, deadwt, denom);
  const c = deadwt / denom;
  for (let i = 0, ip = 0; i < p; i++, ip += p) {
    const mean = a[i]! / denom;
    u[i]! -= deadwt * mean;
    const cm = c * mean;
    for (let j = 0; j <= i; j++) imat[ip + j]! -= cm * a[j]!;
  }
  st[CUM]! += c;
}

/**
 * Efron's steps for the tied deaths of event time g (coxPassPatterns.ts's efronByPatterns, the
 * deaths joining the pattern sums by cell): the risk set weighed by c0, the deaths by c1.
 */
function efronCells(
  p: number,
  patterns: CovariatePatterns,
  cells: PatternCells,
  ws: CoxWorkspace,
  g: number,
  deadwt: number,
  deaths: number,
  u: Float64Array,
  imat: Float64Array,
): void {
  const { expEta, sumRisk, sumRiskC } = patterns;
  const { pattern, dead } = cells;
  const joinAt = efronSums(p, ws, deadwt, deaths, u, imat);
  for (let k = cells.timeCells[g]!; k < cells.timeCells[g + 1]!; k++) {
    const wd = dead[k]!;
    if (wd === 0) continue;
    const c = pattern[k]!;
    const r = expEta[c]! * wd;
    sumRisk[c]! += r;
    sumRiskC[c]! += r * joinAt;
  }
}

/**
 * The score and information terms of Efron's steps at an event time whose risk set and tied deaths
 * have S0, S1 in DENOM, a and DENOM2, a2; the running sum moves by c0, the deaths join S0 and S1.
 * Returns the running sum at which the deaths join the pattern sums (C + c0 − c1).
 */
export function efronSums(
  p: number,
  ws: CoxWorkspace,
  deadwt: number,
  deaths: number,
  u: Float64Array,
  imat: Float64Array,
): number {
  const { a, a2, state: st } = ws;
  const denom = st[DENOM]!;
  const denom2 = st[DENOM2]!;
  const w = efronWeights(st, deadwt / deaths, deaths);
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
      imat[ip + j]! -= e0 * ai * aj + e1 * (ai * a2j + a2i * aj) + e2 * a2i * a2j;
    }
  }
  const joinAt = st[CUM]! + c0 - c1;
  st[CUM]! += c0;
  st[DENOM] = denom + denom2;
  for (let i = 0; i < p; i++) a[i]! += a2[i]!;
  return joinAt;
}
