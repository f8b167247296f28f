/**
 * cox.zph's score and information (coxZph.ts's zphScore, R's zph1.c) for right-censored models with
 * few covariate patterns, by (event time × pattern) cells (internal/coxPassCells.ts): O(cells·p +
 * event times·p² + patterns·p²) instead of zph1.c's O(rows·p²) plus O(deaths·p²) for Efron's steps.
 *
 * zph1.c's information is Σ over event times (and Efron's steps) of wt/S0·(S2 − S1·S1ᵀ/S0)·g(t)^m,
 * m = 0, 1, 2 for its (β, β), (β, θ) and (θ, θ) blocks. As in the pattern pass
 * (coxPassPatterns.ts's header), the S2 part is a sum over rows: r_i·x_i·x_iᵀ times the sum of
 * wt/S0·g^m over the event times (steps) whose risk set holds row i, which is the running sum C_m
 * from the time the row joins to the stratum's end; a pattern's rows add Σr and Σr·C_m at joining.
 * Efron's steps give the tied deaths the fraction f = (d+1)/deaths of their weight at step d
 * (zph1.c adds a2/deaths and cmat2/deaths per step), so they join as if at C_m + (c0 − c1)·g^m,
 * with c0 = Σ wtave/S0_d and c1 = Σ wtave·f_d/S0_d; and the S1·S1ᵀ part over the steps is
 * e0·a·aᵀ + e1·(a·a2ᵀ + a2·aᵀ) + e2·a2·a2ᵀ with e_k = Σ wtave·f^k/S0_d² (S1 at step d is a + f·a2).
 *
 * The sums are zph1.c's regrouped: results agree with the row walk to rounding (coxZph tests
 * against R's fixtures, and coxZphCells.test.ts against the row walk on random tied data).
 *
 * Preconditions: a right-censored `PreparedCox` with its patterns and cells; `gt` the centred
 * g(time) of every sorted row.
 */
import type { PatternCells } from './internal/coxPassCells.js';
import type { CovariatePatterns } from './internal/coxPatterns.js';
import type { PreparedCox } from './internal/coxPrepare.js';

/** Running scalars of one stratum's walk and the S1 sums of its current event time. */
interface Walk {
  readonly p: number;
  denom: number;
  denom2: number;
  readonly a: Float64Array;
  readonly a2: Float64Array;
  /** C_0, C_1, C_2. */
  readonly cum: Float64Array;
  /** Σ r per pattern, and Σ r·C_m per pattern (count×3). */
  readonly sumRisk: Float64Array;
  readonly sumRiskC: Float64Array;
  /** The S1·S1ᵀ parts of the three blocks, p×p each (m·p² offset). */
  readonly outer: Float64Array;
}

/** zphScore's `u` (its θ half) and `imat` (2p×2p) by cells (header). */
export function zphScoreByCells(
  prep: PreparedCox,
  patterns: CovariatePatterns,
  cells: PatternCells,
  betaScaled: Float64Array,
  efron: boolean,
  gt: Float64Array,
): { u: Float64Array; imat: Float64Array } {
  const { p, strataStart } = prep;
  const { count, x: px } = patterns;
  const q = 2 * p;
  const u = new Float64Array(q);
  // exp(x·β) per pattern, x·β summed in zph1.c's order
  const expEta = new Float64Array(count);
  for (let c = 0, off = 0; c < count; c++, off += p) {
    let z = 0;
    for (let i = 0; i < p; i++) z += betaScaled[i]! * px[off + i]!;
    expEta[c] = Math.exp(z);
  }
  const walk: Walk = {
    p,
    denom: 0,
    denom2: 0,
    a: new Float64Array(p),
    a2: new Float64Array(p),
    cum: new Float64Array(3),
    sumRisk: new Float64Array(count),
    sumRiskC: new Float64Array(3 * count),
    outer: new Float64Array(3 * p * p),
  };
  const coef = new Float64Array(3 * count);
  for (let s = 0; s + 1 < strataStart.length; s++) {
    walk.denom = 0;
    walk.a.fill(0);
    walk.cum.fill(0);
    walk.sumRisk.fill(0);
    walk.sumRiskC.fill(0);
    for (let g = cells.strataTimes[s]!; g < cells.strataTimes[s + 1]!; g++) {
      const tw = gt[cells.eventRow[g]!]!;
      const deaths = cells.deaths[g]!;
      const separate = efron && deaths > 1;
      const deadwt = joinTime(walk, patterns, cells, expEta, g, separate, tw, u);
      eventTerms(walk, cells, expEta, g, separate ? deaths : 1, deadwt, tw, u);
    }
    for (let c = 0; c < count; c++)
      for (let m = 0; m < 3; m++)
        coef[3 * c + m]! += walk.sumRisk[c]! * walk.cum[m]! - walk.sumRiskC[3 * c + m]!;
  }
  return { u, imat: information(p, patterns, coef, walk.outer) };
}

/**
 * The cells of event time g join: the deaths' g(t)·w·x into u's θ half; S0, S1 and the pattern sums
 * (the tied deaths, when `separate`, into denom2 and a2 only). Returns the deaths' weight.
 */
