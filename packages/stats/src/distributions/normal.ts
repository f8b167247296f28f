import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantileStd from '@stdlib/stats-base-dists-normal-quantile';

/** Standard normal CDF Φ(z), as R's `pnorm(z)`. */
export function normalCdf01(z: number): number {
  return normalCdf(z, 0, 1);
}

/** Standard normal upper tail 1 − Φ(z) computed without cancellation, as `pnorm(z, lower.tail = FALSE)`. */
export function normalUpperTail(z: number): number {
  return normalCdf(-z, 0, 1);
}

/** Two-sided normal p-value 2·(1 − Φ(|z|)), as R's `2 * pnorm(-abs(z))`. */
export function normalTwoSidedP(z: number): number {
  return 2 * normalCdf(-Math.abs(z), 0, 1);
}

/** Standard normal quantile Φ⁻¹(p), as R's `qnorm(p)`. */
export function normalQuantile(p: number): number {
  return normalQuantileStd(p, 0, 1);
}

/**
 * The two-sided critical value for a confidence level, `qnorm(1 - (1 - confLevel) / 2)`,
 * as R survival computes it for `conf.int = 0.95`.
 */
export function zForConfLevel(confLevel: number): number {
  return normalQuantileStd(1 - (1 - confLevel) / 2, 0, 1);
}
