import { quantileOfSorted } from '../descriptives/quantile.js';
import { StatsInputError } from '../errors.js';
import { treatmentCodes } from './internal/treatmentCodes.js';

const FN = 'propensityWeights';

/** Options of `propensityWeights`. */
export interface PropensityWeightOptions {
  /** Target population: the whole sample (`'ATE'`) or the treated (`'ATT'`). Default `'ATE'`. */
  readonly estimand?: 'ATE' | 'ATT';
  /** Multiply each unit's weight by the proportion of kept units in its group. Default `false`. */
  readonly stabilize?: boolean;
  /**
   * Trimming: units whose propensity score lies below the `lower` or above the `upper` sample
   * quantile (type 7) of all units' scores get weight 0 and leave the analysis.
   */
  readonly trim?: { readonly lower?: number; readonly upper?: number };
  /**
   * Truncation (winsorising, WeightIt's `trim(w, at)`): weights above the `upper` (below the
   * `lower`) type-7 quantile of the adjustable weights are set to that quantile.
   */
  readonly truncate?: { readonly lower?: number; readonly upper?: number };
}

/** Sums and effective sample size of one treatment group. */
export interface GroupWeightSummary {
  readonly n: number;
  readonly sumWeights: number;
  /** Kish's effective sample size (Σw)²/Σw² (WeightIt's `ESS`); 0 when every weight is 0. */
  readonly ess: number;
}

export interface PropensityWeights {
  readonly weights: Float64Array;
  /** 1 for a unit dropped by trimming (its weight is 0). */
  readonly trimmed: Uint8Array;
  readonly estimand: 'ATE' | 'ATT';
  readonly treated: GroupWeightSummary;
  readonly control: GroupWeightSummary;
  /** The propensity-score cut-offs of `trim`, when given. */
  readonly psLimits?: { readonly lower: number | null; readonly upper: number | null };
  /** The weight cut-offs of `truncate`, when given, and how many weights they changed. */
  readonly weightLimits?: {
    readonly lower: number | null;
    readonly upper: number | null;
    readonly nTruncated: number;
  };
}

function checkProb(v: number | undefined, field: string): void {
  if (v !== undefined && !(typeof v === 'number' && v >= 0 && v <= 1))
    throw new StatsInputError(FN, `is ${String(v)}; expected a probability in [0, 1]`, { field });
}

function sortedOf(values: number[]): Float64Array {
  return Float64Array.from(values).sort();
}

function summarize(w: Float64Array, z: Uint8Array, group: 0 | 1): GroupWeightSummary {
  let n = 0;
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < w.length; i++) {
    if (z[i] !== group) continue;
    n++;
    s += w[i]!;
    s2 += w[i]! * w[i]!;
  }
  return { n, sumWeights: s, ess: s2 > 0 ? (s * s) / s2 : 0 };
}

function validate(ps: ArrayLike<number>, treated: ArrayLike<number | boolean>): Uint8Array {
  const n = ps.length;
  if (n === 0) throw new StatsInputError(FN, 'has no rows', { field: 'ps' });
  if (treated.length !== n)
    throw new StatsInputError(FN, `has length ${treated.length} but ps has length ${n}`, {
      field: 'treated',
    });
  for (let i = 0; i < n; i++) {
    const p = ps[i]!;
    if (typeof p !== 'number' || !(p > 0 && p < 1))
      throw new StatsInputError(FN, `propensity score is ${String(p)}; expected a number in (0, 1)`, {
        field: 'ps',
        row: i,
      });
  }
  return treatmentCodes(FN, treated);
}

