import { StatsInputError } from '../errors.js';
import { argsortFloat64 } from '../internal/sort.js';
import { decimalStringOrder } from './internal/decimalStringOrder.js';
import { nearestNeighborKernel } from './internal/nearestNeighborKernel.js';
import { treatmentCodes } from './internal/treatmentCodes.js';

const FN = 'nearestNeighborMatch';

/** The order in which treated units choose their controls (MatchIt's `m.order`). */
export type MatchOrder = 'largest' | 'smallest' | 'data';

/** Options of `nearestNeighborMatch`; defaults in brackets. */
export interface NearestNeighborOptions {
  /** Controls per treated unit, k of 1:k matching (MatchIt `ratio`) [1]. */
  readonly ratio?: number;
  /** Whether a control may serve several treated units (MatchIt `replace`) [false]. */
  readonly replace?: boolean;
  /**
   * Caliper width, in standard deviations of the distance when `stdCaliper` (MatchIt `caliper`
   * with `std.caliper = TRUE`), or `null` for none [0.2 — Austin 2011's recommendation for the
   * logit of the propensity score; MatchIt itself has no caliper by default].
   */
  readonly caliper?: number | null;
  /** Whether `caliper` is in SDs of the distance (R's `sd`, n − 1) rather than its units [true]. */
  readonly stdCaliper?: boolean;
  /**
   * MatchIt `m.order`: treated units with the `'largest'` distance choose first (MatchIt's
   * default for a propensity score), `'smallest'` first, or in `'data'` order. Ignored with
   * replacement, as in MatchIt (each unit's matches then do not depend on the others).
   * ['largest']
   */
  readonly order?: MatchOrder;
  /** Only `'ATT'`: nearest-neighbour matching finds controls for the treated ['ATT']. */
  readonly estimand?: 'ATT';
}

/** The matched sample, in MatchIt's terms. */
export interface NearestNeighborMatch {
  /**
   * `matchMatrix[t·ratio + c]`: the row of the (c+1)th control matched to the t-th treated unit
   * (treated units in data order), or −1 (MatchIt's `match.matrix`, 0-based rows).
   */
  readonly matchMatrix: Int32Array;
  /** Row index of each treated unit, in data order: the rows of `matchMatrix`. */
  readonly treatedRows: Int32Array;
  readonly ratio: number;
  /**
   * Matched-set id per row (MatchIt's `subclass`: 1, 2, …; 0 = unmatched), numbered as R's
   * `factor()` numbers the treated rows' 1-based indices written as text; `null` with
   * replacement, where a control can belong to several sets.
   */
  readonly subclass: Int32Array | null;
  /**
   * MatchIt's matching weights (`weights_matrixC`): 1 for each matched treated unit; a control
   * gets Σ 1/(number of controls of each treated unit it serves), then controls are rescaled to
   * sum to the number of matched controls; 0 for unmatched units.
   */
  readonly weights: Float64Array;
  /** Caliper in distance units (width × SD when standardised), or null. */
  readonly caliper: number | null;
  /** Sample SD of the distance over all rows (R's `sd`). */
  readonly sdDistance: number;
  readonly order: MatchOrder;
  readonly nMatched: { readonly treated: number; readonly control: number };
  readonly nUnmatched: { readonly treated: number; readonly control: number };
}

/** R's `sd`: two-pass mean with R's correction step (cov.c), then Σ(x − m)²/(n − 1). */
function sampleSd(x: Float64Array): number {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i]!;
  let mean = s / n;
  let c = 0;
  for (let i = 0; i < n; i++) c += x[i]! - mean;
  mean += c / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i]! - mean) ** 2;
  return Math.sqrt(ss / (n - 1));
}

interface Settings {
  readonly ratio: number;
  readonly replace: boolean;
  readonly caliper: number | null;
  readonly stdCaliper: boolean;
  readonly order: MatchOrder;
}

