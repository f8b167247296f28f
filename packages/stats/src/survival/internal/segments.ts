/**
 * Sorting layer of survival/: the one sort every estimator does, arranged so that the kernels
 * can walk distinct times in a single pass.
 *
 * Observations are split into one segment per curve (curve = group, or stratum × group) with a
 * counting sort (O(n)), and each segment is then radix-sorted by time. A row's status travels in
 * the sign of its time: an event is stored as +t, a censoring as −t (−0 at time 0), so that one
 * segment holds both and a kernel sees the events and censorings of a time side by side in one
 * linear walk (R counts events first: a subject censored at an event time is still at risk at that
 * time) — with two segments per curve, the walks were k-way merges and cost more than the sort.
 * Sorting plain values rather than an index keeps the 10⁷-row path free of comparator calls; only
 * weighted data carry an index.
 */

import { DistinctTimes, isNearTie } from '../../internal/timefix.js';
import { sortByMagnitude } from './radixSort.js';

/** Times grouped by segment (curve), ascending |time| within each segment, censorings negative. */
export interface SortedSegments {
  /**
   * Segment `s` occupies `times[starts[s] .. starts[s + 1])`: ascending in magnitude; a censored
   * row's time is stored negated (see {@link isCensored}), so |value| is the time.
   */
  readonly times: Float64Array;
  /** Case weights aligned with `times`, or `undefined` when every weight is 1. */
  readonly weights: Float64Array | undefined;
  /** Segment boundaries, length `nSegments + 1` (integer indices: typed-array reads stay on the fast path). */
  readonly starts: Uint32Array;
  /**
   * The sort's scratch (length n, partly written, contents meaningless), or `undefined`. Memory a
   * later step of the same call may write its output into instead of fresh memory: on this kind of
   * machine the first write to a fresh page costs more than the arithmetic (≈ 3 ms per MB).
   */
  readonly spare: Float64Array | undefined;
  /**
   * {@link scanTimes}'s answer when the sort found it on its way (one unweighted segment), so
   * that no pass over the rows repeats it; otherwise `undefined`.
   */
  readonly scan?: TimeScan;
}

/**
 * The unweighted sort's scratch (n doubles) with the two per-row inputs its fill reads carved from it:
 * the event flags (bytes 4n..5n) and the curve codes (bytes 0..4n). They are dead once the fill has
 * run, before the sort writes the scratch; reading them there instead of from arrays of their own
 * saves 5 bytes of fresh memory per row (2.4·10³ first-write page faults at 2·10⁶ rows, ≈ 40 ms on
 * the benchmark VM).
 */
export function newSortScratch(n: number): {
  scratch: Float64Array;
  events: Uint8Array;
  codes: Uint32Array;
} {
  const scratch = new Float64Array(n);
  return {
    scratch,
    events: new Uint8Array(scratch.buffer, 4 * n, n),
    codes: new Uint32Array(scratch.buffer, 0, n),
  };
}

/** Whether a stored value is a censoring: negative, or −0 (a censoring at time 0). */
export function isCensored(v: number): boolean {
  return v < 0 || (v === 0 && 1 / v < 0);
}

/** `cut` with the status (sign) of the stored value `v`. */
function withStatusOf(v: number, cut: number): number {
  return isCensored(v) ? -cut : cut;
}

/**
 * Sorts rows into one segment per curve, ascending time within each segment, the status in the
 * sign (see {@link SortedSegments}).
 *
 * `scratch` (length n), when given, is the unweighted sort's scratch: memory the caller has already
 * used for inputs of this call that the fill below reads last (`event`, `curve`: see
 * {@link newSortScratch}), so that no further fresh memory is touched for them.
 *
 * Preconditions: `time` finite and ≥ 0; `event` 0/1; `curve[i] < nCurves` (or `curve` undefined for
 * a single curve); `weights` finite and ≥ 0 when given.
 */
