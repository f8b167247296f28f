// The sorted-order copies of one Cox model's columns (coxPrepare.ts): one-column arrays gathered
// through the sort's order, the covariates scattered row by row into the n×p matrix.

/** `values` in the order `order` (sorted position k holds row order[k]); -0 becomes +0. */
export function gatherFloat64(
  values: Float64Array,
  order: Int32Array,
  out: Float64Array = new Float64Array(order.length),
): Float64Array {
  const n = order.length;
  for (let k = 0; k < n; k++) out[k] = values[order[k]!]! + 0;
  return out;
}

export function gatherInt32(values: Int32Array, order: Int32Array): Int32Array {
  const n = order.length;
  const out = new Int32Array(n);
  for (let k = 0; k < n; k++) out[k] = values[order[k]!]!;
  return out;
}

export function gatherUint8(values: Uint8Array, order: Int32Array, out: Uint8Array): Uint8Array {
  const n = order.length;
  for (let k = 0; k < n; k++) out[k] = values[order[k]!]!;
  return out;
}

/**
 * Writes every value of `x`, the n×p row-major matrix of centred and scaled covariates in
 * sorted order. Scattered, one input row to one row of the output, rather than gathered: each
 * row then costs one random write of p adjacent values instead of p random reads from p
 * columns, which is memory-latency bound (about three times slower at 10⁶ × 8).
 *
 * The first eight columns, their centres and scales are held in locals (a column past p is a
 * stand-in whose write is skipped; the skips are the same for every row, so they are predicted):
 * reached through `cols[j][i]`, each value cost two dependent loads and their checks, and the
 * scatter was three times slower on a loaded machine. Columns past the eighth take the loop.
 * Each value is the same `(raw − center)·scale`.
 */
// long: eight columns held in locals, one line each
export function scatterRows(
  cols: readonly Float64Array[],
  center: Float64Array,
  scale: Float64Array,
  order: Int32Array,
  x: Float64Array,
  position: Int32Array,
  positionKnown: boolean,
): void {
  const n = order.length;
  const p = cols.length;
  if (p === 0) return;
  if (!positionKnown) for (let k = 0; k < n; k++) position[order[k]!] = k;
  const col = (j: number): Float64Array => cols[Math.min(j, p - 1)]!;
  const mid = (j: number): number => center[Math.min(j, p - 1)]!;
  const mul = (j: number): number => scale[Math.min(j, p - 1)]!;
  const c0 = col(0);
  const c1 = col(1);
  const c2 = col(2);
  const c3 = col(3);
  const c4 = col(4);
  const c5 = col(5);
  const c6 = col(6);
  const c7 = col(7);
  const m0 = mid(0);
  const m1 = mid(1);
  const m2 = mid(2);
  const m3 = mid(3);
  const m4 = mid(4);
  const m5 = mid(5);
  const m6 = mid(6);
  const m7 = mid(7);
  const s0 = mul(0);
  const s1 = mul(1);
  const s2 = mul(2);
  const s3 = mul(3);
  const s4 = mul(4);
  const s5 = mul(5);
  const s6 = mul(6);
  const s7 = mul(7);
  for (let i = 0; i < n; i++) {
    const off = position[i]! * p;
    x[off] = (c0[i]! - m0) * s0;
    if (p > 1) x[off + 1] = (c1[i]! - m1) * s1;
    if (p > 2) x[off + 2] = (c2[i]! - m2) * s2;
    if (p > 3) x[off + 3] = (c3[i]! - m3) * s3;
    if (p > 4) x[off + 4] = (c4[i]! - m4) * s4;
    if (p > 5) x[off + 5] = (c5[i]! - m5) * s5;
    if (p > 6) x[off + 6] = (c6[i]! - m6) * s6;
    if (p > 7) x[off + 7] = (c7[i]! - m7) * s7;
    for (let j = 8; j < p; j++) x[off + j] = (cols[j]![i]! - center[j]!) * scale[j]!;
  }
}
