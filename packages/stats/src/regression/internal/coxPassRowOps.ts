/**
 * The p-length and p×p row updates of the event sweep (coxPassSweeps.ts): S1 and the score per
 * row, the S1·S1ᵀ terms of single event times and of Efron's tied times. Each is the expression
 * coxfit6.c's pass adds, in the same order, so the sums are the same doubles whichever pass forms
 * them; the p-length loops take four values a step (their overhead was most of the event sweep at
 * p = 8).
 */
/** v[to..to+p) = v[from..from+p) + r·x[off..off+p): addScaledRow from one slot of v into another. */
export function addScaledRowTo(
  v: Float64Array,
  to: number,
  from: number,
  x: Float64Array,
  off: number,
  r: number,
  p: number,
): void {
  let j = 0;
  for (; j + 3 < p; j += 4) {
    v[to + j] = v[from + j]! + r * x[off + j]!;
    v[to + j + 1] = v[from + j + 1]! + r * x[off + j + 1]!;
    v[to + j + 2] = v[from + j + 2]! + r * x[off + j + 2]!;
    v[to + j + 3] = v[from + j + 3]! + r * x[off + j + 3]!;
  }
  for (; j < p; j++) v[to + j] = v[from + j]! + r * x[off + j]!;
}

/** u += w·x and v[to..) = v[from..) + r·x for the row at `off` (one read of its covariates). */
export function addDeath(
  u: Float64Array,
  v: Float64Array,
  to: number,
  from: number,
  x: Float64Array,
  off: number,
  w: number,
  r: number,
  p: number,
): void {
  let j = 0;
  for (; j + 3 < p; j += 4) {
    const x0 = x[off + j]!;
    const x1 = x[off + j + 1]!;
    const x2 = x[off + j + 2]!;
    const x3 = x[off + j + 3]!;
    u[j]! += w * x0;
    u[j + 1]! += w * x1;
    u[j + 2]! += w * x2;
    u[j + 3]! += w * x3;
    v[to + j] = v[from + j]! + r * x0;
    v[to + j + 1] = v[from + j + 1]! + r * x1;
    v[to + j + 2] = v[from + j + 2]! + r * x2;
    v[to + j + 3] = v[from + j + 3]! + r * x3;
  }
  for (; j < p; j++) {
    const xj = x[off + j]!;
    u[j]! += w * xj;
    v[to + j] = v[from + j]! + r * xj;
  }
}

/** dst[o..o+p) = src[s..s+p) (by hand: TypedArray.prototype.set costs a builtin call). */
export function copyRow(src: Float64Array, s: number, dst: Float64Array, o: number, p: number): void {
  for (let j = 0; j < p; j++) dst[o + j] = src[s + j]!;
}

/** acc[i][j] += w·v_i·v_j (j ≤ i) for v = src[off..off+p), and sum[i] += w·v_i when `sum` is given. */
export function addWeighted(
  src: Float64Array,
  off: number,
  w: number,
  p: number,
  acc: Float64Array,
  sum: Float64Array | null,
): void {
  for (let i = 0, ip = 0; i < p; i++, ip += p) {
    const wv = w * src[off + i]!;
    if (sum !== null) sum[i]! += wv;
    for (let j = 0; j <= i; j++) acc[ip + j]! += wv * src[off + j]!;
  }
}

/** Efron's S1 terms of a tied time (efronStep's): e0·a·aᵀ + e1·(a·a2ᵀ + a2·aᵀ) + e2·a2·a2ᵀ into `acc`. */
export function efronSecond(
  p: number,
  a: Float64Array,
  a2: Float64Array,
  e0: number,
  e1: number,
  e2: number,
  acc: Float64Array,
): void {
  for (let i = 0, ip = 0; i < p; i++, ip += p) {
    const ai = a[i]!;
    const a2i = a2[i]!;
    for (let j = 0; j <= i; j++) {
      const aj = a[j]!;
      const a2j = a2[j]!;
      acc[ip + j]! += e0 * ai * aj + e1 * (ai * a2j + a2i * aj) + e2 * a2i * a2j;
    }
  }
}