export function sortIntoSegments(
  time: Float64Array,
  event: Uint8Array,
  curve: Uint32Array | undefined,
  nCurves: number,
  weights: Float64Array | undefined,
  scratch: Float64Array = new Float64Array(time.length),
): SortedSegments {
  const n = time.length;
  const starts = new Uint32Array(nCurves + 1);
  if (curve === undefined) starts[1] = n;
  else {
    for (let i = 0; i < n; i++) starts[curve[i]! + 1]!++;
    for (let s = 0; s < nCurves; s++) starts[s + 1]! += starts[s]!;
  }
  const next = starts.slice(0, nCurves);
  const times = new Float64Array(n);
  if (weights === undefined) {
    // `+ 0` turns an input −0 into +0, so that only censorings carry a sign; the sign is set by a
    // product with ±1 (exact, and −0 for a censoring at 0) rather than a test that mispredicts on
    // mixed events and censorings.
    if (curve === undefined) for (let i = 0; i < n; i++) times[i] = (time[i]! + 0) * (2 * event[i]! - 1);
    else for (let i = 0; i < n; i++) times[next[curve[i]!]!++] = (time[i]! + 0) * (2 * event[i]! - 1);
    // n long although the sort writes at most the longest segment: the rest is not touched unless
    // the buffer is reused as an output (`spare`), and untouched pages cost nothing.
    if (nCurves === 1)
      return { times, weights: undefined, starts, spare: scratch, scan: sortAndScan(times, scratch) };
    for (let s = 0; s < nCurves; s++) sortByMagnitude(times.subarray(starts[s]!, starts[s + 1]!), scratch);
    return { times, weights: undefined, starts, spare: scratch };
  }
  // Weighted: sort row indices by time so that each weight travels with its time.
  const index = new Uint32Array(n);
  for (let i = 0; i < n; i++) index[next[curve === undefined ? 0 : curve[i]!]!++] = i;
  const byTime = (a: number, b: number) => time[a]! - time[b]!;
  for (let s = 0; s < nCurves; s++) index.subarray(starts[s]!, starts[s + 1]!).sort(byTime);
  const w = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const i = index[k]!;
    const t = time[i]! + 0;
    times[k] = event[i] === 1 ? t : -t;
    w[k] = weights[i]!;
  }
  return { times, weights: w, starts, spare: undefined };
}

/** One segment's sort, with {@link scanTimes}'s walk made by the sort's last step when it can be. */
function sortAndScan(times: Float64Array, scratch: Float64Array): TimeScan | undefined {
  const distinct = new DistinctTimes();
  const minGap = sortByMagnitude(times, scratch, distinct);
  if (Number.isNaN(minGap)) return undefined;
  const meanAbs = distinct.meanAbs();
  return { distinct: distinct.size, meanAbs, nearTies: isNearTie(minGap, meanAbs) };
}

/**
 * R's `timefix = TRUE` (`aeqSurv`, the rule in `timefix.ts`), applied in place: distinct times
 * closer than the tolerance — absolutely, or relative to the mean of the distinct times — become one
 * time, the smallest of their chain. Like R it looks at all rows at once, before the data are split
 * by group. Segments stay sorted (the map is monotone) and every row keeps its status (sign).
 *
 * Returns the number of distinct times after collapsing.
 */
export function collapseNearTies(seg: SortedSegments): number {
  const nSeg = seg.starts.length - 1;
  if (nSeg > MAX_SCANNED_SEGMENTS) return collapseMerged(seg);
  const scan = scanTimes(seg);
  if (!scan.nearTies) return scan.distinct;
  if (nSeg === 1) return rewriteOne(seg.times, scan.meanAbs);
  return nSeg === 2 ? walkTwo(seg, null, scan.meanAbs) : rewriteChains(seg, scan.meanAbs);
}

/** What the time fix's first walk finds over all segments (see {@link scanTimes}). */
export interface TimeScan {
  /** Number of distinct times before the fix. */
  readonly distinct: number;
  /** R's `mean(abs(y))` over the distinct times. */
  readonly meanAbs: number;
  /** Whether any two neighbouring distinct times are near-tied (the fix changes something). */
  readonly nearTies: boolean;
}

/**
 * The time fix's first walk (at most {@link MAX_SCANNED_SEGMENTS} segments): the number and mean of
 * the distinct times, and whether their smallest gap is a near-tie. The rule is monotone in the
 * gap, so when the smallest gap is no near-tie nothing changes (the usual case for tied data;
 * continuous times in the millions always have some).
 */
export function scanTimes(seg: SortedSegments): TimeScan {
  if (seg.scan !== undefined) return seg.scan;
  const nSeg = seg.starts.length - 1;
  const distinct = new DistinctTimes();
  // One curve (KM) is one sorted walk; two (a two-arm log-rank) a two-way merge with the heads in
  // local variables; more a k-way walk over the heads.
  const minGap =
    nSeg === 1
      ? scanOne(seg.times, distinct)
      : nSeg === 2
        ? walkTwo(seg, distinct, 0)
        : scanDistinct(seg, distinct);
  const meanAbs = distinct.meanAbs();
  return { distinct: distinct.size, meanAbs, nearTies: isNearTie(minGap, meanAbs) };
}

