/**
 * Householder QR with R's limited column pivoting, transcribed from LINPACK `dqrdc2.f` as modified
 * for R (Bates/Ihaka 1999), and the least-squares solve of `dqrls.f`/`dqrsl.f`. This is what
 * `glm.fit` calls through `Cdqrls(x, y, tol)` on every IRLS step, so columns R finds aliased (their
 * remaining norm below `tol` × original norm) are moved to the end here too, and R's coefficients
 * for them (0 during iterations, NA in the result) follow.
 *
 * Matrices are column-major n×p `Float64Array`s: element (i, j) is `x[j * n + i]`.
 */

/** Euclidean norm of `len` entries from `x[off]`, without overflow (as BLAS `dnrm2`). */
function norm2(x: Float64Array, off: number, len: number): number {
  let scale = 0;
  let ssq = 1;
  for (let i = 0; i < len; i++) {
    const v = x[off + i]!;
    if (v !== 0) {
      const a = Math.abs(v);
      if (scale < a) {
        ssq = 1 + ssq * (scale / a) ** 2;
        scale = a;
      } else ssq += (a / scale) ** 2;
    }
  }
  return scale * Math.sqrt(ssq);
}

/** The factorization: `qr` (R above the diagonal, Householder vectors below), as R's `qr` object. */
export interface LinpackQr {
  readonly qr: Float64Array;
  readonly qraux: Float64Array;
  /** Original column index (0-based) of each pivoted column. */
  readonly pivot: Int32Array;
  readonly rank: number;
  readonly n: number;
  readonly p: number;
}

/** Moves column l to the end (dqrdc2's "limited pivoting"), with its bookkeeping. */
function moveToEnd(
  x: Float64Array,
  n: number,
  p: number,
  l: number,
  qraux: Float64Array,
  work: Float64Array[],
  jpvt: Int32Array,
): void {
  const col = x.slice(l * n, (l + 1) * n);
  x.copyWithin(l * n, (l + 1) * n, p * n);
  x.set(col, (p - 1) * n);
  const keep = [jpvt[l]!, qraux[l]!, work[0]![l]!, work[1]![l]!] as const;
  for (let j = l + 1; j < p; j++) {
    jpvt[j - 1] = jpvt[j]!;
    qraux[j - 1] = qraux[j]!;
    work[0]![j - 1] = work[0]![j]!;
    work[1]![j - 1] = work[1]![j]!;
  }
  jpvt[p - 1] = keep[0];
  qraux[p - 1] = keep[1];
  work[0]![p - 1] = keep[2];
  work[1]![p - 1] = keep[3];
}

/** Factors `x` (overwritten) as R's `dqrdc2(x, n, n, p, tol, …)`. */
export function qrDecompose(x: Float64Array, n: number, p: number, tol: number): LinpackQr {
  const qraux = new Float64Array(p);
  const work = [new Float64Array(p), new Float64Array(p)];
  const jpvt = new Int32Array(p);
  for (let j = 0; j < p; j++) {
    jpvt[j] = j;
    qraux[j] = norm2(x, j * n, n);
    work[0]![j] = qraux[j]!;
    work[1]![j] = qraux[j]! === 0 ? 1 : qraux[j]!;
  }
  const lup = Math.min(n, p);
  let k = p + 1; // 1-based as in the Fortran
  for (let l = 0; l < lup; l++) {
    while (l + 1 < k && qraux[l]! < work[1]![l]! * tol) {
      moveToEnd(x, n, p, l, qraux, work, jpvt);
      k--;
    }
    if (l === n - 1) break;
    const ll = l * n + l;
    let nrmxl = norm2(x, ll, n - l);
    if (nrmxl === 0) continue;
    if (x[ll] !== 0) nrmxl = Math.sign(x[ll]!) * Math.abs(nrmxl);
    for (let i = 0; i < n - l; i++) x[ll + i] = x[ll + i]! / nrmxl;
    x[ll] = 1 + x[ll]!;
    for (let j = l + 1; j < p; j++) {
      const lj = j * n + l;
      let dot = 0;
      for (let i = 0; i < n - l; i++) dot += x[ll + i]! * x[lj + i]!;
      const t = -dot / x[ll]!;
      for (let i = 0; i < n - l; i++) x[lj + i] = x[lj + i]! + t * x[ll + i]!;
      if (qraux[j] !== 0) {
        const tt = Math.max(1 - (Math.abs(x[lj]!) / qraux[j]!) ** 2, 0);
        // R's change: recompute the norm when it has lost most of its digits.
        if (Math.abs(tt) < 1e-6) {
          qraux[j] = norm2(x, lj + 1, n - l - 1);
          work[0]![j] = qraux[j]!;
        } else qraux[j] = qraux[j]! * Math.sqrt(tt);
      }
    }
    qraux[l] = x[ll]!;
    x[ll] = -nrmxl;
  }
  return { qr: x, qraux, pivot: jpvt, rank: Math.min(k - 1, n), n, p };
}

/**
 * Least-squares coefficients in pivoted order (R's `dqrls`): entries beyond the rank are 0, as
 * `Cdqrls` returns them. `y` is not modified.
 */
export function qrCoef(f: LinpackQr, y: Float64Array): Float64Array {
  const { qr, qraux, n, rank: k } = f;
  const qty = Float64Array.from(y);
  for (let j = 0; j < Math.min(k, n - 1); j++) {
    if (qraux[j] === 0) continue;
    const diag = qraux[j]!;
    let dot = diag * qty[j]!;
    for (let i = j + 1; i < n; i++) dot += qr[j * n + i]! * qty[i]!;
    const t = -dot / diag;
    qty[j] = qty[j]! + t * diag;
    for (let i = j + 1; i < n; i++) qty[i] = qty[i]! + t * qr[j * n + i]!;
  }
  const b = new Float64Array(f.p);
  for (let j = k - 1; j >= 0; j--) {
    let s = qty[j]!;
    for (let c = j + 1; c < k; c++) s -= qr[c * n + j]! * b[c]!;
    b[j] = s / qr[j * n + j]!;
  }
  return b;
}

/** (RᵀR)⁻¹ of the leading rank×rank block (R's `chol2inv(qr$qr[1:k, 1:k])`), row-major k×k. */
export function qrUnscaledCov(f: LinpackQr): Float64Array {
  const { qr, n, rank: k } = f;
  // Rinv: upper triangular inverse of R.
  const rinv = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    rinv[j * k + j] = 1 / qr[j * n + j]!;
    for (let i = j - 1; i >= 0; i--) {
      let s = 0;
      for (let c = i + 1; c <= j; c++) s += qr[c * n + i]! * rinv[c * k + j]!;
      rinv[i * k + j] = -s / qr[i * n + i]!;
    }
  }
  const cov = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      let s = 0;
      for (let c = j; c < k; c++) s += rinv[i * k + c]! * rinv[j * k + c]!;
      cov[i * k + j] = s;
      cov[j * k + i] = s;
    }
  }
  return cov;
}
