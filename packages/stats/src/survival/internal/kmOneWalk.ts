import { isNearTie, TIMEFIX_TOLERANCE } from '../../internal/timefix.js';
import { type ConfType, limitsAt } from './confint.js';
import type { KmRows } from './kmResult.js';
import type { TimeScan } from './segments.js';

/** The confidence limits the walk writes: R's `conf.type` and z = `qnorm(1 - (1 - conf.int) / 2)`. */
export interface LimitRule {
  readonly confType: ConfType;
  readonly z: number;
}

/**
 * The whole unweighted Kaplan–Meier curve of one sorted set of rows in one walk (`kaplanMeier`
 * without weights, data not tie-heavy): R's time fix, the counts, the at-risk number, the
 * product-limit step, Greenwood's sum, `summary.survfit`'s SE of S(t) and `survfit_confint`'s limits,
 * each row written once into the result's arrays. The general path (`collapseNearTies`,
 * `kaplanMeierKernel`, `buildKaplanMeierResult`) takes seven passes over the rows for the same
 * numbers, bit for bit: the same expressions in the same order (the at-risk number counts down from
 * n instead of up from the end — integers, exact either way), a chain of near-tied times becomes the
 * row of its first time as the rewrite would have made it, and the limits come from the one copy of
 * their formulas (`limitsAt`).
 *
 * Memory: at 2·10⁶ rows the result is five arrays of 16 MB and three count columns, and on the
 * VMs this package is benchmarked on the first write to a fresh page costs ≈ 15 µs — about two
 * thirds of the call. The walk therefore writes `time` over the sorted rows it has already read
 * (row k's time lands at index k ≤ i, behind the read position i) and the upper limits into the
 * sort's scratch, so that only the other six columns are fresh memory; the rows' pages are each
 * written once. The event and censoring counts are bytes (`Uint8Array`, 2 MB each instead of 8)
 * while every count fits in 255 — always on data with few ties at any one time, the only data
 * this walk sees unweighted besides moderately tied ones — and are widened to `Uint32Array`s at
 * the end, from the rows the walk set aside, when some count does not.
 *
 * Preconditions: `sorted` sorted by |time|, the status in the sign (see `segments.ts`), and
 * overwritten here; `upper` (the sort's spare buffer) at least as long, its contents unused;
 * `scan` from `scanTimes` over `sorted`. When near-ties merge rows, the arrays are views of
 * slightly longer buffers.
 */
export function kaplanMeierOneWalk(
  sorted: Float64Array,
  upper: Float64Array,
  scan: TimeScan,
  rule: LimitRule,
): KmRows {
  const n = sorted.length;
  const { distinct: size, nearTies, meanAbs } = scan;
  const { confType, z } = rule;
  // The status is the sign bit of the stored time (−0 included): read as an integer it is counted
  // without a branch, where a test on the value mispredicted on every other row of mixed data.
  const words = new Uint32Array(sorted.buffer, sorted.byteOffset, 2 * n);
  const clear = nearTies ? surelyApart(meanAbs) : Number.NEGATIVE_INFINITY;
  const nRisk = new Uint32Array(size);
  const nEvent = new Uint8Array(size);
  const nCensor = new Uint8Array(size);
  const wide: number[] = []; // (row, events, censorings) of rows whose counts pass a byte
  const survival = new Float64Array(size);
  const stdErr = new Float64Array(size);
  const lower = new Float64Array(size);
  // Before the first event S = 1 and se = 0; `limits` changes only at rows with events.
  const limits = new Float64Array(2);
  limitsAt(1, 0, confType, z, limits);
  let k = -1;
  let atRisk = n;
  let totalEvents = 0;
  let km = 1;
  let v1 = 0;
  let seS = 0;
  let i = 0;
  let t = n > 0 ? Math.abs(sorted[0]!) : 0;
  while (i < n) {
    // One row: the rows at time t and at times near-tied to it in a chain (only when `nearTies`);
    // the row's time is the chain's first.
    const first = t;
    let previous = t;
    let rows = 0;
    let censored = 0;
    for (;;) {
      censored += words[2 * i + HIGH]! >>> 31;
      rows++;
      if (++i === n) break;
      t = Math.abs(sorted[i]!);
      if (t !== previous) {
        const gap = t - previous;
        if (gap > clear || !isNearTie(gap, meanAbs)) break;
        previous = t;
      }
    }
    // Row k's time lands at index k < i, behind the read position.
    sorted[++k] = first;
    const events = rows - censored;
    nEvent[k] = events;
    nCensor[k] = censored;
    if (rows > BYTE_MAX) wide.push(k, events, censored);
    nRisk[k] = atRisk;
    if (events > 0) {
      km *= (atRisk - events) / atRisk;
      v1 += events / (atRisk * (atRisk - events));
      const se = Math.sqrt(v1);
      // summary.survfit's SE of S(t): std.err * surv (Inf · 0 = NaN at S = 0).
      seS = se * km;
      limitsAt(km, se, confType, z, limits);
      totalEvents += events;
    }
    survival[k] = km;
    stdErr[k] = seS;
    lower[k] = limits[0]!;
    upper[k] = limits[1]!;
    atRisk -= rows;
  }
  const columns = { time: sorted, nRisk, nEvent, nCensor, survival, stdErr, lower, upper };
  return { n, events: totalEvents, ...firstRows(columns, k + 1, wide) };
}

