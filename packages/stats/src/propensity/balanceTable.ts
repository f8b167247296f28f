import { StatsInputError } from '../errors.js';
import type { CategoricalColumn, NumericColumn } from '../regression/model/types.js';
import { treatmentCodes } from './internal/treatmentCodes.js';

const FN = 'balanceTable';

/** Options of `balanceTable`. */
export interface BalanceOptions {
  /** Chooses the SMD denominator, as cobalt's `s.d.denom`: ATE "pooled", ATT "treated". Default `'ATE'`. */
  readonly estimand?: 'ATE' | 'ATT';
  /** Weights of the adjusted sample (e.g. `propensityWeights(...).weights`, or matching weights). */
  readonly weights?: ArrayLike<number>;
}

/** Means, SMD and variance ratio of one balance row in one sample (unadjusted or adjusted). */
export interface BalanceStats {
  readonly meanTreated: number;
  readonly meanControl: number;
  /** (meanTreated − meanControl)/SD denominator; `null` if the denominator is 0 and the difference is not. */
  readonly smd: number | null;
  /** varTreated/varControl; `null` for a binary row (cobalt reports none) or a zero control variance. */
  readonly varianceRatio: number | null;
}

/** One row: a continuous variable, or one level (0/1 indicator) of a categorical variable. */
export interface BalanceRow {
  readonly variable: string;
  /** The level, for a categorical variable's row. */
  readonly level?: string;
  readonly type: 'continuous' | 'binary';
  readonly unadjusted: BalanceStats;
  /** Present when `weights` were given. */
  readonly adjusted?: BalanceStats;
}

export interface BalanceResult {
  readonly estimand: 'ATE' | 'ATT';
  readonly rows: readonly BalanceRow[];
}

interface Moments {
  readonly mean: number;
  readonly variance: number;
}

/**
 * cobalt's `col.w.m` and `col.w.v` for one group: weighted mean Σwx/Σw; variance p(1 − p) for a
 * binary column, else the bias-corrected weighted variance Σw/((Σw)² − Σw²)·Σw(x − x̄)²
 * (the usual n − 1 variance when all weights are equal).
 */
function moments(
  x: Float64Array,
  z: Uint8Array,
  group: number,
  w: ArrayLike<number> | undefined,
  binary: boolean,
): Moments {
  let sw = 0;
  let sw2 = 0;
  let swx = 0;
  for (let i = 0; i < x.length; i++) {
    if (z[i] !== group) continue;
    const wi = w === undefined ? 1 : w[i]!;
    sw += wi;
    sw2 += wi * wi;
    swx += wi * x[i]!;
  }
  const mean = swx / sw;
  if (binary) return { mean, variance: mean * (1 - mean) };
  let ss = 0;
  for (let i = 0; i < x.length; i++) {
    if (z[i] !== group) continue;
    const wi = w === undefined ? 1 : w[i]!;
    ss += wi * (x[i]! - mean) ** 2;
  }
  return { mean, variance: (sw / (sw * sw - sw2)) * ss };
}

function stats(
  x: Float64Array,
  z: Uint8Array,
  w: ArrayLike<number> | undefined,
  binary: boolean,
  denom: number,
): BalanceStats {
  const m1 = moments(x, z, 1, w, binary);
  const m0 = moments(x, z, 0, w, binary);
  const diff = m1.mean - m0.mean;
  // cobalt (check_if_zero): a difference below sqrt(ε) is not standardised.
  const smd = Math.abs(diff) < Math.sqrt(2.220446049250313e-16) ? diff : denom > 0 ? diff / denom : null;
  const varianceRatio = binary || !(m0.variance > 0) ? null : m1.variance / m0.variance;
  return { meanTreated: m1.mean, meanControl: m0.mean, smd, varianceRatio };
}

function checkGroups(treated: ArrayLike<number | boolean>, n: number): Uint8Array {
  if (treated.length !== n)
    throw new StatsInputError(FN, `has length ${treated.length}; expected ${n} (one per row)`, {
      field: 'treated',
    });
  return treatmentCodes(FN, treated);
}

