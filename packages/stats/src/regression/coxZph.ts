import { DEFAULTS } from '../defaults.js';
import { chiSquareUpperTail } from '../distributions/chiSquare.js';
import { checkObject, checkOptions, StatsInputError } from '../errors.js';
import { quadFormInverse, subMatrix } from '../internal/linalg.js';
import { lowerBound, upperBound } from '../internal/search.js';
import { zphScoreByCells } from './coxZphCells.js';
import { type PreparedCox, prepareCoxData } from './internal/coxKernel.js';
import { patternCells } from './internal/coxPassCells.js';
import { covariatePatterns } from './internal/coxPatterns.js';
import type { CoxData, CoxResult } from './types.js';

const FN = 'coxZph';

/** Options of `coxZph`. */
export interface CoxZphOptions {
  /**
   * g(t) in β(t) = β + θ·g(t): `'km'` (1 − the left-continuous Kaplan–Meier of all rows, R's
   * default), `'rank'` (rank of the time among all rows) or `'identity'` (the time itself).
   */
  readonly transform?: 'km' | 'rank' | 'identity';
  /**
   * Model terms as groups of covariate columns, tested jointly (R's `terms = TRUE` for a factor's
   * indicator columns), e.g. `{ ecog: ['ecog=1', 'ecog=2'], age: ['age'] }`. Must cover every
   * column exactly once. Default: one term per column.
   */
  readonly terms?: Readonly<Record<string, readonly string[]>>;
}

/** One row of the `cox.zph` table. */
export interface CoxZphTest {
  /** The score test statistic (R's `chisq` column), chi-square on `df` under proportional hazards. */
  readonly statistic: number;
  readonly df: number;
  readonly pValue: number;
}

/** Result of `coxZph`: R's `cox.zph(fit)$table`. */
export interface CoxZphResult {
  readonly terms: readonly (CoxZphTest & { readonly name: string })[];
  readonly global: CoxZphTest;
  readonly transform: 'km' | 'rank' | 'identity';
}

/** g(t) per sorted row before centring, as `cox.zph`'s `ttimes`. */
function transformTimes(prep: PreparedCox, transform: 'km' | 'rank' | 'identity'): Float64Array {
  const { n, time, entry, status } = prep;
  const out = new Float64Array(n);
  if (transform === 'identity') {
    out.set(time);
    return out;
  }
  const asc = Float64Array.from(time).sort();
  if (transform === 'rank') {
    // R's rank(): average rank of ties, over all rows; a run of tied sorted rows searches once
    for (let k = 0; k < n; k++) {
      if (k > 0 && time[k] === time[k - 1]) {
        out[k] = out[k - 1]!;
        continue;
      }
      const lo = lowerBound(asc, time[k]!);
      const hi = upperBound(asc, time[k]!);
      out[k] = (lo + 1 + hi) / 2;
    }
    return out;
  }
  // 'km': survfitKM of all rows pooled (no strata, no weights), read left-continuously
  const entryAsc = entry === null ? null : Float64Array.from(entry).sort();
  const eventTimes = Float64Array.from(time.filter((_, k) => status[k] === 1)).sort();
  const distinct: number[] = [];
  const deaths: number[] = [];
  for (let k = 0; k < eventTimes.length; k++) {
    const t = eventTimes[k]!;
    if (distinct.length > 0 && distinct[distinct.length - 1] === t) deaths[deaths.length - 1]! += 1;
    else {
      distinct.push(t);
      deaths.push(1);
    }
  }
  const surv = new Float64Array(distinct.length);
  let s = 1;
  distinct.forEach((t, i) => {
    // at risk at t: time ≥ t, minus (entry, time] rows not yet entered (entry ≥ t)
    const atRisk = n - lowerBound(asc, t) - (entryAsc === null ? 0 : n - lowerBound(entryAsc, t));
    s *= 1 - deaths[i]! / atRisk;
    surv[i] = s;
  });
  const d = Float64Array.from(distinct);
  for (let k = 0; k < n; k++) {
    if (k > 0 && time[k] === time[k - 1]) {
      out[k] = out[k - 1]!;
      continue;
    }
    const before = lowerBound(d, time[k]!); // event times strictly before this time
    out[k] = 1 - (before === 0 ? 1 : surv[before - 1]!);
  }
  return out;
}

