/**
 * The second half of every radix sort in the package (sort.ts's `argsortFloat64` and survival's
 * `sortByMagnitude`): keys already in order of their high words are put in order within each run
 * of equal high word by their low words. Re-exported by sort.ts, where its callers import it.
 */

/**
 * Where the 64-bit keys of a radix sort live, for {@link orderRunsByLowWord}: either separate
 * arrays (stride 1: `argsortFloat64`'s high words, low words and row indices, the index as the
 * payload) or one array of interleaved (low, high) word pairs (stride 2, as survival's sort of the
 * doubles themselves stores them: low word at 2i, high word at 2i + 1 and travelling as the payload).
 */
export interface RunLayout {
  /** High words: key i's at `i` (stride 1) or `2i + 1` (stride 2); runs are of equal `high & highMask`. */
  readonly high: Uint32Array;
  readonly highMask: number;
  /** Low words at `stride·i + loOffset`, and the payload moving with them at `stride·i + payloadOffset`. */
  readonly words: Uint32Array;
  readonly payload: Uint32Array;
  /** Scratch laid out as `words`/`payload` (contents overwritten). */
  readonly temp: Uint32Array;
  readonly tempPayload: Uint32Array;
  readonly stride: 1 | 2;
  readonly loOffset: number;
  readonly payloadOffset: number;
}

/** Runs up to this length are put in order by insertion, longer ones by `radixRun`. */
export const INSERTION_MAX = 32;

/**
 * The second half of both radix sorts (`argsortFloat64` here and survival's `sortByMagnitude`): after
 * two counting passes on the high words, keys are in order except within runs of equal (masked)
 * high word, which this orders by the low word, stably. Continuous data give runs of one or two;
 * tied data long runs of one value, which a comparison scan recognises and leaves as they are.
 */
export function orderRunsByLowWord(layout: RunLayout, n: number): void {
  const { high, highMask, stride } = layout;
  const hiOffset = stride === 1 ? 0 : 1;
  let count: Int32Array | null = null;
  let a = 0;
  while (a < n) {
    const h = high[stride * a + hiOffset]! & highMask;
    let b = a + 1;
    while (b < n && (high[stride * b + hiOffset]! & highMask) === h) b++;
    if (b - a > INSERTION_MAX) {
      if (!constantLow(layout, a, b)) {
        count ??= new Int32Array(4 * 256);
        radixRun(layout, a, b, count);
      }
    } else if (b - a > 1) insertionRun(layout, a, b);
    a = b;
  }
}

/** Whether every key in [a, b) has the same low word (a run of tied values, already in order). */
function constantLow(layout: RunLayout, a: number, b: number): boolean {
  const { words, stride, loOffset } = layout;
  const first = words[stride * a + loOffset]!;
  for (let i = a + 1; i < b; i++) if (words[stride * i + loOffset] !== first) return false;
  return true;
}

/** Stable insertion sort of [a, b) by the low word (unsigned), moving the payload along. */
function insertionRun(layout: RunLayout, a: number, b: number): void {
  const { words, payload, stride, loOffset, payloadOffset } = layout;
  for (let k = a + 1; k < b; k++) {
    const v = words[stride * k + loOffset]!;
    if (words[stride * (k - 1) + loOffset]! <= v) continue;
    const p = payload[stride * k + payloadOffset]!;
    let j = k - 1;
    while (j >= a && words[stride * j + loOffset]! > v) {
      words[stride * (j + 1) + loOffset] = words[stride * j + loOffset]!;
      payload[stride * (j + 1) + payloadOffset] = payload[stride * j + payloadOffset]!;
      j--;
    }
    words[stride * (j + 1) + loOffset] = v;
    payload[stride * (j + 1) + payloadOffset] = p;
  }
}

/**
 * Stable LSD sort of [a, b) by the low word in four 8-bit passes (constant digits skipped), with
 * the layout's scratch over the same range as the other buffer; the result ends in the layout's
 * own arrays. `count` (4·256 entries) is cleared here, so one allocation serves every run.
 */
function radixRun(layout: RunLayout, a: number, b: number, count: Int32Array): void {
  const { stride, loOffset: lo, payloadOffset: po } = layout;
  count.fill(0);
  let src = layout.words;
  let srcPay = layout.payload;
  let dst = layout.temp;
  let dstPay = layout.tempPayload;
  for (let i = a; i < b; i++) {
    const v = src[stride * i + lo]!;
    count[v & 0xff]!++;
    count[256 + ((v >>> 8) & 0xff)]!++;
    count[512 + ((v >>> 16) & 0xff)]!++;
    count[768 + (v >>> 24)]!++;
  }
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * 256;
    let sum = a;
    let constant = false;
    for (let d = 0; d < 256; d++) {
      const c = count[base + d]!;
      if (c === b - a) constant = true;
      count[base + d] = sum;
      sum += c;
    }
    if (constant) continue;
    const shift = pass * 8;
    for (let i = a; i < b; i++) {
      const v = src[stride * i + lo]!;
      const k = count[base + ((v >>> shift) & 0xff)]!++;
      dst[stride * k + lo] = v;
      dstPay[stride * k + po] = srcPay[stride * i + po]!;
    }
    [src, dst] = [dst, src];
    [srcPay, dstPay] = [dstPay, srcPay];
  }
  if (src !== layout.words) {
    for (let i = a; i < b; i++) {
      layout.words[stride * i + lo] = src[stride * i + lo]!;
      layout.payload[stride * i + po] = srcPay[stride * i + po]!;
    }
  }
}
