/**
 * The undecided paths of the Fisher network (`fisherNetwork.ts`): at each node of a stage, the
 * past log-probabilities of the paths still undecided there, with how many paths share each.
 * Arriving paths of equal past value are merged on arrival (a hash of the value quantised to
 * MERGE_RESOLUTION), as FEXACT merges equal past path lengths.
 */

/** Past values closer than this (in log-probability) are merged, as FEXACT merges equal past paths. */
const MERGE_RESOLUTION = 1e-10;

/**
 * A node of the current stage with the past paths still undecided at it: their distinct past
 * log-probabilities (in arrival order) and how many paths share each, in `length` entries. Paths
 * arriving with the same past value (to MERGE_RESOLUTION) are merged on arrival through an
 * open-addressing hash of the quantised value: on hard tables most arriving paths repeat a value
 * already there (11 million arrivals, 0.3 million distinct values on a 4×6 table of n = 90).
 */
export interface Pending {
  rows: Int32Array;
  values: Float64Array;
  freqs: Float64Array;
  length: number;
  /** Hash table: quantised value of each occupied slot, and its entry index (−1: empty). */
  keys: Float64Array;
  slots: Int32Array;
}

/** Sum of exp() of many log values without overflow or premature underflow. */
export class LogSum {
  private m = Number.NEGATIVE_INFINITY;
  private s = 0;

  add(logValue: number): void {
    if (logValue === Number.NEGATIVE_INFINITY || Number.isNaN(logValue)) return;
    if (logValue <= this.m) {
      this.s += Math.exp(logValue - this.m);
    } else {
      this.s = this.s * Math.exp(this.m - logValue) + 1;
      this.m = logValue;
    }
  }

  value(): number {
    return this.s === 0 ? 0 : this.s * Math.exp(this.m);
  }
}

/** An empty pending node with room for about `size` distinct past values. */
export function newPending(rows: Int32Array, size: number): Pending {
  let capacity = 16;
  while (capacity < 2 * size) capacity *= 2;
  return {
    rows: Int32Array.from(rows),
    values: new Float64Array(size),
    freqs: new Float64Array(size),
    length: 0,
    keys: new Float64Array(capacity),
    slots: new Int32Array(capacity).fill(-1),
  };
}

/** Slot of a quantised value in a power-of-two hash table (Fibonacci hashing of both 32-bit halves). */
function hashSlot(q: number, mask: number): number {
  const lo = q | 0;
  const hi = (q / 4294967296) | 0;
  return (Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) >>> 0) & mask;
}

/**
 * Adds the paths pv[from..to) + w with their frequencies (times `mult`, the arc's permuted
 * copies) to a pending node, merging each into an entry of equal quantised value when there is one.
 */
export function appendRun(
  target: Pending,
  pv: Float64Array,
  pf: Float64Array,
  from: number,
  to: number,
  w: number,
  mult: number,
): void {
  for (let t = from; t < to; t++) {
    const v = pv[t]! + w;
    const q = Math.round(v / MERGE_RESOLUTION);
    const mask = target.slots.length - 1;
    let h = hashSlot(q, mask);
    let entry = target.slots[h]!;
    while (entry !== -1 && target.keys[h] !== q) {
      h = (h + 1) & mask;
      entry = target.slots[h]!;
    }
    if (entry !== -1) {
      target.freqs[entry]! += mult * pf[t]!;
      continue;
    }
    if (target.length === target.values.length) growEntries(target);
    entry = target.length++;
    target.values[entry] = v;
    target.freqs[entry] = mult * pf[t]!;
    target.keys[h] = q;
    target.slots[h] = entry;
    if (2 * target.length > target.slots.length) rehash(target);
  }
}

function growEntries(target: Pending): void {
  const size = 2 * target.values.length;
  const values = new Float64Array(size);
  const freqs = new Float64Array(size);
  values.set(target.values);
  freqs.set(target.freqs);
  target.values = values;
  target.freqs = freqs;
}

/** Doubles the hash table and re-inserts every entry. */
function rehash(target: Pending): void {
  const capacity = 2 * target.slots.length;
  const mask = capacity - 1;
  const keys = new Float64Array(capacity);
  const slots = new Int32Array(capacity).fill(-1);
  for (let e = 0; e < target.length; e++) {
    const q = Math.round(target.values[e]! / MERGE_RESOLUTION);
    let h = hashSlot(q, mask);
    while (slots[h] !== -1) h = (h + 1) & mask;
    keys[h] = q;
    slots[h] = e;
  }
  target.keys = keys;
  target.slots = slots;
}

