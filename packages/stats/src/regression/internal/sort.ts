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
 * `scratch`, when given and at least 2n long, is memory whose contents the caller no longer
 * needs: the radix sort's four work arrays are carved from it (fresh pages cost about as much
 * as a pass over them at 10⁶ rows), and the returned permutation then lives in it too.
 */
export function argsortFloat64(
  values: Float64Array,
  descending: boolean,
  scratch: Float64Array | null = null,
): Int32Array {
  const n = values.length;
  if (n < RADIX_MIN) {
    const idx = Array.from({ length: n }, (_, i) => i);
    if (descending) idx.sort((a, b) => values[b]! - values[a]!);
    else idx.sort((a, b) => values[a]! - values[b]!);
    return Int32Array.from(idx);
  }
  // Map each double to an unsigned 64-bit key (hi, lo) whose unsigned order is the numeric order:
  // flip all bits of negatives, flip only the sign bit of non-negatives.
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  const carve = scratch !== null && scratch.length >= 2 * n;
  const buf = carve ? scratch.buffer : null;
  const at = (k: number): number => scratch!.byteOffset + 4 * k * n;
  const hi = buf === null ? new Uint32Array(n) : new Uint32Array(buf, at(0), n);
  const lo = buf === null ? new Uint32Array(n) : new Uint32Array(buf, at(1), n);
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
  }
  let perm = buf === null ? new Int32Array(n) : new Int32Array(buf, at(2), n);
  for (let i = 0; i < n; i++) perm[i] = i;
  let next = buf === null ? new Int32Array(n) : new Int32Array(buf, at(3), n);
  const count = new Int32Array(65536);
  const passes: Array<[Uint32Array, number]> = [
    [lo, 0],
    [lo, 16],
    [hi, 0],
    [hi, 16],
  ];
  for (const [key, shift] of passes) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(key[i]! >>> shift) & 0xffff]!++;
    // Skip a pass where every key has the same digit (common for the high bits).
    if (count[(key[0]! >>> shift) & 0xffff] === n) continue;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = count[d]!;
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const r = perm[i]!;
      const d = (key[r]! >>> shift) & 0xffff;
      next[count[d]!++] = r;
    }
    const t = perm;
    perm = next;
    next = t;
  }
  return perm;
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
