/**
 * Tie-heavy fast path of {@link kaplanMeier} (unweighted, one curve) and of {@link logRankTest}
 * (no strata): the per-time counts the kernels need, found with a hash table keyed by the time
 * instead of a sort of every row.
 *
 * Registry data have a few thousand distinct times however many rows (whole days, months to two
 * decimals). Sorting 2·10⁶ such rows needs two 16 MB buffers whose first write, on the VMs this
 * package is benchmarked on, costs more than the whole Kaplan–Meier estimate (≈ 4 ms per MB of
 * fresh memory); counting into a table of a few thousand slots touches almost no new memory, and
 * only the distinct times are sorted. Once the table holds more distinct times than
 * {@link maxDistinct} allows, or half of the first 2¹⁴ rows are distinct, the walk stops and
 * returns `undefined`, and the caller sorts the rows: on mostly-distinct data that happens within
 * the first ~8·10³ rows (at 10⁵ rows the attempt costs about a tenth of the call; at 2·10⁶ under 1%).
 *
 * The result is what `sortIntoSegments` + `collapseNearTies` + the kernel's row count give: one row
 * per distinct time after R's time fix (`aeqSurv`: a chain of near-tied times becomes its first
 * time), ascending, with the events and censorings there.
 */

import { DistinctTimes, isNearTie } from '../../internal/timefix.js';

/** Per-time counts of one unweighted curve, ascending time, after the time fix. */
export interface TimeCounts {
  readonly time: Float64Array;
  readonly nEvent: Uint32Array;
  readonly nCensor: Uint32Array;
}

/** Below this many rows the sort is cheap and the table would not pay for itself. */
const MIN_ROWS = 1 << 14;
/** Cap on distinct times: a table of 2¹⁷ slots (2 MB) at most. */
const MAX_DISTINCT = 1 << 16;
/**
 * The first rows, over which half being distinct ends the walk (tables of 448 KB in all, the
 * largest 256 KB). Registry-like times are far below: the benchmark's tied data (13 068 times in
 * 2·10⁶ rows) have 4 799 distinct among their first 2¹⁴ rows.
 */
const EARLY_ROWS = 1 << 14;
const LITTLE_ENDIAN = new Uint32Array(new Float64Array([1]).buffer)[1] === 0x3ff00000;

/** Bound on the distinct times the fast path accepts for n rows (fewer than one per 16 rows). */
function maxDistinct(n: number): number {
  return Math.min(MAX_DISTINCT, n >>> 4);
}

/**
 * Open-addressing table (linear probing) from a time to its row and event counts per group; the
 * counts of a slot sit side by side (`counts[width·slot + 2g]` rows of group g,
 * `counts[width·slot + 2g + 1]` its events; width = 2 · groups), one cache line for a few groups.
 */
class TimeTable {
  bits = 12;
  keys = new Float64Array(1 << 12).fill(-1);
  counts: Int32Array;
  size = 0;

  constructor(readonly width: number) {
    this.counts = new Int32Array(width << 12);
  }

  /** Doubles the table, re-inserting every key (rare: log₂ of the distinct count times). */
  grow(): void {
    const { keys, counts, width } = this;
    this.bits++;
    const capacity = 1 << this.bits;
    this.keys = new Float64Array(capacity).fill(-1);
    this.counts = new Int32Array(width * capacity);
    for (let s = 0; s < keys.length; s++) {
      const t = keys[s]!;
      if (t < 0) continue;
      const slot = this.find(t, slotOf(t, this.bits));
      this.keys[slot] = t;
      for (let c = 0; c < width; c++) this.counts[width * slot + c] = counts[width * s + c]!;
    }
  }

  /** The slot holding `t`, or the empty slot where it belongs, probing from `start`. */
  find(t: number, start: number): number {
    const mask = (1 << this.bits) - 1;
    let slot = start;
    for (;;) {
      const k = this.keys[slot]!;
      if (k === t || k < 0) return slot;
      slot = (slot + 1) & mask;
    }
  }
}

const one = new Float64Array(1);
const oneWords = new Uint32Array(one.buffer);

/** Home slot of a time (Fibonacci hashing of its bit pattern; 0 and −0 share slot 0). */
function slotOf(t: number, bits: number): number {
  if (t === 0) return 0;
  one[0] = t;
  return hashWords(oneWords[0]!, oneWords[1]!, bits);
}

function hashWords(lo: number, hi: number, bits: number): number {
  return Math.imul(hi ^ Math.imul(lo, 0x85ebca6b), 0x9e3779b1) >>> (32 - bits);
}

/**
 * Counts of each distinct time, after R's time fix, or `undefined` when the data are not tie-heavy
 * (more distinct times than one per 16 rows), too small to gain, or on a big-endian platform.
 *
 * Preconditions: `time` finite and ≥ 0; `event` 0/1.
 */