function readOptions(o: NearestNeighborOptions): Settings {
  const ratio = o.ratio ?? 1;
  if (!Number.isInteger(ratio) || ratio < 1)
    throw new StatsInputError(FN, `is ${String(ratio)}; expected a whole number ≥ 1`, { field: 'ratio' });
  if (o.replace !== undefined && typeof o.replace !== 'boolean')
    throw new StatsInputError(FN, 'expected true or false', { field: 'replace' });
  const caliper = o.caliper === undefined ? 0.2 : o.caliper;
  if (caliper !== null && !(typeof caliper === 'number' && caliper > 0 && Number.isFinite(caliper)))
    throw new StatsInputError(FN, `is ${String(caliper)}; expected a positive number or null`, {
      field: 'caliper',
    });
  const estimand = o.estimand ?? 'ATT';
  if (estimand !== 'ATT')
    throw new StatsInputError(
      FN,
      `is ${String(estimand)}; nearest-neighbour matching estimates the ATT (MatchIt refuses estimand = "ATE" for method = "nearest"); use propensityWeights for the ATE`,
      { field: 'estimand' },
    );
  const order = o.order ?? 'largest';
  if (order !== 'largest' && order !== 'smallest' && order !== 'data')
    throw new StatsInputError(
      FN,
      `is ${String(order)}; expected 'largest', 'smallest' or 'data' ('random' needs R's sample.int stream and is not offered)`,
      { field: 'order' },
    );
  return { ratio, replace: o.replace ?? false, caliper, stdCaliper: o.stdCaliper ?? true, order };
}

function readDistance(distance: ArrayLike<number>, n: number): Float64Array {
  if (distance.length !== n)
    throw new StatsInputError(FN, `has length ${distance.length}; expected ${n} (one per row)`, {
      field: 'distance',
    });
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = distance[i]!;
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new StatsInputError(FN, `is ${String(v)}; expected a finite number`, {
        field: 'distance',
        row: i,
      });
    d[i] = v;
  }
  return d;
}

/**
 * MatchIt's `mm2subclass`: the matched sets numbered as R's `factor()` numbers the treated rows'
 * 1-based indices written as text (levels sorted as strings).
 */
function subclassOf(mm: Int32Array, treatedRows: Int32Array, ratio: number, n: number): Int32Array {
  const matched: number[] = [];
  for (let t = 0; t < treatedRows.length; t++) if (mm[t * ratio]! >= 0) matched.push(t);
  const order = decimalStringOrder(Int32Array.from(matched, (t) => treatedRows[t]! + 1));
  const subclass = new Int32Array(n);
  for (let j = 0; j < order.length; j++) {
    const t = matched[order[j]!]!;
    subclass[treatedRows[t]!] = j + 1;
    for (let c = 0; c < ratio; c++) if (mm[t * ratio + c]! >= 0) subclass[mm[t * ratio + c]!] = j + 1;
  }
  return subclass;
}

/** MatchIt's `weights_matrixC`. */
function weightsOf(mm: Int32Array, treatedRows: Int32Array, ratio: number, z: Uint8Array): Float64Array {
  const w = new Float64Array(z.length);
  for (let t = 0; t < treatedRows.length; t++) {
    let m = 0;
    for (let c = 0; c < ratio; c++) if (mm[t * ratio + c]! >= 0) m++;
    if (m === 0) continue;
    for (let c = 0; c < ratio; c++) {
      const ctrl = mm[t * ratio + c]!;
      if (ctrl >= 0) w[ctrl] = w[ctrl]! + 1 / m;
    }
    w[treatedRows[t]!] = 1;
  }
  let sum = 0;
  let used = 0;
  for (let i = 0; i < z.length; i++)
    if (z[i] === 0) {
      sum += w[i]!;
      if (w[i]! > 0) used++;
    }
  if (sum > 0) for (let i = 0; i < z.length; i++) if (z[i] === 0) w[i] = (w[i]! * used) / sum;
  return w;
}

