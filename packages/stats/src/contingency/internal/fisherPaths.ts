/**
 * The undecided paths of the Fisher network (`fisherNetwork.ts`): at each node of a stage, the
 * past log-probabilities of the paths still undecided there, with how many paths share each.
 * They arrive as ascending runs (one per parent arc), are merged rather than sorted, and values
 * closer than MERGE_RESOLUTION are merged as FEXACT merges equal past path lengths.
 */

/** Past values closer than this (in log-probability) are merged, as FEXACT merges equal past paths. */
const MERGE_RESOLUTION = 1e-10;

/**
 * A node of the current stage with the past paths still undecided at it: their past
 * log-probabilities and how many paths share each, in `length` entries that form ascending runs
 * (one per parent arc) starting at the offsets in `runs`.
 */
export interface Pending {
  rows: Int32Array;
  values: Float64Array;
  freqs: Float64Array;
  length: number;
  runs: number[];
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

/** Appends pv[from..to) + w (ascending) with their frequencies to a pending node as one run. */
export function appendRun(
  target: Pending,
  pv: Float64Array,
  pf: Float64Array,
  from: number,
  to: number,
  w: number,
): void {
  const need = target.length + (to - from);
  if (need > target.values.length) {
    const size = Math.max(need, 2 * target.values.length);
    const values = new Float64Array(size);
    const freqs = new Float64Array(size);
    values.set(target.values.subarray(0, target.length));
    freqs.set(target.freqs.subarray(0, target.length));
    target.values = values;
    target.freqs = freqs;
  }
  target.runs.push(target.length);
  const values = target.values;
  const freqs = target.freqs;
  let at = target.length;
  for (let t = from; t < to; t++) {
    values[at] = pv[t]! + w;
    freqs[at] = pf[t]!;
    at++;
  }
  target.length = at;
}

/**
 * Sorts a pending node's past values ascending (freqs alongside) by merging its ascending runs
 * pairwise, then merges values closer than MERGE_RESOLUTION: paths with equal past probability
 * reach exactly the same completions.
 */
export function sortAndMerge(node: Pending): [Float64Array, Float64Array] {
  const n = node.length;
  let v: Float64Array = node.values;
  let f: Float64Array = node.freqs;
  let bounds = [...node.runs, n];
  if (bounds.length > 2) {
    let v2: Float64Array = new Float64Array(n);
    let f2: Float64Array = new Float64Array(n);
    while (bounds.length > 2) {
      const merged: number[] = [];
      for (let r = 0; r + 1 < bounds.length; r += 2) {
        const lo = bounds[r]!;
        const mid = bounds[r + 1]!;
        const hi = r + 2 < bounds.length ? bounds[r + 2]! : mid;
        merged.push(lo);
        let a = lo;
        let b = mid;
        let o = lo;
        while (a < mid && b < hi) {
          if (v[b]! < v[a]!) {
            v2[o] = v[b]!;
            f2[o++] = f[b++]!;
          } else {
            v2[o] = v[a]!;
            f2[o++] = f[a++]!;
          }
        }
        while (a < mid) {
          v2[o] = v[a]!;
          f2[o++] = f[a++]!;
        }
        while (b < hi) {
          v2[o] = v[b]!;
          f2[o++] = f[b++]!;
        }
      }
      merged.push(n);
      bounds = merged;
      [v, v2] = [v2, v];
      [f, f2] = [f2, f];
    }
  }
  // Merge near-equal values in place (m ≤ t, so nothing unread is overwritten).
  let m = 0;
  for (let t = 0; t < n; t++) {
    const x = v[t]!;
    if (m > 0 && x - v[m - 1]! <= MERGE_RESOLUTION) {
      f[m - 1]! += f[t]!;
    } else {
      v[m] = x;
      f[m] = f[t]!;
      m++;
    }
  }
  return [v.subarray(0, m), f.subarray(0, m)];
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