/** With this many segments or fewer, distinct times are found by scanning the segment heads. */
const MAX_SCANNED_SEGMENTS = 16;

/** `scanDistinct` for one segment: a linear walk. */
function scanOne(times: Float64Array, distinct: DistinctTimes): number {
  let minGap = Number.POSITIVE_INFINITY;
  let previous = Number.NaN;
  for (let k = 0; k < times.length; k++) {
    const t = Math.abs(times[k]!);
    if (t === previous) continue;
    distinct.add(t);
    if (t - previous < minGap) minGap = t - previous;
    previous = t;
  }
  return minGap;
}

/** `rewriteChains` for one segment: a linear walk. */
function rewriteOne(times: Float64Array, meanAbs: number): number {
  let nCuts = 0;
  let cut = Number.NaN;
  let previous = Number.NaN;
  for (let k = 0; k < times.length; k++) {
    const v = times[k]!;
    const t = Math.abs(v);
    if (t !== previous) {
      if (nCuts === 0 || !isNearTie(t - previous, meanAbs)) {
        cut = t;
        nCuts++;
      }
      previous = t;
    }
    if (cut !== t) times[k] = withStatusOf(v, cut);
  }
  return nCuts;
}

/**
 * Both walks of `collapseNearTies` for two segments, as a two-way merge: with `distinct` given,
 * feeds it the distinct times and returns the smallest gap (`scanDistinct`); with `distinct` null,
 * rewrites every row to its chain start under `meanAbs` and returns the number of chains
 * (`rewriteChains`).
 */
function walkTwo(seg: SortedSegments, distinct: DistinctTimes | null, meanAbs: number): number {
  const { times, starts } = seg;
  let i = starts[0]!;
  const iEnd = starts[1]!;
  let j = iEnd;
  const jEnd = starts[2]!;
  let minGap = Number.POSITIVE_INFINITY;
  let nCuts = 0;
  let cut = Number.NaN;
  let previous = Number.NaN;
  while (i < iEnd || j < jEnd) {
    const a = i < iEnd ? Math.abs(times[i]!) : Number.POSITIVE_INFINITY;
    const b = j < jEnd ? Math.abs(times[j]!) : Number.POSITIVE_INFINITY;
    const t = Math.min(a, b);
    if (distinct !== null) {
      distinct.add(t);
      if (t - previous < minGap) minGap = t - previous;
      previous = t;
      while (i < iEnd && Math.abs(times[i]!) === t) i++;
      while (j < jEnd && Math.abs(times[j]!) === t) j++;
      continue;
    }
    if (nCuts === 0 || !isNearTie(t - previous, meanAbs)) {
      cut = t;
      nCuts++;
    }
    previous = t;
    for (; i < iEnd && Math.abs(times[i]!) === t; i++) if (cut !== t) times[i] = withStatusOf(times[i]!, cut);
    for (; j < jEnd && Math.abs(times[j]!) === t; j++) if (cut !== t) times[j] = withStatusOf(times[j]!, cut);
  }
  return distinct !== null ? minGap : nCuts;
}

/** The smallest |time| at the segments' current heads (+Infinity once every segment is done). */
function smallestHead(times: Float64Array, starts: Uint32Array, head: Uint32Array): number {
  let t = Number.POSITIVE_INFINITY;
  for (let s = 0; s < head.length; s++) {
    const h = head[s]!;
    if (h < starts[s + 1]! && Math.abs(times[h]!) < t) t = Math.abs(times[h]!);
  }
  return t;
}

/**
 * Walks the distinct times over all segments in ascending order (a k-way walk over the segment
 * heads, no copying), feeding them to `distinct`; returns the smallest gap between neighbours.
 */
function scanDistinct(seg: SortedSegments, distinct: DistinctTimes): number {
  const { times, starts } = seg;
  const nSeg = starts.length - 1;
  const head = starts.slice(0, nSeg);
  let minGap = Number.POSITIVE_INFINITY;
  let previous = Number.NaN;
  for (;;) {
    const t = smallestHead(times, starts, head);
    if (t === Number.POSITIVE_INFINITY) return minGap;
    for (let s = 0; s < nSeg; s++) {
      let h = head[s]!;
      const end = starts[s + 1]!;
      while (h < end && Math.abs(times[h]!) === t) h++;
      head[s] = h;
    }
    distinct.add(t);
    if (t - previous < minGap) minGap = t - previous;
    previous = t;
  }
}