/**
 * Greedy 1:k nearest-neighbour matching of controls to treated units on a distance, identical to
 * R's `matchit(method = "nearest", distance = d, ratio = k, replace, caliper, std.caliper,
 * m.order)` (MatchIt 4.5.4–4.5.5; see the kernel for how Debian's 4.5.1 differs): the same
 * `match.matrix`, `subclass` and `weights`.
 *
 * The distance is whatever the caller matches on: the glm's linear predictor for MatchIt's
 * `distance = "glm", link = "linear.logit"` (matching on the logit of the propensity score, the
 * recommended scale for a caliper — Austin 2011), or the fitted probabilities for MatchIt's
 * default `distance = "glm"` (the score itself). Pass the glm's own linear predictor rather than
 * log(p/(1 − p)): near-ties must be broken on the same numbers as R.
 *
 * Tie rules (R's): treated units choose in `order` with ties in data order (R's stable
 * `order(decreasing =)`); controls with equal distance are walked in data order; at equal
 * |difference| the control with the smaller distance wins.
 *
 * @throws {StatsInputError} for a treatment not 0/1/boolean or a single group, a distance that is
 *   not finite, a ratio that is not a whole number ≥ 1, a caliper ≤ 0, estimand 'ATE', or
 *   order 'random'.
 * @example
 * // R: m <- matchit(treat ~ age + educ, data = d, distance = "glm", link = "linear.logit", caliper = 0.2)
 * const ps = logisticModel(treat, vars, ['age', 'educ']);
 * const m = nearestNeighborMatch(treat, ps.fit.linearPredictor, { caliper: 0.2 });
 * m.weights; // m$weights;  m.subclass: as.integer(m$subclass) (NA → 0)
 */
export function nearestNeighborMatch(
  treated: ArrayLike<number | boolean>,
  distance: ArrayLike<number>,
  options: NearestNeighborOptions = {},
): NearestNeighborMatch {
  const s = readOptions(options);
  const z = treatmentCodes(FN, treated);
  const n = z.length;
  const d = readDistance(distance, n);
  const sdDistance = sampleSd(d);
  // process.caliper: a distance with one value gets no caliper.
  const caliper =
    s.caliper === null || !(sdDistance > 0) ? null : s.stdCaliper ? s.caliper * sdDistance : s.caliper;
  let n1 = 0;
  for (let i = 0; i < n; i++) n1 += z[i]!;
  const treatedRows = new Int32Array(n1);
  const dt = new Float64Array(n1);
  for (let i = 0, t = 0; i < n; i++)
    if (z[i] === 1) {
      treatedRows[t] = i;
      dt[t++] = d[i]!;
    }
  // matchit2nearest: with replacement the order is irrelevant and MatchIt uses "data".
  const order: MatchOrder = s.replace ? 'data' : s.order;
  const rank = order === 'data' ? null : argsortFloat64(dt, order === 'largest');
  const treatedOrder = rank === null ? treatedRows : new Int32Array(n1);
  if (rank !== null) for (let j = 0; j < n1; j++) treatedOrder[j] = treatedRows[rank[j]!]!;
  const sortedPos = argsortFloat64(d, false);
  const reuseMax = s.replace ? Number.POSITIVE_INFINITY : 1;
  const mm = nearestNeighborKernel(d, z, sortedPos, treatedOrder, s.ratio, reuseMax, caliper);
  const weights = weightsOf(mm, treatedRows, s.ratio, z);
  let mt = 0;
  let mc = 0;
  for (let i = 0; i < n; i++) if (weights[i]! > 0) z[i] ? mt++ : mc++;
  if (mt === 0)
    throw new StatsInputError(
      FN,
      'no treated unit found a control within the caliper (MatchIt: "No units were matched")',
      {
        field: 'caliper',
      },
    );
  return {
    matchMatrix: mm,
    treatedRows,
    ratio: s.ratio,
    subclass: s.replace ? null : subclassOf(mm, treatedRows, s.ratio, n),
    weights,
    caliper,
    sdDistance,
    order,
    nMatched: { treated: mt, control: mc },
    nUnmatched: { treated: treatedRows.length - mt, control: n - treatedRows.length - mc },
  };
}
