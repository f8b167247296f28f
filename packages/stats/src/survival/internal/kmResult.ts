import { DEFAULTS } from '../../defaults.js';
import { zForConfLevel } from '../../distributions/normal.js';
import { checkOptions, StatsInputError } from '../../errors.js';
import type {
  CountArray,
  KaplanMeierOptions,
  KaplanMeierResult,
  RestrictedMean,
  SurvivalAtTimes,
  SurvivalQuantile,
} from '../types.js';
import { type ConfType, confidenceLimits } from './confint.js';
import { findQuantile, printedMedian } from './findQuantile.js';
import type { KmCurve } from './kmKernel.js';

/** Checked options with R's defaults filled in. */
export interface KmSettings {
  readonly confType: ConfType;
  readonly confLevel: number;
}

/** Validates `{ confType, confLevel }` and fills R's defaults (`'log'`, 0.95). */
export function readKmOptions(fn: string, options: KaplanMeierOptions | undefined): KmSettings {
  checkOptions(fn, options);
  const confType = options?.confType ?? DEFAULTS.kmConfType;
  if (confType !== 'log' && confType !== 'log-log' && confType !== 'plain') {
    throw new StatsInputError(fn, `confType is ${String(confType)}; expected 'log', 'log-log' or 'plain'`, {
      field: 'options.confType',
    });
  }
  const confLevel = options?.confLevel ?? DEFAULTS.confLevel;
  if (typeof confLevel !== 'number' || !(confLevel > 0 && confLevel < 1)) {
    throw new StatsInputError(
      fn,
      `confLevel is ${String(confLevel)}; expected a number strictly between 0 and 1`,
      {
        field: 'options.confLevel',
      },
    );
  }
  return { confType, confLevel };
}

/**
 * Result layer: turns a kernel curve into the public {@link KaplanMeierResult} — confidence limits,
 * the SE of S(t) as `summary.survfit` reports it, then {@link assembleKaplanMeierResult}.
 *
 * The curve's arrays become the result's (`stdErrRaw` is turned into `stdErr` in place).
 */
export function buildKaplanMeierResult(fn: string, curve: KmCurve, settings: KmSettings): KaplanMeierResult {
  const { time, nRisk, nEvent, nCensor, survival, stdErrRaw, logse } = curve;
  const m = time.length;
  const { lower, upper } = confidenceLimits(
    survival,
    stdErrRaw,
    logse,
    settings.confType,
    zForConfLevel(settings.confLevel),
  );
  // summary.survfit: std.err * surv when the stored SE is on the log scale (Inf · 0 = NaN at S = 0).
  const stdErr = stdErrRaw;
  if (logse) for (let k = 0; k < m; k++) stdErr[k] = stdErrRaw[k]! * survival[k]!;
  let events = 0;
  for (let k = 0; k < nEvent.length; k++) events += nEvent[k]!;
  const rows = { n: curve.n, events, time, nRisk, nEvent, nCensor, survival, stdErr, lower, upper };
  return assembleKaplanMeierResult(fn, rows, settings, logse ? 'greenwood' : 'robust');
}

/** A finished curve: the result's per-row arrays and totals, before the median and the queries. */
export type KmRows = Pick<
  KaplanMeierResult,
  'n' | 'events' | 'time' | 'nRisk' | 'nEvent' | 'nCensor' | 'survival' | 'stdErr' | 'lower' | 'upper'
>;

/** The public result from finished rows: the printed median and the query functions over the rows. */
export function assembleKaplanMeierResult(
  fn: string,
  rows: KmRows,
  settings: KmSettings,
  variance: 'greenwood' | 'robust',
): KaplanMeierResult {
  const { time, nRisk, nEvent, nCensor, survival, stdErr, lower, upper } = rows;
  return {
    n: rows.n,
    events: rows.events,
    time,
    nRisk,
    nEvent,
    nCensor,
    survival,
    stdErr,
    lower,
    upper,
    median: {
      p: 0.5,
      estimate: printedMedian(time, survival, true),
      lower: printedMedian(time, lower),
      upper: printedMedian(time, upper),
    },
    confType: settings.confType,
    confLevel: settings.confLevel,
    variance,
    ...curveQueries(fn, { time, nRisk, nEvent, survival, stdErr, lower, upper }),
  };
}

/** The per-row arrays the query functions read (the result's own). */
interface CurveRows {
  readonly time: Float64Array;
  readonly nRisk: CountArray;
  readonly nEvent: CountArray;
  readonly survival: Float64Array;
  readonly stdErr: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

/** The result's query functions over its rows: `quantile`, `survivalAt`, `numberAtRisk`, `rmst`. */
function curveQueries(
  fn: string,
  rows: CurveRows,
): Pick<KaplanMeierResult, 'quantile' | 'survivalAt' | 'numberAtRisk' | 'rmst'> {
  const { time, nRisk, nEvent, survival, stdErr, lower, upper } = rows;
  const quantile = (p: number): SurvivalQuantile => {
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      throw new StatsInputError(fn, `quantile probability is ${String(p)}; expected 0 ≤ p ≤ 1`, {
        field: 'p',
      });
    }
    return {
      p,
      estimate: findQuantile(time, survival, p),
      lower: findQuantile(time, lower, p),
      upper: findQuantile(time, upper, p),
    };
  };

