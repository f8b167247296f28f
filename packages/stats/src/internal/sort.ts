/**
 * Stable argsorts over typed arrays, used by the Cox model's one sort of the data.
 *
 * Large arrays are sorted by an LSD radix sort on the IEEE-754 bit patterns (four 16-bit passes,
 * O(n)), which is several times faster than a comparator sort over a million rows; small arrays
 * use the built-in stable sort, whose constant factor wins below a few thousand rows.
 */

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
  const carve = scratch !== null && scratch.length >= 3 * n;
  const buf = carve ? scratch.buffer : null;
  const at = (k: number): number => scratch!.byteOffset + 4 * k * n;
  const u32 = (k: number) => (buf === null ? new Uint32Array(n) : new Uint32Array(buf, at(k), n));
  const i32 = (k: number) => (buf === null ? new Int32Array(n) : new Int32Array(buf, at(k), n));
  const keys: RadixKeys = { hi: u32(0), lo: u32(1), idx: i32(2), hi2: u32(3), lo2: u32(4), idx2: i32(5) };
  toKeys(values, descending, keys);
  radixPasses(keys, n);
  if (sortedOut !== null) fromKeys(keys.hi, keys.lo, descending, sortedOut);
  return keys.idx;
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

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

/**
 * Maps each double to an unsigned 64-bit key (hi, lo) whose unsigned order is the numeric order:
 * flip all bits of negatives, flip only the sign bit of non-negatives (all bits again when
 * descending). `idx` starts as the identity.
 */
function toKeys(values: Float64Array, descending: boolean, keys: RadixKeys): void {
  const { hi, lo, idx } = keys;
  const n = values.length;
  for (let i = 0; i < n; i++) {
    bits[0] = values[i]! + 0; // + 0 turns -0 into +0
    let h = words[1]!;
    let l = words[0]!;
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    if (descending) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    }
    hi[i] = h;
    lo[i] = l;
    idx[i] = i;
  }
}

/** The inverse of `toKeys`: the sorted values themselves. */
function fromKeys(hi: Uint32Array, lo: Uint32Array, descending: boolean, out: Float64Array): void {
  const n = hi.length;
  for (let k = 0; k < n; k++) {
    let h = hi[k]!;
    let l = lo[k]!;
    if (descending) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    }
    if (h & 0x80000000) h = (h & 0x7fffffff) >>> 0;
    else {
      h = ~h >>> 0;
      l = ~l >>> 0;
    }
    words[1] = h;
    words[0] = l;
    out[k] = bits[0]!;
  }
}

/**
 * Four stable counting passes of 16-bit digits (lo then hi word), each moving key and index
 * together: the reads are sequential (an index-only sort reads each key through the permutation,
 * a cache miss per row at 10⁶ rows). A pass is skipped when every key has the same digit. On
 * return `keys.hi/lo/idx` hold the sorted keys and the permutation.
 */
function radixPasses(keys: RadixKeys, n: number): void {
  const count = new Int32Array(4 * 65536);
  const { hi, lo } = keys;
  for (let i = 0; i < n; i++) {
    const l = lo[i]!;
    const h = hi[i]!;
    count[l & 0xffff]!++;
    count[65536 + (l >>> 16)]!++;
    count[131072 + (h & 0xffff)]!++;
    count[196608 + (h >>> 16)]!++;
  }
  for (let pass = 0; pass < 4; pass++) {
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
    movePass(keys, n, pass, count, base);
    const { hi: h1, lo: l1, idx: i1 } = keys;
    keys.hi = keys.hi2;
    keys.lo = keys.lo2;
    keys.idx = keys.idx2;
    keys.hi2 = h1;
    keys.lo2 = l1;
    keys.idx2 = i1;
  }
}

/** One counting pass on digit `pass` (0–1: lo word, 2–3: hi word) from keys into keys.*2. */
function movePass(keys: RadixKeys, n: number, pass: number, count: Int32Array, base: number): void {
  const { hi, lo, idx, hi2, lo2, idx2 } = keys;
  const shift = (pass & 1) * 16;
  const fromHi = pass >= 2;
  for (let i = 0; i < n; i++) {
    const h = hi[i]!;
    const l = lo[i]!;
    const d = ((fromHi ? h : l) >>> shift) & 0xffff;
    const k = count[base + d]!++;
    hi2[k] = h;
    lo2[k] = l;
    idx2[k] = idx[i]!;
  }
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
