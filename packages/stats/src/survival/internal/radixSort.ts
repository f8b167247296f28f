import { orderRunsByLowWord } from '../../internal/sort.js';
import type { DistinctTimes } from '../../internal/timefix.js';

/**
 * Sort of finite doubles by magnitude (|x| ascending; the sign travels with the value, as the
 * status flag of `segments.ts`), in place, by radix sort on their IEEE-754 bit patterns with the
 * sign bit left out (the remaining 63 bits order exactly as |x|). Linear time: on 10⁷ survival
 * times it runs 2–3× faster than `Float64Array.prototype.sort` — the same choice R makes, whose
 * `order()` radix-sorts doubles. The order among values of equal magnitude is unspecified.
 *
 * Two counting passes of 16-bit digits on the high words (exponent and the top 20 bits of the
 * mantissa), a pass skipped when its digit is the same for every value; the values are then in
 * order except within runs of equal high word, which an insertion scan puts in order (long runs of
 * distinct low words: the step `argsortFloat64` shares, in `internal/sort.ts`). Continuous times
 * give runs of one or two values (2²⁰ mantissa steps per binade), tied times runs of equal values
 * already in order: half the passes of a full four-pass sort over the 64-bit patterns, for the
 * same result.
 *
 * With `distinct`, the insertion scan is also the time fix's first walk over the sorted values (see
 * {@link orderedByInsertion}): it returns the smallest gap between neighbouring distinct magnitudes,
 * `distinct` having seen each of them once. NaN means that walk was not made (small inputs, long
 * runs); `distinct` is then incomplete and to be discarded.
 *
 * Preconditions: no NaN, no infinity. `scratch` has at least `values.length` elements. Small inputs
 * and big-endian platforms use the native sort.
 */
export function sortByMagnitude(
  values: Float64Array,
  scratch: Float64Array,
  distinct?: DistinctTimes,
): number {
  const n = values.length;
  if (n < RADIX_THRESHOLD || !LITTLE_ENDIAN) {
    values.sort(byMagnitude);
    return Number.NaN;
  }
  let src = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  let dst = new Uint32Array(scratch.buffer, scratch.byteOffset, 2 * n);
  const hist = histogram.fill(0);
  for (let i = 0; i < n; i++) {
    const hi = src[2 * i + 1]!;
    hist[hi & MASK]!++;
    hist[RADIX + ((hi >>> 16) & SIGNLESS)]!++;
  }
  let inScratch = false;
  for (let pass = 0; pass < 2; pass++) {
    const base = pass * RADIX;
    let sum = 0;
    let constantDigit = false;
    for (let b = 0; b < RADIX; b++) {
      const c = hist[base + b]!;
      if (c === n) constantDigit = true;
      hist[base + b] = sum;
      sum += c;
    }
    if (constantDigit) continue;
    const shift = pass * 16;
    const mask = pass === 1 ? SIGNLESS : MASK;
    for (let i = 0; i < n; i++) {
      const lo = src[2 * i]!;
      const hi = src[2 * i + 1]!;
      const k = hist[base + ((hi >>> shift) & mask)]!++;
      dst[2 * k] = lo;
      dst[2 * k + 1] = hi;
    }
    const t = src;
    src = dst;
    dst = t;
    inScratch = !inScratch;
  }
  if (inScratch) values.set(scratch.subarray(0, n));
  const minGap = orderedByInsertion(values, n, distinct);
  if (!Number.isNaN(minGap)) return minGap;
  // Long runs of one high word with distinct low words (times spread over a few units at a large
  // magnitude): by the low word, as the step argsortFloat64 shares does, here on interleaved
  // (low, high) pairs with the high word (and so the sign) as the payload.
  if (inScratch) {
    const t = src;
    src = dst;
    dst = t;
  }
  orderRunsByLowWord(
    {
      high: src,
      highMask: SIGNLESS_WORD,
      words: src,
      payload: src,
      temp: dst,
      tempPayload: dst,
      stride: 2,
      loOffset: 0,
      payloadOffset: 1,
    },
    n,
  );
  return Number.NaN;
}

/**
 * Finishes the sort of values already in order of their (signless) high words: puts each run of
 * equal high word in order of |x| by insertion, stably (the same order as sorting the runs by the
 * low word). An element only ever moves within its run: every element before it with a larger
 * magnitude has its high word. Continuous times give runs of one or two, and the pass is a scan
 * of the doubles (≈ 3 ms at 2·10⁶ rows; the general step, which reads the runs' words through a
 * layout, ≈ 10 ms). Gives up, returning NaN with the values still in high-word order and each run
 * partly ordered (stably), once the moves pass n — long runs, where insertion is quadratic.
 *
 * With `distinct`, the same scan is the time fix's first walk (`scanTimes`): the prefix it has
 * passed is sorted, so a magnitude is new exactly when it differs from its neighbours where it
 * lands, and the smallest gap between neighbours over the scan is the smallest in the sorted
 * result (an insertion only splits a gap into two smaller ones). Returns that gap (+∞ for one
 * distinct magnitude); `distinct` has then seen each distinct magnitude once, in scan order.
 */
function orderedByInsertion(values: Float64Array, n: number, distinct: DistinctTimes | undefined): number {
  let moves = 0;
  let minGap = Number.POSITIVE_INFINITY;
  let largest = Math.abs(values[0]!);
  distinct?.add(largest);
  for (let i = 1; i < n; i++) {
    const x = values[i]!;
    const a = Math.abs(x);
    if (a >= largest) {
      if (a > largest && distinct !== undefined) {
        distinct.add(a);
        if (a - largest < minGap) minGap = a - largest;
      }
      largest = a;
      continue;
    }
    // Position i now takes the old values[i − 1], so `largest` is unchanged.
    let j = i - 1;
    do {
      values[j + 1] = values[j]!;
      j--;
    } while (j >= 0 && Math.abs(values[j]!) > a);
    values[j + 1] = x;
    if (distinct !== undefined) {
      const below = j >= 0 ? a - Math.abs(values[j]!) : Number.POSITIVE_INFINITY;
      if (below !== 0) {
        distinct.add(a);
        minGap = Math.min(minGap, below, Math.abs(values[j + 2]!) - a);
      }
    }
    moves += i - j;
    if (moves > n) return Number.NaN;
  }
  return minGap;
}

const RADIX = 1 << 16;
/**
 * The two passes' digit counts, one table for every call: 512 KB that a fresh table per call would
 * page in anew each time (128 first-write faults, ≈ 2 ms on the benchmark VM; two per two-arm
 * log-rank). Cleared at the start of each sort; nothing else writes it, and the sort never yields.
 */
const histogram = new Uint32Array(2 * RADIX);
const MASK = RADIX - 1;
/** The top digit without the sign bit, and the high word without it. */
const SIGNLESS_WORD = 0x7fffffff;
const SIGNLESS = 0x7fff;
const byMagnitude = (a: number, b: number): number => Math.abs(a) - Math.abs(b);
/** Below this the 512 KB histogram costs more than a comparison sort. */
const RADIX_THRESHOLD = 1 << 14;
const LITTLE_ENDIAN = new Uint32Array(new Float64Array([1]).buffer)[1] === 0x3ff00000;
