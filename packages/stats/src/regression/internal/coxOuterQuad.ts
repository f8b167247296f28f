/**
 * The four-row update shared by every row pass of the Cox fit: acc += Σ_k w_k·v_k·v_kᵀ (lower
 * triangle, p×p row-major) and sum += Σ_k w_k·v_k for the rows v_k = src[o_k, o_k + p). It is the
 * innermost loop of a fit (about half of its time at 10⁶ rows × 8 covariates): coxPassSweeps.ts
 * calls it for every four rows (r·K·x·xᵀ) and four event times (the S1·S1ᵀ terms), coxPass.ts for
 * every four rows joining a risk set at tied times (r·x·xᵀ).
 *
 * Every entry is formed as `acc + (v1·s1 + v2·s2) + (v3·s3 + v4·s4)` with v = w·src[i], s = src[j]
 * — the same operations in the same order whichever way the loops run, so the results are the
 * same doubles as the plain double loop (test: coxOuterQuad.test.ts). What changes is how often
 * the sources are read: the plain loop reads four source values per entry (36 entries at p = 8,
 * each read bounds-checked); here the leading 8×8 triangle is written out with each source value
 * read once into a local (about twice as fast at p = 8), and the rows after it are taken two at a
 * time, sharing each column's four source values (about a third faster than one at a time).
 *
 * `addScaledRow` (v += r·x for one row) is the other per-row update of the passes (S1 and the
 * score), taken four values a step for the same reason: at p = 8 the loop's own overhead was most
 * of the event sweep. Same additions, same order.
 */

/** v += r·x[off..off+p), four values a step (the loop overhead is most of it), in index order. */
export function addScaledRow(v: Float64Array, x: Float64Array, off: number, r: number, p: number): void {
  let j = 0;
  for (; j + 3 < p; j += 4) {
    v[j]! += r * x[off + j]!;
    v[j + 1]! += r * x[off + j + 1]!;
    v[j + 2]! += r * x[off + j + 2]!;
    v[j + 3]! += r * x[off + j + 3]!;
  }
  for (; j < p; j++) v[j]! += r * x[off + j]!;
}

/** acc += Σ w_k·v_k·v_kᵀ (lower triangle) and, when `sum` is given, sum += Σ w_k·v_k, for four rows. */
export function addWeightedQuad(
  src: Float64Array,
  o1: number,
  o2: number,
  o3: number,
  o4: number,
  w1: number,
  w2: number,
  w3: number,
  w4: number,
  p: number,
  acc: Float64Array,
  sum: Float64Array | null,
): void {
  let i = 0;
  if (p >= 8) {
    leadingEight(src, o1, o2, o3, o4, w1, w2, w3, w4, p, acc, sum);
    i = 8;
  }
  for (; i + 1 < p; i += 2) rowPair(src, o1, o2, o3, o4, w1, w2, w3, w4, i, p, acc, sum);
  if (i < p) rowPair(src, o1, o2, o3, o4, w1, w2, w3, w4, i, p, acc, sum);
}

/**
 * Rows i and i + 1 of the triangle (only row i when it is the last): each column's four source
 * values are read once for both rows.
 */
function rowPair(
  src: Float64Array,
  o1: number,
  o2: number,
  o3: number,
  o4: number,
  w1: number,
  w2: number,
  w3: number,
  w4: number,
  i: number,
  p: number,
  acc: Float64Array,
  sum: Float64Array | null,
): void {
  const ip = i * p;
  const v1 = w1 * src[o1 + i]!;
  const v2 = w2 * src[o2 + i]!;
  const v3 = w3 * src[o3 + i]!;
  const v4 = w4 * src[o4 + i]!;
  if (sum !== null) sum[i] = sum[i]! + (v1 + v2) + (v3 + v4);
  if (i + 1 === p) {
    for (let j = 0; j <= i; j++)
      acc[ip + j] =
        acc[ip + j]! + (v1 * src[o1 + j]! + v2 * src[o2 + j]!) + (v3 * src[o3 + j]! + v4 * src[o4 + j]!);
    return;
  }
  const iq = ip + p;
  const u1 = w1 * src[o1 + i + 1]!;
  const u2 = w2 * src[o2 + i + 1]!;
  const u3 = w3 * src[o3 + i + 1]!;
  const u4 = w4 * src[o4 + i + 1]!;
  if (sum !== null) sum[i + 1] = sum[i + 1]! + (u1 + u2) + (u3 + u4);
  for (let j = 0; j <= i; j++) {
    const s1 = src[o1 + j]!;
    const s2 = src[o2 + j]!;
    const s3 = src[o3 + j]!;
    const s4 = src[o4 + j]!;
    acc[ip + j] = acc[ip + j]! + (v1 * s1 + v2 * s2) + (v3 * s3 + v4 * s4);
    acc[iq + j] = acc[iq + j]! + (u1 * s1 + u2 * s2) + (u3 * s3 + u4 * s4);
  }
  const d = iq + i + 1;
  acc[d] =
    acc[d]! +
    (u1 * src[o1 + i + 1]! + u2 * src[o2 + i + 1]!) +
    (u3 * src[o3 + i + 1]! + u4 * src[o4 + i + 1]!);
}

