/**
 * Small dense symmetric linear algebra for the Cox extras (Firth, cox.zph, the modelling layer's
 * block Wald tests). Matrices are row-major `Float64Array`s of p×p; p is the number of
 * coefficients (tens at most), so plain Cholesky is both fast and stable enough.
 */

/**
 * Cholesky factor L (lower, row-major) of a symmetric positive-definite matrix, or `null` when a
 * pivot is not positive relative to the matrix scale (R's `solve` would call it singular).
 */
export function cholesky(a: Float64Array, p: number): Float64Array | null {
  const l = new Float64Array(p * p);
  let scale = 0;
  for (let i = 0; i < p; i++) scale = Math.max(scale, Math.abs(a[i * p + i]!));
  const tol = scale * 1e-14;
  for (let j = 0; j < p; j++) {
    let d = a[j * p + j]!;
    for (let k = 0; k < j; k++) d -= l[j * p + k]! * l[j * p + k]!;
    if (!(d > tol)) return null;
    const ljj = Math.sqrt(d);
    l[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let s = a[i * p + j]!;
      for (let k = 0; k < j; k++) s -= l[i * p + k]! * l[j * p + k]!;
      l[i * p + j] = s / ljj;
    }
  }
  return l;
}

/** Solves (L Lᵀ) x = b. */
export function choleskySolve(l: Float64Array, p: number, b: ArrayLike<number>): Float64Array {
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * p + k]! * y[k]!;
    y[i] = s / l[i * p + i]!;
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < p; k++) s -= l[k * p + i]! * y[k]!;
    y[i] = s / l[i * p + i]!;
  }
  return y;
}

/** (L Lᵀ)⁻¹, row-major. */
export function choleskyInverse(l: Float64Array, p: number): Float64Array {
  const inv = new Float64Array(p * p);
  const e = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    e.fill(0);
    e[j] = 1;
    const col = choleskySolve(l, p, e);
    for (let i = 0; i < p; i++) inv[i * p + j] = col[i]!;
  }
  return inv;
}

/** log det(L Lᵀ) = 2 Σ log L_ii. */
export function choleskyLogDet(l: Float64Array, p: number): number {
  let s = 0;
  for (let i = 0; i < p; i++) s += Math.log(l[i * p + i]!);
  return 2 * s;
}

/** The sub-matrix of a row-major p×p matrix on the index set `idx` (rows and columns). */
export function subMatrix(a: Float64Array, p: number, idx: readonly number[]): Float64Array {
  const q = idx.length;
  const out = new Float64Array(q * q);
  for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) out[i * q + j] = a[idx[i]! * p + idx[j]!]!;
  return out;
}

/** The quadratic form bᵀ A⁻¹ b for symmetric positive-definite A, or `null` when A is singular. */
export function quadFormInverse(a: Float64Array, p: number, b: ArrayLike<number>): number | null {
  const l = cholesky(a, p);
  if (l === null) return null;
  const x = choleskySolve(l, p, b);
  let s = 0;
  for (let i = 0; i < p; i++) s += b[i]! * x[i]!;
  return s;
}
