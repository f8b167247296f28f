/**
 * Stable argsorts over typed arrays, used by the Cox model's one sort of the data, and the second
 * half of every radix sort in the package (`orderRunsByLowWord`, in sortRuns.ts and re-exported
 * here, shared with survival's `sortByMagnitude`, which sorts the values themselves rather than an
 * index).
 *
 * Large arrays are sorted by a radix sort on the IEEE-754 bit patterns (O(n)), which is several
 * times faster than a comparator sort over a million rows; small arrays use the built-in stable
 * sort, whose constant factor wins below a few thousand rows.
 */

import { INSERTION_MAX, orderRunsByLowWord, type RunLayout } from './sortRuns.js';

export { orderRunsByLowWord, type RunLayout } from './sortRuns.js';

const RADIX_MIN = 4096;

/**
 * Stable permutation that orders `values` ascending (or descending). `-0` and `+0` compare
 * equal. Precondition: no NaN.
 *
 * `scratch`, when given and at least 3n long, is memory whose contents the caller no longer
 * needs: the radix sort's six work arrays are carved from it (fresh pages cost about as much
 * as a pass over them at 10⁶ rows), and the returned permutation then lives in it too.
 * `sortedOut`, when given (length n), receives the values in sorted order (−0 as +0), which
 * saves the caller a gather through the permutation.
 */
export function argsortFloat64(
  values: Float64Array,
  descending: boolean,
  scratch: Float64Array | null = null,
  sortedOut: Float64Array | null = null,
): Int32Array {
  const n = values.length;
  if (n < RADIX_MIN) {
    const idx = Array.from({ length: n }, (_, i) => i);
    if (descending) idx.sort((a, b) => values[b]! - values[a]!);
    else idx.sort((a, b) => values[a]! - values[b]!);
    const perm = Int32Array.from(idx);
    if (sortedOut !== null) for (let k = 0; k < n; k++) sortedOut[k] = values[perm[k]!]! + 0;
    return perm;
  }
  const keys = sortedKeys(values, descending, scratch);
  if (sortedOut !== null) fromKeys(keys.hi, keys.lo, descending, sortedOut);
  return keys.idx;
}

/**
 * Dense 0-based ranks of `values` in ascending order into `rank` (equal values share a rank, −0
 * equals +0; R's `match(x, sort(unique(x)))` − 1) and the number of distinct values.
 * Precondition: no NaN. `scratch` as for `argsortFloat64`. Equal values are recognised by
 * their sort keys, so the sorted values themselves are never formed.
 */
export function denseRankFloat64(
  values: Float64Array,
  scratch: Float64Array | null,
  rank: Int32Array,
): number {
  const n = values.length;
  let count = 0;
  if (n < RADIX_MIN) {
    const perm = argsortFloat64(values, false);
    let last = Number.NaN;
    for (let k = 0; k < n; k++) {
      const v = values[perm[k]!]!;
      if (v !== last) {
        count++;
        last = v;
      }
      rank[perm[k]!] = count - 1;
    }
    return count;
  }
  const keys = sortedKeys(values, false, scratch);
  return ranksFromKeys(keys, rank);
}

/**
 * The radix sort of `values` (n ≥ RADIX_MIN): its keys in sorted order with the permutation in
 * `idx`, the six work arrays carved from `scratch` when it is at least 3n long (as documented at
 * `argsortFloat64`), else fresh.
 */
function sortedKeys(values: Float64Array, descending: boolean, scratch: Float64Array | null): RadixKeys {
  const n = values.length;
  const carve = scratch !== null && scratch.length >= 3 * n;
  const buf = carve ? scratch.buffer : null;
  const at = (k: number): number => scratch!.byteOffset + 4 * k * n;
  const u32 = (k: number) => (buf === null ? new Uint32Array(n) : new Uint32Array(buf, at(k), n));
  const i32 = (k: number) => (buf === null ? new Int32Array(n) : new Int32Array(buf, at(k), n));
  const keys: RadixKeys = { hi: u32(0), lo: u32(1), idx: i32(2), hi2: u32(3), lo2: u32(4), idx2: i32(5) };
  const count = digitCounts();
  toKeys(values, descending, keys, count);
  radixPasses(keys, n, count);
  return keys;
}

/** `sortedKeys`' digit histograms, one zeroed array for every sort (a fresh one was 128 new pages, ≈ 2 ms). */
let counts: Int32Array | null = null;
function digitCounts(): Int32Array {
  if (counts === null) counts = new Int32Array(2 * 65536);
  else counts.fill(0);
  return counts;
}