/**
 * Rows 0–7 of the triangle (36 entries), written out: the four rows' first eight values are read
 * once into locals (a, b, c, d), where the loop reads four per entry. Precondition: p ≥ 8.
 */
// long: 36 entries written out, one line each, so that V8 keeps the 32 source values in locals
function leadingEight(
  src: Float64Array,
  o1: number,
  o2: number,
  o3: number,
  o4: number,
  w1: number,
  w2: number,
  w3: number,
  w4: number,
  p: number,
  acc: Float64Array,
  sum: Float64Array | null,
): void {
  const a0 = src[o1]!;
  const a1 = src[o1 + 1]!;
  const a2 = src[o1 + 2]!;
  const a3 = src[o1 + 3]!;
  const a4 = src[o1 + 4]!;
  const a5 = src[o1 + 5]!;
  const a6 = src[o1 + 6]!;
  const a7 = src[o1 + 7]!;
  const b0 = src[o2]!;
  const b1 = src[o2 + 1]!;
  const b2 = src[o2 + 2]!;
  const b3 = src[o2 + 3]!;
  const b4 = src[o2 + 4]!;
  const b5 = src[o2 + 5]!;
  const b6 = src[o2 + 6]!;
  const b7 = src[o2 + 7]!;
  const c0 = src[o3]!;
  const c1 = src[o3 + 1]!;
  const c2 = src[o3 + 2]!;
  const c3 = src[o3 + 3]!;
  const c4 = src[o3 + 4]!;
  const c5 = src[o3 + 5]!;
  const c6 = src[o3 + 6]!;
  const c7 = src[o3 + 7]!;
  const d0 = src[o4]!;
  const d1 = src[o4 + 1]!;
  const d2 = src[o4 + 2]!;
  const d3 = src[o4 + 3]!;
  const d4 = src[o4 + 4]!;
  const d5 = src[o4 + 5]!;
  const d6 = src[o4 + 6]!;
  const d7 = src[o4 + 7]!;
  let v1: number;
  let v2: number;
  let v3: number;
  let v4: number;
  let r = 0;
  v1 = w1 * a0;
  v2 = w2 * b0;
  v3 = w3 * c0;
  v4 = w4 * d0;
  if (sum !== null) sum[0] = sum[0]! + (v1 + v2) + (v3 + v4);
  acc[r] = acc[r]! + (v1 * a0 + v2 * b0) + (v3 * c0 + v4 * d0);
  r += p;
  v1 = w1 * a1;
  v2 = w2 * b1;
  v3 = w3 * c1;
  v4 = w4 * d1;
  if (sum !== null) sum[1] = sum[1]! + (v1 + v2) + (v3 + v4);
  acc[r] = acc[r]! + (v1 * a0 + v2 * b0) + (v3 * c0 + v4 * d0);
  acc[r + 1] = acc[r + 1]! + (v1 * a1 + v2 * b1) + (v3 * c1 + v4 * d1);
  r += p;
  v1 = w1 * a2;
  v2 = w2 * b2;
  v3 = w3 * c2;
  v4 = w4 * d2;
  if (sum !== null) sum[2] = sum[2]! + (v1 + v2) + (v3 + v4);
  acc[r] = acc[r]! + (v1 * a0 + v2 * b0) + (v3 * c0 + v4 * d0);
  acc[r + 1] = acc[r + 1]! + (v1 * a1 + v2 * b1) + (v3 * c1 + v4 * d1);
  acc[r + 2] = acc[r + 2]! + (v1 * a2 + v2 * b2) + (v3 * c2 + v4 * d2);
  r += p;
  v1 = w1 * a3;
  v2 = w2 * b3;
  v3 = w3 * c3;
  v4 = w4 * d3;
  if (sum !== null) sum[3] = sum[3]! + (v1 + v2) + (v3 + v4);
  acc[r] = acc[r]! + (v1 * a0 + v2 * b0) + (v3 * c0 + v4 * d0);
  acc[r + 1] = acc[r + 1]! + (v1 * a1 + v2 * b1) + (v3 * c1 + v4 * d1);
  acc[r + 2] = acc[r + 2]! + (v1 * a2 + v2 * b2) + (v3 * c2 + v4 * d2);
  acc[r + 3] = acc[r + 3]! + (v1 * a3 + v2 * b3) + (v3 * c3 + v4 * d3);
  r += p;
  v1 = w1 * a4;
  v2 = w2 * b4;
  v3 = w3 * c4;
  v4 = w4 * d4;
  if (sum !== null) sum[4] = sum[4]! + (v1 + v2) + (v3 + v4);
  acc[r] = acc[r]! + (v1 * a0 + v2 * b0) + (v3 * c0 + v4 * d0);
  acc[r + 1] = acc[r + 1]! + (v1 * a1 + v2 * b1) + (v3 * c1 + v4 * d1);
  acc[r + 2] = acc[r + 2]! + (v1 * a2 + v2 * b2) + (v3 * c2 + v4 * d2);
  acc[r + 3] = acc[r + 3]! + (v1 * a3 + v2 * b3) + (v3 * c3 + v4 * d3);
  acc[r + 4] = acc[r + 4]! + (v1 * a4 + v2 * b4) + (v3 * c4 + v4 * d4);
  r += p;
  v1 = w1 * a5;
  v2 = w2 * b5;
  v3 = w3 * c5;
  v4 = w4 * d5;
  if (sum !== null) sum[5] = sum[5]! + (v1 + v2) + (v3 + v4);
  acc[r] = acc[r]! + (v1 * a0 + v2 * b0) + (v3 * c0 + v4 * d0);
  acc[r + 1] = acc[r + 1]! + (v1 * a1 + v2 * b1) + (v3 * c1 + v4 * d1);
  acc[r + 2] = acc[r + 2]! + (v1 * a2 + v2 * b2) + (v3 * c2 + v4 * d2);
  acc[r + 3] = acc[r + 3]! + (v1 * a3 + v2 * b3) + (v3 * c3 + v4 * d3);
  acc[r + 4] = acc[r + 4]! + (v1 * a4 + v2 * b4) + (v3 * c4 + v4 * d4);
  acc[r + 5] = acc[r + 5]! + (v1 * a5 + v2 * b5) + (v3 * c5 + v4 * d5);
  r += p;
  v1 = w1 * a6;
  v2 = w2 * b6;
  v3 = w3 * c6;
  v4 = w4 * d6;
  if (sum !== null) sum[6] = sum[6]! + (v1 + v2) + (v3 + v4);
  acc[r] = acc[r]! + (v1 * a0 + v2 * b0) + (v3 * c0 + v4 * d0);
  acc[r + 1] = acc[r + 1]! + (v1 * a1 + v2 * b1) + (v3 * c1 + v4 * d1);
  acc[r + 2] = acc[r + 2]! + (v1 * a2 + v2 * b2) + (v3 * c2 + v4 * d2);
  acc[r + 3] = acc[r + 3]! + (v1 * a3 + v2 * b3) + (v3 * c3 + v4 * d3);
  acc[r + 4] = acc[r + 4]! + (v1 * a4 + v2 * b4) + (v3 * c4 + v4 * d4);
  acc[r + 5] = acc[r + 5]! + (v1 * a5 + v2 * b5) + (v3 * c5 + v4 * d5);
  acc[r + 6] = acc[r + 6]! + (v1 * a6 + v2 * b6) + (v3 * c6 + v4 * d6);
  r += p;
  v1 = w1 * a7;
  v2 = w2 * b7;
  v3 = w3 * c7;
  v4 = w4 * d7;
  if (sum !== null) sum[7] = sum[7]! + (v1 + v2) + (v3 + v4);
  acc[r] = acc[r]! + (v1 * a0 + v2 * b0) + (v3 * c0 + v4 * d0);
  acc[r + 1] = acc[r + 1]! + (v1 * a1 + v2 * b1) + (v3 * c1 + v4 * d1);
  acc[r + 2] = acc[r + 2]! + (v1 * a2 + v2 * b2) + (v3 * c2 + v4 * d2);
  acc[r + 3] = acc[r + 3]! + (v1 * a3 + v2 * b3) + (v3 * c3 + v4 * d3);
  acc[r + 4] = acc[r + 4]! + (v1 * a4 + v2 * b4) + (v3 * c4 + v4 * d4);
  acc[r + 5] = acc[r + 5]! + (v1 * a5 + v2 * b5) + (v3 * c5 + v4 * d5);
  acc[r + 6] = acc[r + 6]! + (v1 * a6 + v2 * b6) + (v3 * c6 + v4 * d6);
  acc[r + 7] = acc[r + 7]! + (v1 * a7 + v2 * b7) + (v3 * c7 + v4 * d7);
}
