/**
 * Generalized Cholesky factorization C = F·D·Fᵀ with R survival's tolerance-based singularity
 * detection, transcribed from survival 3.5-3 `src/cholesky2.c`, `chsolve2.c` and `chinv2.c`
 * (T. Therneau). A pivot below `toler`·(largest diagonal) marks its column as redundant: its D
 * entry is set to 0, and solve/inverse give 0 for it. This is how `coxph` reports NA for aliased
 * columns instead of failing, so we copy the arithmetic exactly.
 *
 * Matrices are p×p row-major `Float64Array`s; element (i, j) is `m[i * p + j]`. As in R the
 * input is read from the triangle with i ≤ j (the "upper" part), and the factor is stored in
 * the triangle with i > j plus the diagonal.
 */

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