/**
 * Second walk of `collapseNearTies`: the same k-way walk, now writing each time's chain start
 * (R: `cuts[findInterval(x, cuts)]`) over the rows it passes. Returns the number of chains.
 */
function rewriteChains(seg: SortedSegments, meanAbs: number): number {
  const { times, starts } = seg;
  const nSeg = starts.length - 1;
  const head = starts.slice(0, nSeg);
  let nCuts = 0;
  let cut = Number.NaN;
  let previous = Number.NaN;
  for (;;) {
    const t = smallestHead(times, starts, head);
    if (t === Number.POSITIVE_INFINITY) return nCuts;
    if (nCuts === 0 || !isNearTie(t - previous, meanAbs)) {
      cut = t;
      nCuts++;
    }
    previous = t;
    for (let s = 0; s < nSeg; s++) {
      let h = head[s]!;
      const end = starts[s + 1]!;
      for (; h < end && Math.abs(times[h]!) === t; h++) times[h] = withStatusOf(times[h]!, cut);
      head[s] = h;
    }
  }
}

/** `collapseNearTies` for many segments: one merged copy, the cut points, then each segment. */
function collapseMerged(seg: SortedSegments): number {
  const { times, starts } = seg;
  const all = mergeAll(times, starts);
  for (let i = 0; i < all.length; i++) all[i] = Math.abs(all[i]!);
  const distinct = new DistinctTimes();
  let minGap = Number.POSITIVE_INFINITY;
  for (let i = 0; i < all.length; i++) {
    if (i > 0 && all[i] === all[i - 1]) continue;
    distinct.add(all[i]!);
    if (i > 0 && all[i]! - all[i - 1]! < minGap) minGap = all[i]! - all[i - 1]!;
  }
  const meanAbs = distinct.meanAbs();
  if (!isNearTie(minGap, meanAbs)) return distinct.size;
  // The cut points — distinct times not tied to their predecessor (R: y[c(TRUE, !tied)]).
  const cuts = new Float64Array(distinct.size);
  let nCuts = 0;
  for (let i = 0; i < all.length; i++) {
    if (i > 0 && all[i] === all[i - 1]) continue;
    if (nCuts === 0 || !isNearTie(all[i]! - all[i - 1]!, meanAbs)) cuts[nCuts++] = all[i]!;
  }
  // Every time maps to the largest cut ≤ it (R: cuts[findInterval(x, cuts)]); segments stay sorted.
  for (let s = 0; s + 1 < starts.length; s++) {
    let c = 0;
    for (let k = starts[s]!; k < starts[s + 1]!; k++) {
      const v = times[k]!;
      while (c + 1 < nCuts && cuts[c + 1]! <= Math.abs(v)) c++;
      times[k] = withStatusOf(v, cuts[c]!);
    }
  }
  return nCuts;
}

/**
 * Merges the segments into one array sorted by magnitude (bottom-up pairwise merging,
 * O(n log segments)); the signs travel with the values.
 */
function mergeAll(times: Float64Array, starts: Uint32Array): Float64Array {
  let bounds: number[] = [];
  for (let s = 0; s < starts.length; s++) bounds.push(starts[s]!);
  let src: Float64Array = times;
  if (bounds.length <= 2) return src;
  let dst: Float64Array = new Float64Array(times.length);
  let first = true;
  while (bounds.length > 2) {
    const merged: number[] = [bounds[0]!];
    for (let r = 0; r + 1 < bounds.length; r += 2) {
      const a0 = bounds[r]!;
      const a1 = bounds[r + 1]!;
      const b1 = r + 2 < bounds.length ? bounds[r + 2]! : a1;
      let i = a0;
      let j = a1;
      let k = a0;
      while (i < a1 && j < b1) dst[k++] = Math.abs(src[i]!) <= Math.abs(src[j]!) ? src[i++]! : src[j++]!;
      while (i < a1) dst[k++] = src[i++]!;
      while (j < b1) dst[k++] = src[j++]!;
      merged.push(b1);
    }
    bounds = merged;
    if (first) {
      // The input segments must survive; later rounds can reuse the first buffer.
      src = dst;
      dst = new Float64Array(times.length);
      first = false;
    } else {
      const t = src;
      src = dst;
      dst = t;
    }
  }
  return src;
}
