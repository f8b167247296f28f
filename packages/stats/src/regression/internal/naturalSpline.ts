import { qrDecompose } from './qrLinpack.js';

/**
 * R's `quantile(x, probs, type = 7)` of an ascending array: with h = 1 + (n − 1)·p, lo = ⌊h⌋,
 * (1 − (h − lo))·x[lo] + (h − lo)·x[lo + 1] (1-based), the same arithmetic as `quantile.default`.
 */
export function quantileType7(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  const index = 1 + (n - 1) * p;
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const qs = sorted[lo - 1]!;
  const h = index - lo;
  const xHi = sorted[hi - 1]!;
  return index > lo && xHi !== qs ? (1 - h) * qs + h * xHi : qs;
}

/**
 * Values (deriv 0) or derivatives of every B-spline of `order` on `knots` at x, as R's
 * `splines::splineDesign(knots, x, ord, derivs)`: the Cox–de Boor recursion over all basis
 * functions, with x at the last knot taken in the last non-empty interval (right-closed, as R's
 * spline_basis does), so the basis sums to 1 on the whole closed range.
 */
export function bsplineRow(knots: Float64Array, order: number, x: number, deriv: number): Float64Array {
  const nb = knots.length - order;
  const last = knots[knots.length - 1]!;
  // order-1 (degree 0) indicators: [t_i, t_{i+1}), the last non-empty interval closed at the right end
  let b = new Float64Array(knots.length - 1);
  let lastNonEmpty = -1;
  for (let i = 0; i < knots.length - 1; i++) if (knots[i]! < knots[i + 1]!) lastNonEmpty = i;
  for (let i = 0; i < knots.length - 1; i++) {
    const inside = knots[i]! <= x && x < knots[i + 1]!;
    b[i] = inside || (x === last && i === lastNonEmpty) ? 1 : 0;
  }
  for (let k = 2; k <= order; k++) {
    const next = new Float64Array(knots.length - k);
    const differentiate = k > order - deriv;
    for (let i = 0; i < next.length; i++) {
      const d1 = knots[i + k - 1]! - knots[i]!;
      const d2 = knots[i + k]! - knots[i + 1]!;
      if (differentiate) {
        // B'_{i,k} = (k − 1)·[B_{i,k−1}/d1 − B_{i+1,k−1}/d2]
        next[i] = (k - 1) * ((d1 > 0 ? b[i]! / d1 : 0) - (d2 > 0 ? b[i + 1]! / d2 : 0));
      } else {
        next[i] =
          (d1 > 0 ? ((x - knots[i]!) / d1) * b[i]! : 0) +
          (d2 > 0 ? ((knots[i + k]! - x) / d2) * b[i + 1]! : 0);
      }
    }
    b = next;
  }
  return b.subarray(0, nb);
}

/**
 * x in ascending order. coxZphSmooth passes its evaluation grid followed by the event times, two
 * ascending runs, which are merged in one walk instead of sorted (a sort of 10⁶ doubles costs
 * about 0.1 s, and the smooth is drawn for several terms); anything else is sorted.
 */
function sortedCopy(x: Float64Array): Float64Array {
  const n = x.length;
  let cut = 1;
  while (cut < n && x[cut - 1]! <= x[cut]!) cut++;
  if (cut === n) return Float64Array.from(x);
  for (let i = cut + 1; i < n; i++) if (x[i - 1]! > x[i]!) return Float64Array.from(x).sort();
  const out = new Float64Array(n);
  let i = 0;
  let j = cut;
  let k = 0;
  while (i < cut && j < n) out[k++] = x[j]! < x[i]! ? x[j++]! : x[i++]!;
  while (i < cut) out[k++] = x[i++]!;
  while (j < n) out[k++] = x[j++]!;
  return out;
}

/**
 * The natural cubic spline basis of R's `splines::ns(x, df, intercept = TRUE)`: boundary knots at
 * range(x), df − 2 interior knots at the type-7 quantiles of x, cubic B-splines projected onto
 * the null space of their second derivatives at the boundary knots (R: qr(t(const)), qr.qty,
 * dropping the first two columns). Returns an x.length × df column-major matrix.
 */
export function naturalSplineBasis(x: Float64Array, df: number): Float64Array {
  const sorted = sortedCopy(x);
  const a = sorted[0]!;
  const z = sorted[sorted.length - 1]!;
  const nIknots = df - 2; // ns: df − 1 − intercept interior knots
  const interior = Array.from({ length: nIknots }, (_, j) => quantileType7(sorted, (j + 1) / (nIknots + 1)));
  const knots = Float64Array.from([a, a, a, a, ...interior, z, z, z, z]);
  const nb = knots.length - 4; // df + 2 cubic B-splines
  // const = second derivatives at the two boundary knots (2 × nb); factor its transpose (nb × 2).
  const ct = new Float64Array(nb * 2);
  [a, z].forEach((bk, r) => {
    const row = bsplineRow(knots, 4, bk, 2);
    for (let j = 0; j < nb; j++) ct[r * nb + j] = row[j]!;
  });
  const qr = qrDecompose(ct, nb, 2, 1e-7);
  const m = x.length;
  const out = new Float64Array(m * df);
  // Tied x values (event times in whole days: ~10³ distinct among 10⁶) get the one row computed
  // for their value: the same arithmetic on the same double, so the same row.
  const rowOf = new Map<number, Float64Array>();
  let prevX = Number.NaN;
  let prevRow: Float64Array | null = null;
  for (let i = 0; i < m; i++) {
    const xi = x[i]!;
    let row: Float64Array | null = xi === prevX ? prevRow : (rowOf.get(xi) ?? null);
    if (row === null) {
      row = projectedRow(knots, qr, nb, df, xi);
      rowOf.set(xi, row);
    }
    prevX = xi;
    prevRow = row;
    for (let c = 0; c < df; c++) out[c * m + i] = row[c]!;
  }
  return out;
}

/** The df basis values at x: the cubic B-splines' values times Qᵀ, without their first two entries. */
function projectedRow(
  knots: Float64Array,
  qr: ReturnType<typeof qrDecompose>,
  nb: number,
  df: number,
  x: number,
): Float64Array {
  const v = Float64Array.from(bsplineRow(knots, 4, x, 0));
  // Qᵀv by the two Householder reflections (dqrsl's qty), then drop the first two entries.
  for (let j = 0; j < 2; j++) {
    const diag = qr.qraux[j]!;
    if (diag === 0) continue;
    let dot = diag * v[j]!;
    for (let r = j + 1; r < nb; r++) dot += qr.qr[j * nb + r]! * v[r]!;
    const t = -dot / diag;
    v[j] = v[j]! + t * diag;
    for (let r = j + 1; r < nb; r++) v[r] = v[r]! + t * qr.qr[j * nb + r]!;
  }
  return v.subarray(2, 2 + df);
}
