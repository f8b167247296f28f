import { zForConfLevel } from '../distributions/normal.js';
import { hasNonIntegerWeight, readEvents, readTimes, readWeights } from '../internal/prepare.js';
import { kaplanMeierFromCounts, kaplanMeierKernel } from './internal/kmKernel.js';
import { kaplanMeierOneWalk } from './internal/kmOneWalk.js';
import { assembleKaplanMeierResult, buildKaplanMeierResult, readKmOptions } from './internal/kmResult.js';
import { collapseNearTies, newSortScratch, scanTimes, sortIntoSegments } from './internal/segments.js';
import { countTiedTimes } from './internal/tieCounts.js';
import type { KaplanMeierOptions, KaplanMeierResult } from './types.js';

/** Right-censored survival data for {@link kaplanMeier}: one entry per subject in each column. */
export interface KaplanMeierData {
  /** Follow-up time, finite and ≥ 0. */
  readonly time: ArrayLike<number>;
  /** 1/true = event, 0/false = censored. */
  readonly event: ArrayLike<number | boolean>;
  /** Optional case weights (finite, ≥ 0), as `survfit(weights = )`. */
  readonly weights?: ArrayLike<number>;
}

const FN = 'kaplanMeier';

/**
 * Kaplan–Meier estimate of the survival function with Greenwood standard errors and pointwise
 * confidence limits, matching R 4.2.2 / survival 3.5-3
 * `survfit(Surv(time, event) ~ 1, weights = weights, conf.type = confType, conf.int = confLevel)`.
 *
 * R's rules, to the letter (Kaplan & Meier 1958; Greenwood 1926):
 * - one row per distinct time, event or censoring; at a tied time events come first, so a subject
 *   censored at an event time is still at risk then;
 * - times that differ by less than `sqrt(.Machine$double.eps)` are one time (R's `timefix = TRUE`);
 * - case weights enter the counts; when any weight is non-integer R (and this function) replaces
 *   Greenwood's variance with the infinitesimal-jackknife one (`variance: 'robust'`);
 * - confidence limits by `survfit_confint` (`log` capped at 1, `log-log`, `plain` clipped to [0, 1]),
 *   with z = `qnorm(1 - (1 - confLevel) / 2)` and NA (NaN) exactly where R gives NA;
 * - `median` as `print(fit)` reports it (the first time S ≤ 0.5; the midpoint of a flat stretch lying
 *   exactly on 0.5 and the next drop), its limits by the same rule on the limit curves;
 * - `quantile(p)` as `quantile(fit, probs = p)`, whose rule also takes the midpoint with the end of
 *   follow-up when the curve ends on a flat stretch exactly at 1 − p.
 *
 * All-censored data, a single subject and curves that reach 0 give R's answers; they do not throw.
 * Cost: on tie-heavy data (at most one distinct time per 16 rows) one hashing pass over the rows
 * and a sort of the distinct times; otherwise one radix sort of the rows, then linear passes.
 *
 * @param data - `{ time, event, weights? }`, plain arrays or typed arrays of equal length.
 * @param options - `{ confType = 'log', confLevel = 0.95 }`.
 * @returns The curve as typed arrays (NaN = R's NA) plus `median` and the query functions
 *   `survivalAt`, `numberAtRisk`, `quantile` and `rmst`; see {@link KaplanMeierResult}.
 * @throws {StatsInputError} for empty data, a length mismatch, a negative/NaN/infinite time, an event
 *   that is not 0/1/boolean, a negative or non-finite weight, or invalid options.
 * @example
 * // R: fit <- survfit(Surv(time, status) ~ 1, data = aml); print(fit)  # median 27, 0.95LCL 18, 0.95UCL 45
 * const fit = kaplanMeier({ time: aml.time, event: aml.status });
 * fit.median; // { p: 0.5, estimate: 27, lower: 18, upper: 45 }
 * fit.quantile(0.5); // quantile(fit, 0.5): { p: 0.5, estimate: 27, lower: 18, upper: 48 }
 * fit.survivalAt([12, 24]).survival; // summary(fit, times = c(12, 24))$surv
 * fit.rmst(48); // print(fit, rmean = 48): rmean, se(rmean)
 */
export function kaplanMeier(data: KaplanMeierData, options?: KaplanMeierOptions): KaplanMeierResult {
  const settings = readKmOptions(FN, options);
  const time = readTimes(FN, data?.time);
  const n = time.length;
  const work = newSortScratch(n);
  const event = readEvents(FN, data.event, n, work.events);
  const weights = readWeights(FN, data.weights, n);
  // Tie-heavy unweighted data: per-time counts from a hash table, no sort of the rows.
  const counts = weights === undefined ? countTiedTimes(time, event) : undefined;
  if (counts !== undefined) return buildKaplanMeierResult(FN, kaplanMeierFromCounts(n, counts), settings);
  const segments = sortIntoSegments(time, event, undefined, 1, weights, work.scratch);
  if (weights === undefined) {
    // Mostly-distinct unweighted data: one walk writes the whole curve, the sort's two buffers
    // becoming its time and upper-limit arrays.
    const rule = { confType: settings.confType, z: zForConfLevel(settings.confLevel) };
    const rows = kaplanMeierOneWalk(segments.times, segments.spare!, scanTimes(segments), rule);
    return assembleKaplanMeierResult(FN, rows, settings, 'greenwood');
  }
  const distinctTimes = collapseNearTies(segments);
  const curve = kaplanMeierKernel(segments, 0, hasNonIntegerWeight(weights), distinctTimes);
  return buildKaplanMeierResult(FN, curve, settings);
}
