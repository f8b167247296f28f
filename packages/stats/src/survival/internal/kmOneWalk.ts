import { isNearTie } from '../../internal/timefix.js';
import { type ConfType, limitsAt } from './confint.js';
import type { KmRows } from './kmResult.js';
import { isCensored, type TimeScan } from './segments.js';

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
  let previous = Number.NaN;
  let atRisk = n;
  let events = 0;
  let censored = 0;
  let totalEvents = 0;
  let km = 1;
  let v1 = 0;
  let seS = 0;
  for (let i = 0; i <= n; i++) {
    const v = i < n ? sorted[i]! : Number.NaN;
    const t = Math.abs(v);
    if (t !== previous) {
      // NaN (past the end) closes the last row; a near-tie (only when `nearTies`) joins the chain.
      const joins = k >= 0 && i < n && nearTies && isNearTie(t - previous, meanAbs);
      previous = t;
      if (!joins) {
        if (k >= 0) {
          nEvent[k] = events;
          nCensor[k] = censored;
          if ((events | censored) > BYTE_MAX) wide.push(k, events, censored);
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
          atRisk -= events + censored;
        }
        if (i === n) break;
        sorted[++k] = t;
        events = 0;
        censored = 0;
      }
    }
    if (isCensored(v)) censored++;
    else events++;
  }
  const cut = <T extends Float64Array | Uint32Array | Uint8Array>(a: T): T =>
    a.length === k + 1 ? a : (a.subarray(0, k + 1) as T);
  return {
    n,
    events: totalEvents,
    time: cut(sorted),
    nRisk: cut(nRisk),
    nEvent: widened(cut(nEvent), wide, 1),
    nCensor: widened(cut(nCensor), wide, 2),
    survival: cut(survival),
    stdErr: cut(stdErr),
    lower: cut(lower),
    upper: cut(upper),
  };
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