/**
 * The model terms to test, each a group of covariate columns: one term per column by default;
 * given `terms` must name known columns and cover every column exactly once.
 */
function termGroups(
  names: readonly string[],
  terms: CoxZphOptions['terms'],
): Record<string, readonly string[]> {
  const grouping: Record<string, readonly string[]> =
    terms === undefined ? Object.fromEntries(names.map((c) => [c, [c]])) : { ...terms };
  const seen = new Map<string, string>();
  for (const [term, cols] of Object.entries(grouping)) {
    if (cols.length === 0)
      throw new StatsInputError(FN, `term "${term}" has no columns`, { field: 'options.terms' });
    for (const c of cols) {
      if (!names.includes(c))
        throw new StatsInputError(FN, `term "${term}" names unknown column "${c}"`, {
          field: 'options.terms',
        });
      if (seen.has(c))
        throw new StatsInputError(FN, `column "${c}" is in terms "${seen.get(c)}" and "${term}"`, {
          field: 'options.terms',
        });
      seen.set(c, term);
    }
  }
  const missing = names.filter((c) => !seen.has(c));
  if (missing.length > 0)
    throw new StatsInputError(FN, `columns not in any term: ${missing.join(', ')}`, {
      field: 'options.terms',
    });

  return grouping;
}

/**
 * The score vector of (β, θ) at (β̂, 0) — only its θ half, since the β half is 0 at β̂ — and the
 * full 2p×2p information, in one pass over the sorted rows: R's `zph1.c` (right-censored) and
 * `zph2.c` (counting process), which are the first iteration of `coxfit6.c` / `agfit4.c` with a
 * time-weighted copy of every sum. Works on the kernel's centred-and-scaled columns with β/scale;
 * the test statistic uᵀI⁻¹u is invariant to that reparametrization.
 */