  const survivalAt = (times: ArrayLike<number>): SurvivalAtTimes => {
    const at = readQueryTimes(fn, times, 'times');
    const m = at.length;
    const out = {
      time: at,
      nRisk: new Float64Array(m),
      survival: new Float64Array(m),
      stdErr: new Float64Array(m),
      lower: new Float64Array(m),
      upper: new Float64Array(m),
    };
    for (let q = 0; q < m; q++) {
      const t = at[q]!;
      // R: findInterval(t, time) on survfit0(fit) — the inserted time-0 row has S = 1, SE 0, limits 1.
      const last = countAtOrBefore(time, t) - 1;
      if (last < 0) {
        out.survival[q] = 1;
        out.stdErr[q] = 0;
        out.lower[q] = 1;
        out.upper[q] = 1;
      } else {
        out.survival[q] = survival[last]!;
        out.stdErr[q] = stdErr[last]!;
        out.lower[q] = lower[last]!;
        out.upper[q] = upper[last]!;
      }
      out.nRisk[q] = riskAt(time, nRisk, t);
    }
    return out;
  };

  const numberAtRisk = (times: ArrayLike<number>): Float64Array => {
    const at = readQueryTimes(fn, times, 'times');
    const out = new Float64Array(at.length);
    for (let q = 0; q < at.length; q++) out[q] = riskAt(time, nRisk, at[q]!);
    return out;
  };

  const rmst = (tau: number): RestrictedMean => {
    if (typeof tau !== 'number' || !(tau >= 0) || tau === Number.POSITIVE_INFINITY) {
      throw new StatsInputError(fn, `tau is ${String(tau)}; expected a finite number ≥ 0`, { field: 'tau' });
    }
    return restrictedMean(time, nRisk, nEvent, survival, tau);
  };

  return { quantile, survivalAt, numberAtRisk, rmst };
}

function readQueryTimes(fn: string, times: ArrayLike<number>, field: string): Float64Array {
  if (times === undefined || times === null || typeof times.length !== 'number') {
    throw new StatsInputError(fn, 'expected an array of times', { field });
  }
  const out = new Float64Array(times.length);
  for (let q = 0; q < times.length; q++) {
    const v: unknown = times[q];
    if (typeof v !== 'number' || !(v >= 0) || v === Number.POSITIVE_INFINITY) {
      throw new StatsInputError(fn, `time is ${String(v)}; expected a finite number ≥ 0`, { field, row: q });
    }
    out[q] = v;
  }
  return out;
}

/** Number of rows with time ≤ t (R's `findInterval(t, time)`). */
function countAtOrBefore(time: Float64Array, t: number): number {
  let lo = 0;
  let hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** At risk at t: n.risk of the first row with time ≥ t, 0 past the end (R: `c(n.risk, 0)[1 + findInterval(t, time, left.open = TRUE)]`). */
function riskAt(time: Float64Array, nRisk: CountArray, t: number): number {
  let lo = 0;
  let hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo < time.length ? nRisk[lo]! : 0;
}

/**
 * survival 3.5-3 `survmean` (the `pfun` helper behind `print(fit, rmean = tau)`): the area under the
 * step function from 0 to tau by rectangles, and the variance
 * Σ_j (area beyond t_j)² · d_j / (n_j (n_j − d_j)) over rows with t_j ≤ tau (0 where n_j = d_j).
 */
function restrictedMean(
  time: Float64Array,
  nRisk: CountArray,
  nEvent: CountArray,
  survival: Float64Array,
  tau: number,
): RestrictedMean {
  const m = countAtOrBefore(time, tau);
  if (m === 0) return { tau, estimate: tau, stdErr: 0 };
  // rect[j] for j = 0..m: widths between 0, t_1..t_m, tau times the curve on the left of each.
  const rect = new Float64Array(m + 1);
  let previousTime = 0;
  let previousSurv = 1;
  for (let j = 0; j < m; j++) {
    rect[j] = (time[j]! - previousTime) * previousSurv;
    previousTime = time[j]!;
    previousSurv = survival[j]!;
  }
  rect[m] = (tau - previousTime) * previousSurv;
  let estimate = 0;
  for (let j = 0; j <= m; j++) estimate += rect[j]!;
  let variance = 0;
  let beyond = rect[m]!;
  for (let j = m - 1; j >= 0; j--) {
    const n = nRisk[j]!;
    const d = nEvent[j]!;
    const hh = n - d === 0 ? 0 : d / (n * (n - d));
    variance += beyond * beyond * hh;
    beyond += rect[j]!;
  }
  return { tau, estimate, stdErr: Math.sqrt(variance) };
}