function joinTime(
  walk: Walk,
  patterns: CovariatePatterns,
  cells: PatternCells,
  expEta: Float64Array,
  g: number,
  separate: boolean,
  tw: number,
  u: Float64Array,
): number {
  const { p, a, a2, cum, sumRisk, sumRiskC } = walk;
  const { x: px } = patterns;
  const { pattern, alive, dead } = cells;
  let deadwt = 0;
  walk.denom2 = 0;
  a2.fill(0);
  for (let k = cells.timeCells[g]!; k < cells.timeCells[g + 1]!; k++) {
    const c = pattern[k]!;
    const off = c * p;
    const e = expEta[c]!;
    const wd = dead[k]!;
    if (wd !== 0) {
      deadwt += wd;
      for (let i = 0; i < p; i++) u[p + i]! += tw * wd * px[off + i]!;
      if (separate) {
        const rd = e * wd;
        walk.denom2 += rd;
        for (let i = 0; i < p; i++) a2[i]! += rd * px[off + i]!;
      }
    }
    const r = e * (separate ? alive[k]! : alive[k]! + wd);
    walk.denom += r;
    for (let i = 0; i < p; i++) a[i]! += r * px[off + i]!;
    sumRisk[c]! += r;
    for (let m = 0; m < 3; m++) sumRiskC[3 * c + m]! += r * cum[m]!;
  }
  return deadwt;
}

/**
 * An event time's terms over its `steps` (Efron's tied deaths, else 1 step with all the deaths'
 * weight): u's θ half −= g·Σ wt·S1/S0; the S1·S1ᵀ parts; the running sums C_m; then the tied
 * deaths join S0, S1 and the pattern sums.
 */
function eventTerms(
  walk: Walk,
  cells: PatternCells,
  expEta: Float64Array,
  g: number,
  steps: number,
  deadwt: number,
  tw: number,
  u: Float64Array,
): void {
  const { p, a, a2, cum, outer, sumRisk, sumRiskC } = walk;
  const wtave = deadwt / steps;
  let c0 = 0;
  let c1 = 0;
  let e0 = 0;
  let e1 = 0;
  let e2 = 0;
  for (let d = 0; d < steps; d++) {
    // Breslow (one step): f·denom2 is 0, the deaths being in denom already
    const f = steps === 1 ? 0 : (d + 1) / steps;
    const s0 = walk.denom + f * walk.denom2;
    const c = wtave / s0;
    c0 += c;
    c1 += c * f;
    e0 += c / s0;
    e1 += (c * f) / s0;
    e2 += (c * f * f) / s0;
  }
  const tw2 = tw * tw;
  for (let i = 0; i < p; i++) {
    u[p + i]! -= tw * (c0 * a[i]! + c1 * a2[i]!);
    for (let j = 0; j < p; j++) {
      const v = e0 * a[i]! * a[j]! + e1 * (a[i]! * a2[j]! + a2[i]! * a[j]!) + e2 * a2[i]! * a2[j]!;
      outer[i * p + j]! += v;
      outer[p * p + i * p + j]! += v * tw;
      outer[2 * p * p + i * p + j]! += v * tw2;
    }
  }
  const before = [cum[0]!, cum[1]!, cum[2]!];
  cum[0]! += c0;
  cum[1]! += c0 * tw;
  cum[2]! += c0 * tw2;
  if (steps === 1) return;
  // the tied deaths join at C_m + (c0 − c1)·g^m
  const gm = [1, tw, tw2];
  for (let k = cells.timeCells[g]!; k < cells.timeCells[g + 1]!; k++) {
    const wd = cells.dead[k]!;
    if (wd === 0) continue;
    const c = cells.pattern[k]!;
    const r = expEta[c]! * wd;
    sumRisk[c]! += r;
    for (let m = 0; m < 3; m++) sumRiskC[3 * c + m]! += r * (before[m]! + (c0 - c1) * gm[m]!);
  }
  walk.denom += walk.denom2;
  for (let i = 0; i < p; i++) a[i]! += a2[i]!;
}

/** The 2p×2p information: per block m, Σ_c coef_m[c]·x_c·x_cᵀ − the S1·S1ᵀ part. */
function information(
  p: number,
  patterns: CovariatePatterns,
  coef: Float64Array,
  outer: Float64Array,
): Float64Array {
  const q = 2 * p;
  const { count, x: px } = patterns;
  const block = new Float64Array(3 * p * p);
  for (let c = 0, off = 0; c < count; c++, off += p)
    for (let m = 0; m < 3; m++) {
      const k = coef[3 * c + m]!;
      if (k === 0) continue;
      for (let i = 0; i < p; i++) {
        const kx = k * px[off + i]!;
        for (let j = 0; j < p; j++) block[m * p * p + i * p + j]! += kx * px[off + j]!;
      }
    }
  const imat = new Float64Array(q * q);
  for (let i = 0; i < p; i++)
    for (let j = 0; j < p; j++) {
      const b = i * p + j;
      imat[i * q + j] = block[b]! - outer[b]!;
      imat[i * q + p + j] = block[p * p + b]! - outer[p * p + b]!;
      imat[(p + i) * q + j] = block[p * p + b]! - outer[p * p + b]!;
      imat[(p + i) * q + p + j] = block[2 * p * p + b]! - outer[2 * p * p + b]!;
    }
  return imat;
}