/**
 * Inverse-probability-of-treatment weights from propensity scores e = P(treated | X), as WeightIt
 * (`get_w_from_ps`) defines them:
 * - ATE: w = 1/e for treated units, 1/(1 − e) for controls;
 * - ATT: w = 1 for treated units, e/(1 − e) for controls.
 *
 * Steps, in this order:
 * 1. `trim` (Stürmer et al. 2010 style, by score): units with e < Q(lower) or e > Q(upper), Q the
 *    type-7 quantile of all scores, get weight 0 and `trimmed` = 1;
 * 2. `stabilize` (Robins et al. 2000; WeightIt `stabilize = TRUE`): each kept unit's weight is
 *    multiplied by the proportion of kept units in its group, n₁/n or n₀/n — stabilised ATE
 *    weights then sum to about n;
 * 3. `truncate` (WeightIt `trim(w, at)`, winsorising): among the adjustable weights — every kept
 *    unit for ATE, kept controls for ATT (treated ATT weights are fixed at 1) — those above the
 *    type-7 `upper` quantile are set to it, those below the `lower` quantile to it.
 * Effective sample size per group: (Σw)²/Σw² (Kish; WeightIt's `ESS`).
 *
 * @throws {StatsInputError} for a score outside (0, 1), a treatment not 0/1/boolean, mismatched
 *   lengths, a single group, or a quantile probability outside [0, 1].
 */
export function propensityWeights(
  ps: ArrayLike<number>,
  treated: ArrayLike<number | boolean>,
  options: PropensityWeightOptions = {},
): PropensityWeights {
  const z = validate(ps, treated);
  const n = z.length;
  const estimand = options.estimand ?? 'ATE';
  if (estimand !== 'ATE' && estimand !== 'ATT')
    throw new StatsInputError(FN, `is ${String(estimand)}; expected 'ATE' or 'ATT'`, { field: 'estimand' });
  checkProb(options.trim?.lower, 'trim.lower');
  checkProb(options.trim?.upper, 'trim.upper');
  checkProb(options.truncate?.lower, 'truncate.lower');
  checkProb(options.truncate?.upper, 'truncate.upper');

  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const e = ps[i]!;
    w[i] = estimand === 'ATE' ? (z[i] ? 1 / e : 1 / (1 - e)) : z[i] ? 1 : e / (1 - e);
  }
  const trimmed = new Uint8Array(n);
  let psLimits: PropensityWeights['psLimits'];
  if (options.trim !== undefined) {
    const sorted = sortedOf(Array.from(ps));
    const lo = options.trim.lower === undefined ? null : quantileOfSorted(sorted, options.trim.lower);
    const hi = options.trim.upper === undefined ? null : quantileOfSorted(sorted, options.trim.upper);
    for (let i = 0; i < n; i++) {
      if ((lo !== null && ps[i]! < lo) || (hi !== null && ps[i]! > hi)) {
        trimmed[i] = 1;
        w[i] = 0;
      }
    }
    psLimits = { lower: lo, upper: hi };
    if (!z.some((g, i) => g === 1 && !trimmed[i]) || !z.some((g, i) => g === 0 && !trimmed[i]))
      throw new StatsInputError(FN, 'trimming leaves a treatment group empty', { field: 'trim' });
  }
  if (options.stabilize) {
    let kept = 0;
    let kept1 = 0;
    for (let i = 0; i < n; i++) {
      if (trimmed[i]) continue;
      kept++;
      kept1 += z[i]!;
    }
    for (let i = 0; i < n; i++) w[i] = w[i]! * (z[i] ? kept1 / kept : (kept - kept1) / kept);
  }
  let weightLimits: PropensityWeights['weightLimits'];
  if (options.truncate !== undefined) {
    const adjustable = (i: number) => !trimmed[i] && (estimand === 'ATE' || z[i] === 0);
    const pool: number[] = [];
    for (let i = 0; i < n; i++) if (adjustable(i)) pool.push(w[i]!);
    const sorted = sortedOf(pool);
    const lo = options.truncate.lower === undefined ? null : quantileOfSorted(sorted, options.truncate.lower);
    const hi = options.truncate.upper === undefined ? null : quantileOfSorted(sorted, options.truncate.upper);
    let nTruncated = 0;
    for (let i = 0; i < n; i++) {
      if (!adjustable(i)) continue;
      if (hi !== null && w[i]! > hi) {
        w[i] = hi;
        nTruncated++;
      } else if (lo !== null && w[i]! < lo) {
        w[i] = lo;
        nTruncated++;
      }
    }
    weightLimits = { lower: lo, upper: hi, nTruncated };
  }
  return {
    weights: w,
    trimmed,
    estimand,
    treated: summarize(w, z, 1),
    control: summarize(w, z, 0),
    ...(psLimits === undefined ? {} : { psLimits }),
    ...(weightLimits === undefined ? {} : { weightLimits }),
  };
}
