import gammainc from '@stdlib/math-base-special-gammainc';

/**
 * Upper tail P(X ≥ x) of the chi-square distribution with `df` degrees of freedom,
 * as R's `pchisq(x, df, lower.tail = FALSE)`.
 *
 * Computed as the regularized upper incomplete gamma Q(df/2, x/2) directly, not as
 * 1 − P, so that p-values stay accurate down to about 1e-300.
 *
 * @example chiSquareUpperTail(3.841458820694124, 1) // ≈ 0.05
 */
export function chiSquareUpperTail(x: number, df: number): number {
  if (Number.isNaN(x) || Number.isNaN(df)) return Number.NaN;
  if (x <= 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  return gammainc(x / 2, df / 2, true, true);
}