/**
 * A pending node's past values ascending (freqs alongside), with values closer than
 * MERGE_RESOLUTION merged: paths with equal past probability reach exactly the same completions.
 * (The hash merged equal quantised values; neighbours across a quantisation boundary merge here.)
 */
export function sortAndMerge(node: Pending): [Float64Array, Float64Array] {
  const n = node.length;
  const order = new Uint32Array(n);
  for (let e = 0; e < n; e++) order[e] = e;
  const values = node.values;
  order.sort((a, b) => values[a]! - values[b]!);
  const v = new Float64Array(n);
  const f = new Float64Array(n);
  let m = 0;
  for (let t = 0; t < n; t++) {
    const e = order[t]!;
    const x = values[e]!;
    if (m > 0 && x - v[m - 1]! <= MERGE_RESOLUTION) {
      f[m - 1]! += node.freqs[e]!;
    } else {
      v[m] = x;
      f[m] = node.freqs[e]!;
      m++;
    }
  }
  return [v.subarray(0, m), f.subarray(0, m)];
}

/**
 * Number of entries of ascending `a` that are ≤ t, knowing it is at most `end`: steps back from
 * `end` by 1, 2, 4, … until an entry ≤ t, then bisects that last step (cost log of the distance).
 */
export function upperBoundBefore(a: Float64Array, t: number, end: number): number {
  if (end === 0 || a[end - 1]! <= t) return end;
  let hi = end - 1; // a[hi] > t
  let step = 1;
  let lo = hi - step;
  while (lo >= 0 && a[lo]! > t) {
    hi = lo;
    step *= 2;
    lo = hi - step;
  }
  // a[hi] > t and (lo < 0 or a[lo] ≤ t): the answer lies in (lo, hi].
  lo = Math.max(lo + 1, 0);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Meet in the middle at a node: the mass of the past paths (values `pv` ascending, masses `pmass`
 * scaled by the largest past value) whose completions lie at or below `logThreshold`, against the
 * node's completion values `sorted` ascending with prefix masses `cum` (scaled by the largest
 * completion). Both lists ascend, so one sweep serves every path; the caller rescales the result.
 */
export function sweepMass(
  pv: Float64Array,
  pmass: Float64Array,
  sorted: Float64Array,
  cum: Float64Array,
  logThreshold: number,
): number {
  let below = sorted.length;
  let mass = 0;
  for (let t = 0; t < pv.length; t++) {
    const limit = logThreshold - pv[t]!;
    while (below > 0 && sorted[below - 1]! > limit) below--;
    if (below === 0) break;
    mass += pmass[t]! * cum[below]!;
  }
  return mass;
}

/**
 * `sweepMass` for the undecided paths `from..to` of one arc into a listed child, with the arc's
 * log-probability already taken from `limit`: past values ascend, so each path's share of the
 * child's list is a prefix that only shrinks — searched back from the previous path's end
 * (galloping) instead of afresh, since few paths may meet a long list.
 */
export function gallopMass(
  pv: Float64Array,
  pmass: Float64Array,
  from: number,
  to: number,
  sorted: Float64Array,
  cum: Float64Array,
  limit: number,
): number {
  let below = sorted.length;
  let mass = 0;
  for (let t = from; t < to; t++) {
    below = upperBoundBefore(sorted, limit - pv[t]!, below);
    if (below === 0) break;
    mass += pmass[t]! * cum[below]!;
  }
  return mass;
}

/**
 * How many distinct column vectors a representative x stands for: within each run of equal row
 * sums, the number of distinct orderings of its x values, (run length)! / ∏ (ties among x)!.
 * x is non-increasing within each run, so equal x values are adjacent.
 */
export function permutations(rows: Int32Array, x: Int32Array): number {
  let mult = 1;
  let runLength = 1;
  let tieLength = 1;
  let divisor = 1;
  for (let i = 1; i <= rows.length; i++) {
    if (i < rows.length && rows[i] === rows[i - 1]) {
      runLength++;
      if (x[i] === x[i - 1]) {
        tieLength++;
        divisor *= tieLength;
      } else tieLength = 1;
      mult *= runLength;
      continue;
    }
    mult /= divisor;
    runLength = 1;
    tieLength = 1;
    divisor = 1;
  }
  return mult;
}

/** Insertion sort for the few row sums of a node. */
export function sortSmall(a: Int32Array): void {
  for (let i = 1; i < a.length; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= 0 && a[j]! > v) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
  }
}