// long: one pass, as zph1.c/zph2.c are: it keeps a, a2, cmat and cmat2 and the time-weighted copies
// of each in step; split, every row would pass all of them around. Exported for the test of the
// walk by cells (coxZphCells.test.ts), not from the package.
export function zphScore(
  prep: PreparedCox,
  betaScaled: Float64Array,
  efron: boolean,
  gt: Float64Array,
): { u: Float64Array; imat: Float64Array } {
  const { p, x, time, status, weight, entry, entryOrder, strataStart } = prep;
  const q = 2 * p;
  const u = new Float64Array(q);
  const imat = new Float64Array(q * q);
  const a = new Float64Array(p);
  const a2 = new Float64Array(p);
  const cmat = new Float64Array(p * p);
  const cmat2 = new Float64Array(p * p);
  const risk = new Float64Array(prep.n);
  const added = entry === null ? null : new Uint8Array(prep.n);
  const addTerm = (wt: number, denom: number, tw: number): void => {
    for (let i = 0; i < p; i++) {
      const mean = a[i]! / denom;
      u[p + i]! -= tw * wt * mean;
      for (let j = 0; j < p; j++) {
        const v = (wt * (cmat[i * p + j]! - mean * a[j]!)) / denom;
        imat[i * q + j]! += v;
        imat[i * q + p + j]! += v * tw;
        imat[(p + i) * q + j]! += v * tw;
        imat[(p + i) * q + p + j]! += v * tw * tw;
      }
    }
  };
  for (let s = 0; s + 1 < strataStart.length; s++) {
    const end = strataStart[s + 1]!;
    let addPtr = strataStart[s]!;
    let remPtr = addPtr;
    let denom = 0;
    let nrisk = 0;
    a.fill(0);
    cmat.fill(0);
    for (;;) {
      let k = addPtr;
      while (k < end && status[k] === 0) k++;
      if (k === end) break;
      const dtime = time[k]!;
      const tw = gt[k]!;
      if (entry !== null) {
        for (; remPtr < end; remPtr++) {
          const r0 = entryOrder![remPtr]!;
          if (entry[r0]! < dtime) break;
          if (added![r0] === 0) continue;
          nrisk--;
          if (nrisk === 0) {
            denom = 0;
            a.fill(0);
            cmat.fill(0);
          } else {
            const r = risk[r0]!;
            denom -= r;
            for (let i = 0; i < p; i++) {
              const rx = r * x[r0 * p + i]!;
              a[i]! -= rx;
              for (let j = 0; j < p; j++) cmat[i * p + j]! -= rx * x[r0 * p + j]!;
            }
          }
        }
      }
      let deaths = 0;
      let deadwt = 0;
      let denom2 = 0;
      a2.fill(0);
      cmat2.fill(0);
      for (; addPtr < end && time[addPtr]! >= dtime; addPtr++) {
        const r0 = addPtr;
        if (entry !== null) {
          if (entry[r0]! >= dtime) continue;
          added![r0] = 1;
        }
        nrisk++;
        let zbeta = 0;
        for (let i = 0; i < p; i++) zbeta += betaScaled[i]! * x[r0 * p + i]!;
        const w = weight[r0]!;
        const r = Math.exp(zbeta) * w;
        risk[r0] = r;
        const dead = status[r0] === 1 && time[r0] === dtime;
        if (dead) {
          deaths++;
          deadwt += w;
          denom2 += r;
        } else denom += r;
        for (let i = 0; i < p; i++) {
          const xi = x[r0 * p + i]!;
          if (dead) u[p + i]! += tw * w * xi;
          const rx = r * xi;
          if (dead) a2[i]! += rx;
          else a[i]! += rx;
          for (let j = 0; j < p; j++) {
            if (dead) cmat2[i * p + j]! += rx * x[r0 * p + j]!;
            else cmat[i * p + j]! += rx * x[r0 * p + j]!;
          }
        }
      }
      if (!efron || deaths === 1) {
        denom += denom2;
        for (let i = 0; i < p; i++) a[i]! += a2[i]!;
        for (let i = 0; i < p * p; i++) cmat[i]! += cmat2[i]!;
        addTerm(deadwt, denom, tw);
      } else {
        // Efron: the tied deaths leave the sums in `deaths` equal steps
        const wtave = deadwt / deaths;
        for (let d = 0; d < deaths; d++) {
          denom += denom2 / deaths;
          for (let i = 0; i < p; i++) a[i]! += a2[i]! / deaths;
          for (let i = 0; i < p * p; i++) cmat[i]! += cmat2[i]! / deaths;
          addTerm(wtave, denom, tw);
        }
      }
    }
  }
  return { u, imat };
}

/** Covariate patterns per row above which zph1.c's walk over rows is kept (as coxPassPatterns.ts). */
const MAX_PATTERN_SHARE = 0.25;

/**
 * zphScore, by (event time × pattern) cells (coxZphCells.ts) when the data are right-censored and
 * have few covariate patterns (a report's models on categorical covariates), else by rows.
 */
function score(
  prep: PreparedCox,
  betaScaled: Float64Array,
  efron: boolean,
  gt: Float64Array,
): { u: Float64Array; imat: Float64Array } {
  if (prep.entry === null) {
    const patterns = covariatePatterns(prep, Math.floor(prep.n * MAX_PATTERN_SHARE));
    // one evaluation, not a Newton iteration each: cells pay for themselves however many they are
    const cells = patterns === null ? null : patternCells(prep, patterns, Number.POSITIVE_INFINITY);
    if (cells !== null) return zphScoreByCells(prep, patterns!, cells, betaScaled, efron, gt);
  }
  return zphScore(prep, betaScaled, efron, gt);
}

/** uᵀ A⁻¹ u on the index set `idx` of (u, A), with u's β half set to 0 as in `cox.zph`. */
function scoreStatistic(
  u: Float64Array,
  imat: Float64Array,
  q: number,
  idx: readonly number[],
  p: number,
): number {
  const uu = idx.map((i) => (i < p ? 0 : u[i]!));
  return quadFormInverse(subMatrix(imat, q, idx), idx.length, uu) ?? Number.NaN;
}