/** Dense ranks from sorted keys: a new rank wherever the 64-bit key changes. */
function ranksFromKeys(keys: RadixKeys, rank: Int32Array): number {
  const { hi, lo, idx } = keys;
  const n = hi.length;
  let count = 0;
  let lastHi = -1;
  let lastLo = -1;
  for (let k = 0; k < n; k++) {
    const h = hi[k]!;
    const l = lo[k]!;
    if (h !== lastHi || l !== lastLo) {
      count++;
      lastHi = h;
      lastLo = l;
    }
    rank[idx[k]!] = count - 1;
  }
  return count;
}

/** The LSD sort's work arrays: keys (hi, lo) with the row index, and their ping-pong copies. */
interface RadixKeys {
  hi: Uint32Array;
  lo: Uint32Array;
  idx: Int32Array;
  hi2: Uint32Array;
  lo2: Uint32Array;
  idx2: Int32Array;
}

/**
 * Maps each double to an unsigned 64-bit key (hi, lo) whose unsigned order is the numeric order:
 * flip all bits of negatives, flip only the sign bit of non-negatives (all bits again when
 * descending); −0 is keyed as +0. The doubles are read as their two 32-bit words through a view
 * of their own buffer (little-endian, as every JavaScript engine on the platforms we support
 * stores them): until 1 December 2026 each went through a one-element scratch array, a store and
 * two reloads per value that made this loop several times slower. `count` receives the histograms
 * of the high words' two 16-bit digits (low at 0, high at 65536) while the key is in hand; `idx`
 * is not written (the first pass that moves keys takes the identity from its loop counter).
 */
function toKeys(values: Float64Array, descending: boolean, keys: RadixKeys, count: Int32Array): void {
  const { hi, lo } = keys;
  const n = values.length;
  const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  const flip = descending ? 0xffffffff : 0;
  for (let i = 0; i < n; i++) {
    let h = words[2 * i + 1]!;
    const l = words[2 * i]!;
    if (h === 0x80000000 && l === 0) h = 0; // −0 as +0
    const negative = h >> 31; // all ones for a negative value, else 0
    const key = (h ^ (negative | 0x80000000) ^ flip) >>> 0;
    hi[i] = key;
    lo[i] = (l ^ negative ^ flip) >>> 0;
    count[key & 0xffff]!++;
    count[65536 + (key >>> 16)]!++;
  }
}

/** The inverse of `toKeys`: the sorted values themselves, written as words into `out`'s buffer. */
function fromKeys(hi: Uint32Array, lo: Uint32Array, descending: boolean, out: Float64Array): void {
  const n = hi.length;
  const words = new Uint32Array(out.buffer, out.byteOffset, 2 * n);
  const flip = descending ? 0xffffffff : 0;
  for (let k = 0; k < n; k++) {
    const h = (hi[k]! ^ flip) >>> 0;
    const l = (lo[k]! ^ flip) >>> 0;
    // a set top bit marks a non-negative value (only its sign bit was flipped)
    const negative = (h >> 31) ^ -1; // all ones for a negative value, else 0
    words[2 * k + 1] = (h ^ (negative | 0x80000000)) >>> 0;
    words[2 * k] = (l ^ negative) >>> 0;
  }
}

/**
 * The sort proper, stable. Two counting passes of 16-bit digits on the high words only (sign,
 * exponent and the top 20 bits of the mantissa), each moving key and index together: the reads
 * are sequential (an index-only sort reads each key through the permutation, a cache miss per
 * row at 10⁶ rows). Rows are then in order except within runs of equal high word, which a scan
 * finds and `sortRunByLow` orders by the low word. On continuous data these runs are of one or
 * two rows (2²⁰ mantissa steps per binade), on tied data they are runs of equal values, already
 * in order, so the second half of a full four-pass sort is saved; any data still sort in O(n)
 * (a long run takes a radix sort of its own). A pass is skipped when every key has the same
 * digit. On return `keys.hi/lo/idx` hold the sorted keys and the permutation. `count`: the digits'
 * histograms (`toKeys`); the first pass that moves keys takes the row index from its loop counter.
 */