/** The walk's columns, as long as its buffers (the counts still bytes). */
interface WalkColumns {
  readonly time: Float64Array;
  readonly nRisk: Uint32Array;
  readonly nEvent: Uint8Array;
  readonly nCensor: Uint8Array;
  readonly survival: Float64Array;
  readonly stdErr: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

/** The columns' first `rows` rows (views where a buffer is longer), the counts widened where set aside. */
function firstRows(c: WalkColumns, rows: number, wide: readonly number[]): Omit<KmRows, 'n' | 'events'> {
  const cut = <T extends Float64Array | Uint32Array | Uint8Array>(a: T): T =>
    a.length === rows ? a : (a.subarray(0, rows) as T);
  return {
    time: cut(c.time),
    nRisk: cut(c.nRisk),
    nEvent: widened(cut(c.nEvent), wide, 1),
    nCensor: widened(cut(c.nCensor), wide, 2),
    survival: cut(c.survival),
    stdErr: cut(c.stdErr),
    lower: cut(c.lower),
    upper: cut(c.upper),
  };
}

/** Index of a double's high (sign and exponent) word among its two 32-bit words. */
const HIGH = new Uint32Array(new Float64Array([1]).buffer)[1] === 0x3ff00000 ? 1 : 0;

/**
 * A gap above this is no near-tie under `meanAbs` (`isNearTie` false), decided without its
 * division: it exceeds the absolute tolerance and, by a margin of 10⁻⁹ relative — far above the few
 * roundings between `tol · meanAbs` and `gap / meanAbs` — the relative one. Gaps at or below it
 * are still decided by `isNearTie` itself, so the rule is R's exactly.
 */
function surelyApart(meanAbs: number): number {
  return Math.max(TIMEFIX_TOLERANCE, TIMEFIX_TOLERANCE * meanAbs * (1 + 1e-9));
}

/** The largest count a byte column holds. */
const BYTE_MAX = 255;

/**
 * A byte count column as it is when no row was set aside, else a `Uint32Array` copy with the set-aside
 * rows' true counts (`wide` holds triples (row, events, censorings); `slot` picks the count).
 */
function widened(counts: Uint8Array, wide: readonly number[], slot: 1 | 2): Uint8Array | Uint32Array {
  if (wide.length === 0) return counts;
  const out = Uint32Array.from(counts);
  for (let w = 0; w < wide.length; w += 3) out[wide[w]!] = wide[w + slot]!;
  return out;
}