export function countTiedTimes(time: Float64Array, event: Uint8Array): TimeCounts | undefined {
  const table = countRows(time, event, undefined, 1);
  if (table === undefined) return undefined;
  const { time: times, counts } = mergedCounts(table);
  const m = times.length;
  const nEvent = new Uint32Array(m);
  const nCensor = new Uint32Array(m);
  for (let r = 0; r < m; r++) {
    nEvent[r] = counts[2 * r + 1]!;
    nCensor[r] = counts[2 * r]! - counts[2 * r + 1]!;
  }
  return { time: times, nEvent, nCensor };
}

/**
 * Per-time counts of each group, ascending time after the time fix (over all groups' times, as R
 * fixes them before the split): `counts[2G·r + 2g]` rows of group g whose time is `time[r]`,
 * `counts[2G·r + 2g + 1]` their events.
 */
export interface GroupTimeCounts {
  readonly time: Float64Array;
  readonly counts: Uint32Array;
}

/**
 * {@link countTiedTimes} with the rows split by group (`group[i] < nGroup`), for the log-rank test
 * without strata; `undefined` on the same terms.
 */
export function countTiedTimesByGroup(
  time: Float64Array,
  event: Uint8Array,
  group: Uint32Array,
  nGroup: number,
): GroupTimeCounts | undefined {
  const table = countRows(time, event, group, nGroup);
  return table === undefined ? undefined : mergedCounts(table);
}

/** The hashing walk over the rows; `undefined` as soon as the data prove not tie-heavy. */
function countRows(
  time: Float64Array,
  event: Uint8Array,
  group: Uint32Array | undefined,
  nGroup: number,
): TimeTable | undefined {
  const n = time.length;
  if (n < MIN_ROWS || !LITTLE_ENDIAN) return undefined;
  const limit = maxDistinct(n);
  const words = new Uint32Array(time.buffer, time.byteOffset, 2 * n);
  const width = 2 * nGroup;
  const table = new TimeTable(width);
  let { bits, keys, counts } = table;
  let mask = (1 << bits) - 1;
  let size = 0;
  for (let i = 0; i < n; i++) {
    const t = time[i]!;
    let slot = t === 0 ? 0 : hashWords(words[2 * i]!, words[2 * i + 1]!, bits);
    for (;;) {
      const k = keys[slot]!;
      if (k === t) break;
      if (k < 0) {
        keys[slot] = t + 0; // −0 is the time 0
        if (2 * ++size > mask) {
          // Mostly-distinct data show it early: half of the first rows already distinct.
          if (size >= limit || (i < EARLY_ROWS && 2 * size >= EARLY_ROWS)) return undefined;
          table.grow();
          ({ bits, keys, counts } = table);
          mask = (1 << bits) - 1;
          slot = table.find(t, slotOf(t, bits));
        }
        break;
      }
      slot = (slot + 1) & mask;
    }
    const at = width * slot + (group === undefined ? 0 : 2 * group[i]!);
    counts[at]!++;
    counts[at + 1]! += event[i]!;
  }
  table.size = size;
  return table;
}

/** The table's times in ascending order with their counts, near-ties merged as R's `aeqSurv`. */
function mergedCounts(table: TimeTable): GroupTimeCounts {
  const { keys, counts, bits, width } = table;
  const sorted = new Float64Array(table.size);
  let d = 0;
  for (let s = 0; s < keys.length; s++) if (keys[s]! >= 0) sorted[d++] = keys[s]!;
  sorted.sort();
  // The time fix's first walk, as `collapseNearTies`: the mean of the distinct times and their
  // smallest gap; the rule is monotone in the gap, so no near-tie at the smallest means none at all.
  const distinct = new DistinctTimes();
  let minGap = Number.POSITIVE_INFINITY;
  for (let k = 0; k < d; k++) {
    distinct.add(sorted[k]!);
    if (k > 0 && sorted[k]! - sorted[k - 1]! < minGap) minGap = sorted[k]! - sorted[k - 1]!;
  }
  const meanAbs = distinct.meanAbs();
  const merge = isNearTie(minGap, meanAbs);
  let m = d;
  if (merge) {
    m = 0;
    for (let k = 0; k < d; k++) if (k === 0 || !isNearTie(sorted[k]! - sorted[k - 1]!, meanAbs)) m++;
  }
  const time = merge ? new Float64Array(m) : sorted;
  const merged = new Uint32Array(m * width);
  let row = -1;
  for (let k = 0; k < d; k++) {
    const t = sorted[k]!;
    // A chain of near-ties becomes its first time (R: cuts[findInterval(x, cuts)]).
    if (!merge || k === 0 || !isNearTie(t - sorted[k - 1]!, meanAbs)) time[++row] = t;
    const slot = table.find(t, slotOf(t, bits));
    for (let c = 0; c < width; c++) merged[width * row + c]! += counts[width * slot + c]!;
  }
  return { time, counts: merged };
}