function radixPasses(keys: RadixKeys, n: number, count: Int32Array): void {
  let moved = false;
  for (let pass = 0; pass < 2; pass++) {
    const base = pass * 65536;
    let sum = 0;
    let constant = false;
    for (let d = 0; d < 65536; d++) {
      const c = count[base + d]!;
      if (c === n) constant = true;
      count[base + d] = sum;
      sum += c;
    }
    if (constant) continue;
    if (moved) movePass(keys, n, pass * 16, count, base);
    else firstMove(keys, n, pass * 16, count, base);
    moved = true;
    swap(keys);
  }
  if (!moved) for (let i = 0; i < n; i++) keys.idx[i] = i;
  sortRunsByLow(keys, n);
}

function swap(keys: RadixKeys): void {
  const { hi: h1, lo: l1, idx: i1 } = keys;
  keys.hi = keys.hi2;
  keys.lo = keys.lo2;
  keys.idx = keys.idx2;
  keys.hi2 = h1;
  keys.lo2 = l1;
  keys.idx2 = i1;
}

/** `movePass` on keys still in row order: the index moved is the row's own. */
function firstMove(keys: RadixKeys, n: number, shift: number, count: Int32Array, base: number): void {
  const { hi, lo, hi2, lo2, idx2 } = keys;
  for (let i = 0; i < n; i++) {
    const h = hi[i]!;
    const d = (h >>> shift) & 0xffff;
    const k = count[base + d]!++;
    hi2[k] = h;
    lo2[k] = lo[i]!;
    idx2[k] = i;
  }
}

/** One counting pass on the high words' digit at `shift` (0 or 16) from keys into keys.*2. */
function movePass(keys: RadixKeys, n: number, shift: number, count: Int32Array, base: number): void {
  const { hi, lo, idx, hi2, lo2, idx2 } = keys;
  for (let i = 0; i < n; i++) {
    const h = hi[i]!;
    const d = (h >>> shift) & 0xffff;
    const k = count[base + d]!++;
    hi2[k] = h;
    lo2[k] = lo[i]!;
    idx2[k] = idx[i]!;
  }
}

/**
 * Orders every run of equal high word by the low word (stable: equal keys keep their order). The
 * scan and the short runs are written for these separate arrays (the shared
 * `orderRunsByLowWord` reads any layout through a stride and a mask, twice the work per row on
 * continuous data, whose runs are of one or two rows); a long run goes to it.
 */
function sortRunsByLow(keys: RadixKeys, n: number): void {
  const { hi, lo, idx } = keys;
  let a = 0;
  while (a < n) {
    const h = hi[a]!;
    let b = a + 1;
    while (b < n && hi[b] === h) b++;
    if (b - a > INSERTION_MAX) orderRunsByLowWord(runLayout(keys, a, b), b - a);
    else if (b - a > 1) {
      for (let k = a + 1; k < b; k++) {
        const v = lo[k]!;
        if (lo[k - 1]! <= v) continue;
        const p = idx[k]!;
        let j = k - 1;
        while (j >= a && lo[j]! > v) {
          lo[j + 1] = lo[j]!;
          idx[j + 1] = idx[j]!;
          j--;
        }
        lo[j + 1] = v;
        idx[j + 1] = p;
      }
    }
    a = b;
  }
}

/** The keys [a, b) as a `RunLayout` of their own (one run of equal high word). */
function runLayout(keys: RadixKeys, a: number, b: number): RunLayout {
  const m = b - a;
  return {
    high: keys.hi.subarray(a, b),
    highMask: 0xffffffff,
    words: keys.lo.subarray(a, b),
    payload: new Uint32Array(keys.idx.buffer, keys.idx.byteOffset + 4 * a, m),
    temp: keys.lo2.subarray(a, b),
    tempPayload: new Uint32Array(keys.idx2.buffer, keys.idx2.byteOffset + 4 * a, m),
    stride: 1,
    loOffset: 0,
    payloadOffset: 0,
  };
}

/**
 * Stably reorders `perm` by the small non-negative integer `code[perm[i]]` (counting sort).
 * Precondition: 0 ≤ code < nCodes.
 */
export function stableSortByCode(perm: Int32Array, code: Int32Array, nCodes: number): Int32Array {
  if (nCodes <= 1) return perm;
  const n = perm.length;
  const start = new Int32Array(nCodes + 1);
  for (let i = 0; i < n; i++) start[code[perm[i]!]! + 1]!++;
  for (let c = 0; c < nCodes; c++) start[c + 1]! += start[c]!;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = perm[i]!;
    out[start[code[r]!]!++] = r;
  }
  return out;
}