/**
 * Test of the proportional-hazards assumption, R survival 3.5-3's `cox.zph`: for each term the
 * score test of θ = 0 in β(t) = β + θ·g(t) at the fitted β̂, and the global test of all θ, with
 * g = 1 − Kaplan–Meier (`'km'`, default), rank or identity of time. Since survival 3.0 these are
 * exact score tests using the full information matrix of (β, θ) — not the Grambsch–Therneau
 * approximation from scaled Schoenfeld residuals that R 2.x printed — so the numbers differ from
 * older references.
 *
 * Strata, case weights and `(entry, time]` data are handled as in the fit; coefficients R reports
 * as NA are left out, as `cox.zph` drops them. (One edge case differs: when the NA comes from a
 * monotone likelihood that collapsed the information, not from collinearity, R's linear predictor
 * still carries the runaway iterate of that column; the fit here has no value for it.)
 *
 * R equivalent:
 * ```r
 * fit <- coxph(Surv(time, event) ~ age + sex + factor(ecog), data = d)
 * cox.zph(fit, transform = "km", terms = TRUE)$table
 * ```
 *
 * @param data The model's data, as given to `coxPH`.
 * @param fit The `coxPH` result for `data` (β̂ and ties are taken from it).
 * @param options `transform` ('km') and `terms` (one per column).
 * @example
 * const fit = coxPH(data);
 * const zph = coxZph(data, fit, { terms: { ecog: ['ecog=1', 'ecog=2'], age: ['age'] } });
 * zph.global.pValue;  // < 0.05 suggests non-proportional hazards
 *
 * @throws {StatsInputError} what `coxPH` rejects; a fit whose terms do not match the data's
 *   covariates; `terms` that do not cover every column exactly once; an unknown transform.
 */
export function coxZph(data: CoxData, fit: CoxResult, options: CoxZphOptions = {}): CoxZphResult {
  checkObject(FN, fit, 'fit');
  if (!Array.isArray(fit.terms))
    throw new StatsInputError(FN, 'expected the result of coxPH(data), with its terms', { field: 'fit' });
  checkOptions(FN, options);
  const transform = options.transform ?? DEFAULTS.zphTransform;
  if (transform !== 'km' && transform !== 'rank' && transform !== 'identity') {
    throw new StatsInputError(FN, `is ${String(transform)}; expected 'km', 'rank' or 'identity'`, {
      field: 'options.transform',
    });
  }
  const names = Object.keys(data.covariates);
  if (fit.terms.length !== names.length || fit.terms.some((t, j) => t.name !== names[j])) {
    throw new StatsInputError(
      FN,
      "the fit's terms do not match the covariates of data (same names, same order)",
      {
        field: 'fit',
      },
    );
  }
  if (names.length === 0)
    throw new StatsInputError(FN, 'there are no score residuals for a Null model', { field: 'covariates' });

  const grouping = termGroups(names, options.terms);

  // cox.zph drops NA coefficients and any term left without columns
  const kept = names.filter((_, j) => fit.terms[j]!.coef !== null);
  const covariates: Record<string, ArrayLike<number>> = {};
  for (const c of kept) covariates[c] = data.covariates[c]!;
  const prep = prepareCoxData(FN, { ...data, covariates });
  const p = prep.p;
  const betaScaled = new Float64Array(p);
  kept.forEach((c, j) => {
    betaScaled[j] = fit.terms[names.indexOf(c)]!.coef! / prep.scale[j]!;
  });

  const tt = transformTimes(prep, transform);
  let sum = 0;
  let m = 0;
  for (let k = 0; k < prep.n; k++) {
    if (prep.status[k] === 1) {
      sum += tt[k]!;
      m++;
    }
  }
  const gt = tt.map((v) => v - sum / m);
  const { u, imat } = score(prep, betaScaled, fit.ties === 'efron', gt);
  const q = 2 * p;
  const all = Array.from({ length: p }, (_, j) => j);

  const terms = Object.entries(grouping).flatMap(([name, cols]) => {
    const jj = cols.map((c) => kept.indexOf(c)).filter((j) => j >= 0);
    if (jj.length === 0) return [];
    const statistic = scoreStatistic(u, imat, q, [...all, ...jj.map((j) => j + p)], p);
    return [{ name, statistic, df: jj.length, pValue: chiSquareUpperTail(statistic, jj.length) }];
  });
  const g = scoreStatistic(u, imat, q, [...all, ...all.map((j) => j + p)], p);
  return { terms, global: { statistic: g, df: p, pValue: chiSquareUpperTail(g, p) }, transform };
}
