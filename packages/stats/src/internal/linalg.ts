/**
 * Dense linear algebra of the engine, in one place. Matrices are p×p row-major `Float64Array`s
 * (element (i, j) is `m[i * p + j]`); p is a number of coefficients (tens at most), so plain
 * Cholesky is both fast and stable enough.
 *
 * Two families, kept apart on purpose:
 * - R survival's tolerance-based generalized Cholesky (`cholesky2`, `chsolve2`, `chinv2`,
 *   `waldTestChol`): a pivot below `toler`·(largest diagonal) marks its column as redundant (D = 0)
 *   instead of failing. This is how `coxph` reports NA for aliased columns, so its arithmetic is
 *   copied exactly.
 * - Plain Cholesky of a symmetric positive-definite matrix (`cholesky`, `choleskySolve`,
 *   `choleskyInverse`, `choleskyLogDet`, `quadFormInverse`), returning `null` where R's `solve`
 *   would call the matrix singular: Firth's penalty, cox.zph's score test and the block Wald tests.
 */

// ---- R survival's generalized Cholesky: survival 3.5-3 src/cholesky2.c, chsolve2.c, chinv2.c (T. Therneau)
// As in R the input is read from the triangle with i ≤ j (the "upper" part), and the factor is
// stored in the triangle with i > j plus the diagonal.

/** R's `coxph.control(toler.chol)` default, `.Machine$double.eps^0.75`. */
export const TOLER_CHOL = 2.220446049250313e-16 ** 0.75;

/**
 * Factors `m` in place (R's `cholesky2`). Returns the rank, negated if the matrix is not
 * non-negative definite.
 */
export function cholesky2(m: Float64Array, p: number, toler: number): number {
  let nonneg = 1;
  let eps = 0;
  for (let i = 0; i < p; i++) {
    if (m[i * p + i]! > eps) eps = m[i * p + i]!;
    for (let j = i + 1; j < p; j++) m[j * p + i] = m[i * p + j]!;
  }
  eps = eps === 0 ? toler : eps * toler;
  let rank = 0;
  for (let i = 0; i < p; i++) {
    const pivot = m[i * p + i]!;
    if (!Number.isFinite(pivot) || pivot < eps) {
      m[i * p + i] = 0;
      if (pivot < -8 * eps) nonneg = -1;
    } else {
      rank++;
      for (let j = i + 1; j < p; j++) {
        const temp = m[j * p + i]! / pivot;
        m[j * p + i] = temp;
        m[j * p + j]! -= temp * temp * pivot;
        for (let k = j + 1; k < p; k++) m[k * p + j]! -= temp * m[k * p + i]!;
      }
    }
  }
  return rank * nonneg;
}

/** Solves (F·D·Fᵀ) b = y in place, given `cholesky2`'s factor (R's `chsolve2`). */
export function chsolve2(m: Float64Array, p: number, y: Float64Array): void {
  for (let i = 0; i < p; i++) {
    let temp = y[i]!;
    for (let j = 0; j < i; j++) temp -= y[j]! * m[i * p + j]!;
    y[i] = temp;
  }
  for (let i = p - 1; i >= 0; i--) {
    const d = m[i * p + i]!;
    if (d === 0) y[i] = 0;
    else {
      let temp = y[i]! / d;
      for (let j = i + 1; j < p; j++) temp -= y[j]! * m[j * p + i]!;
      y[i] = temp;
    }
  }
}

/**
 * Turns `cholesky2`'s factor into the (generalized) inverse in the upper triangle + diagonal
 * (R's `chinv2`), then mirrors it so that `m` is the full symmetric inverse. Redundant columns
 * get all-zero rows and columns.
 */
export function chinv2(m: Float64Array, p: number): void {
  for (let i = 0; i < p; i++) {
    if (m[i * p + i]! > 0) {
      m[i * p + i] = 1 / m[i * p + i]!;
      for (let j = i + 1; j < p; j++) {
        m[j * p + i] = -m[j * p + i]!;
        for (let k = 0; k < i; k++) m[j * p + k]! += m[j * p + i]! * m[i * p + k]!;
      }
    }
  }
  for (let i = 0; i < p; i++) {
    if (m[i * p + i] === 0) {
      for (let j = 0; j < i; j++) m[j * p + i] = 0;
      for (let j = i; j < p; j++) m[i * p + j] = 0;
    } else {
      for (let j = i + 1; j < p; j++) {
        const temp = m[j * p + i]! * m[j * p + j]!;
        m[i * p + j] = temp;
        for (let k = i; k < j; k++) m[i * p + k]! += temp * m[j * p + k]!;
      }
    }
  }
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) m[i * p + j] = m[j * p + i]!;
}

/**
 * R's `coxph.wtest(var, b, toler.chol)`: b'·var⁻¹·b by the tolerance-based Cholesky, with
 * df = number of non-redundant columns. `var` is p×p row-major (not modified).
 */
export function waldTestChol(
  variance: Float64Array,
  b: Float64Array,
  toler: number,
): { test: number; df: number } {
  const p = b.length;
  if (p === 0) return { test: 0, df: 0 };
  const m = Float64Array.from(variance);
  cholesky2(m, p, toler);
  let df = 0;
  for (let i = 0; i < p; i++) if (m[i * p + i]! > 0) df++;
  const solve = Float64Array.from(b);
  chsolve2(m, p, solve);
  let test = 0;
  for (let i = 0; i < p; i++) test += b[i]! * solve[i]!;
  return { test, df };
}

// ---- Plain Cholesky of a symmetric positive-definite matrix

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