function checkWeights(weights: ArrayLike<number>, z: Uint8Array): void {
  if (weights.length !== z.length)
    throw new StatsInputError(FN, `has length ${weights.length}; expected ${z.length}`, { field: 'weights' });
  const sum = [0, 0];
  for (let i = 0; i < z.length; i++) {
    const v = weights[i]!;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      throw new StatsInputError(FN, `weight is ${String(v)}; expected a finite number ≥ 0`, {
        field: 'weights',
        row: i,
      });
    sum[z[i]!]! += v;
  }
  if (!(sum[0]! > 0 && sum[1]! > 0))
    throw new StatsInputError(FN, 'a treatment group has no positive weight', { field: 'weights' });
}

/** The balance rows of one variable: its values as 0/1 indicator or numeric columns. */
function columnsOf(name: string, col: CategoricalColumn | NumericColumn, n: number) {
  const field = `variables.${name}`;
  if (col.type === 'numeric') {
    if (col.values.length !== n)
      throw new StatsInputError(FN, `has length ${col.values.length}; expected ${n}`, { field });
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = col.values[i]!;
      if (!Number.isFinite(v))
        throw new StatsInputError(FN, `value ${v} is not finite (balance is computed on complete cases)`, {
          field,
          row: i,
        });
      x[i] = v;
    }
    // cobalt's is_0_1: a numeric 0/1 column is binary.
    const binary = x.every((v) => v === 0 || v === 1);
    return [{ level: undefined, x, binary }];
  }
  if (col.codes.length !== n)
    throw new StatsInputError(FN, `has length ${col.codes.length}; expected ${n}`, { field });
  for (let i = 0; i < n; i++) {
    const c = col.codes[i]!;
    if (!Number.isInteger(c) || c < 0 || c >= col.levels.length)
      throw new StatsInputError(
        FN,
        `code ${c} is not an index into levels (missing values are not allowed)`,
        { field, row: i },
      );
  }
  return col.levels.map((level, j) => {
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) x[i] = col.codes[i] === j ? 1 : 0;
    return { level, x, binary: true };
  });
}

/**
 * Covariate balance between treated and control units before and (with `weights`) after
 * weighting or matching, with cobalt's definitions (`bal.tab(..., binary = "std", continuous =
 * "std")`, `col_w_smd`, `col_w_vr`):
 * - means: Σwx/Σw within each group (unadjusted: w = 1);
 * - SMD = (x̄₁ − x̄₀)/s, s from the UNWEIGHTED groups: ATE √((s₁² + s₀²)/2), ATT s₁; variances
 *   are n − 1 sample variances for continuous rows and p(1 − p) for binary rows;
 * - variance ratio = s₁²/s₀² (treated over control, not folded), weighted variances being
 *   Σw/((Σw)² − Σw²)·Σw(x − x̄_w)² (cobalt's bias-corrected `col.w.v`); none for binary rows.
 * A categorical variable gives one binary row per level (every level, unlike cobalt's
 * drop-first for two levels); a numeric 0/1 column is binary. Rows must be complete.
 *
 * @throws {StatsInputError} for a treatment not 0/1/boolean or a single group, a missing or
 *   non-finite value, bad codes, negative weights or a group with zero total weight.
 */
export function balanceTable(
  treated: ArrayLike<number | boolean>,
  variables: Readonly<Record<string, CategoricalColumn | NumericColumn>>,
  options: BalanceOptions = {},
): BalanceResult {
  const estimand = options.estimand ?? 'ATE';
  if (estimand !== 'ATE' && estimand !== 'ATT')
    throw new StatsInputError(FN, `is ${String(estimand)}; expected 'ATE' or 'ATT'`, { field: 'estimand' });
  const z = checkGroups(treated, treated.length);
  const n = z.length;
  if (options.weights !== undefined) checkWeights(options.weights, z);
  const rows: BalanceRow[] = [];
  for (const [name, col] of Object.entries(variables)) {
    for (const c of columnsOf(name, col, n)) {
      const v1 = moments(c.x, z, 1, undefined, c.binary).variance;
      const v0 = moments(c.x, z, 0, undefined, c.binary).variance;
      const denom = estimand === 'ATE' ? Math.sqrt((v1 + v0) / 2) : Math.sqrt(v1);
      const unadjusted = stats(c.x, z, undefined, c.binary, denom);
      rows.push({
        variable: name,
        ...(c.level === undefined ? {} : { level: c.level }),
        type: c.binary ? 'binary' : 'continuous',
        unadjusted,
        ...(options.weights === undefined
          ? {}
          : { adjusted: stats(c.x, z, options.weights, c.binary, denom) }),
      });
    }
  }
  return { estimand, rows };
}
