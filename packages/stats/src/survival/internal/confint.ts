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
 * A row whose S and se equal the previous row's (a censoring-only time) copies its limits: the same
 * numbers, without the `exp`s.
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
  const pair = new Float64Array(2);
  let previousP = Number.NaN;
  let previousSe = Number.NaN;
  for (let k = 0; k < n; k++) {
    const p = survival[k]!;
    const raw = stdErr[k]!;
    if (p !== previousP || raw !== previousSe) {
      previousP = p;
      previousSe = raw;
      // se of log S from se of S (R: ifelse(se == 0, 0, se / p)).
      limitsAt(p, logse || raw === 0 ? raw : raw / p, confType, z, pair);
    }
    lower[k] = pair[0]!;
    upper[k] = pair[1]!;
  }
  return { lower, upper };
}

/**
 * One row's limits (`survfit_confint`'s formulas) into `out[0]` (lower) and `out[1]` (upper), from
 * S = `p` and the standard error of log S, `se`. The one copy of the formulas: the one-walk
 * Kaplan–Meier kernel calls it row by row, so both paths give the same bits.
 *
 * `log` (R's default) is `exp(log(S) ∓ z·se)`, computed as `S · exp(∓z·se)` — the same number up to
 * rounding (a few ulps, far inside the 1e-9 of the R suites) for one `exp` per row instead of a
 * `log` and two `exp`s, which at 2·10⁶ rows was a fifth of Kaplan–Meier's arithmetic.
 */
export function limitsAt(p: number, se: number, confType: ConfType, z: number, out: Float64Array): void {
  if (confType === 'log') {
    if (p === 0) {
      out[0] = Number.NaN;
      out[1] = Number.NaN;
    } else {
      const factor = Math.exp(z * se);
      out[0] = p / factor;
      out[1] = Math.min(p * factor, 1);
    }
  } else if (confType === 'plain') {
    const se2 = se * p * z;
    out[0] = Math.max(p - se2, 0);
    out[1] = Math.min(p + se2, 1);
  } else if (p === 0 || p === 1) {
    out[0] = Number.NaN;
    out[1] = Number.NaN;
  } else {
    const se2 = (z * se) / Math.log(p);
    const logMinusLog = Math.log(-Math.log(p));
    out[0] = Math.exp(-Math.exp(logMinusLog - se2));
    out[1] = Math.exp(-Math.exp(logMinusLog + se2));
  }
}
