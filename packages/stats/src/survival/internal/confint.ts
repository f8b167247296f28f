/** Confidence-interval transformations offered by {@link kaplanMeier}, as R's `conf.type`. */
export type ConfType = 'log' | 'log-log' | 'plain';

/**
 * Pointwise confidence limits for S(t), a port of survival 3.5-3's `survfit_confint` (with
 * `conf.lower = "usual"`, so its `scale` factor is 1). NaN marks R's NA.
 *
 * R's edge rules, kept exactly (3.5-3 has no special case for a zero standard error): `log` gives NA
 * at S = 0, `log-log` gives NA at S = 0 and at S = 1 (so before the first event), and `plain` gives
 * NaN at S = 0 under Greenwood because the standard error is infinite there. `log` caps the upper limit at 1 and `plain`
 * clips to [0, 1]; `log-log` needs no clipping.
 *
 * @param survival - S(t) per row.
 * @param stdErr - R's `std.err` per row: SE of log S when `logse`, SE of S otherwise.
 * @param z - `qnorm(1 - (1 - confLevel) / 2)`.
 * @param out - Arrays to write the limits into (every element is written), or fresh ones.
 */
export function confidenceLimits(
  survival: Float64Array,
  stdErr: Float64Array,
  logse: boolean,
  confType: ConfType,
  z: number,
  out?: { lower: Float64Array; upper: Float64Array },
): { lower: Float64Array; upper: Float64Array } {
  const n = survival.length;
  const lower = out?.lower ?? new Float64Array(n);
  const upper = out?.upper ?? new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const p = survival[k]!;
    let se = stdErr[k]!;
    // se of log S from se of S (R: ifelse(se == 0, 0, se / p)).
    if (!logse) se = se === 0 ? 0 : se / p;
    if (confType === 'plain') {
      const se2 = se * p * z;
      lower[k] = Math.max(p - se2, 0);
      upper[k] = Math.min(p + se2, 1);
    } else if (confType === 'log') {
      if (p === 0) {
        lower[k] = Number.NaN;
        upper[k] = Number.NaN;
      } else {
        const se2 = z * se;
        const logP = Math.log(p);
        lower[k] = Math.exp(logP - se2);
        upper[k] = Math.min(Math.exp(logP + se2), 1);
      }
    } else if (p === 0 || p === 1) {
      lower[k] = Number.NaN;
      upper[k] = Number.NaN;
    } else {
      const se2 = (z * se) / Math.log(p);
      const logMinusLog = Math.log(-Math.log(p));
      lower[k] = Math.exp(-Math.exp(logMinusLog - se2));
      upper[k] = Math.exp(-Math.exp(logMinusLog + se2));
    }
  }
  return { lower, upper };
}
