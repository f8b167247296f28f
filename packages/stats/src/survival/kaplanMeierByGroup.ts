import {
  encodeLabels,
  hasNonIntegerWeight,
  readEvents,
  readTimes,
  readWeights,
} from '../internal/prepare.js';
import { kaplanMeierKernel } from './internal/kmKernel.js';
import { buildKaplanMeierResult, readKmOptions } from './internal/kmResult.js';
import { collapseNearTies, sortIntoSegments } from './internal/segments.js';
import type { KaplanMeierData } from './kaplanMeier.js';
import type { KaplanMeierByGroupResult, KaplanMeierGroupCurve, KaplanMeierOptions } from './types.js';

/** {@link KaplanMeierData} plus the grouping column. */
export interface KaplanMeierByGroupData extends KaplanMeierData {
  /** Group label per row (e.g. treatment arm); one curve per distinct value. */
  readonly group: ArrayLike<string | number>;
}

const FN = 'kaplanMeierByGroup';

/**
 * One Kaplan–Meier curve per group, for plotting and for per-group medians, matching R 4.2.2 /
 * survival 3.5-3 `survfit(Surv(time, event) ~ group, weights = weights, conf.type =, conf.int =)`.
 *
 * Each curve is exactly what {@link kaplanMeier} gives for that group's rows, except that — as in R —
 * near-tied times are merged once over all rows before the split, and the robust variance is used in
 * every group when any weight anywhere is non-integer. Curves come in R's factor-level order: sorted
 * group values, numerically when every label is a number, otherwise by the strings' code units
 * (R's C-locale order).
 *
 * @param data - `{ time, event, group, weights? }` of equal length.
 * @param options - `{ confType = 'log', confLevel = 0.95 }`.
 * @throws {StatsInputError} for the bad inputs {@link kaplanMeier} rejects, and a group label that is
 *   not a string or finite number.
 * @example
 * // R: fit <- survfit(Surv(time, status) ~ x, data = aml); print(fit)  # medians 31 and 23
 * const { curves } = kaplanMeierByGroup({ time: aml.time, event: aml.status, group: aml.x });
 * curves.map((c) => [c.group, c.median.estimate]); // [['Maintained', 31], ['Nonmaintained', 23]]
 */
export function kaplanMeierByGroup(
  data: KaplanMeierByGroupData,
  options?: KaplanMeierOptions,
): KaplanMeierByGroupResult {
  const settings = readKmOptions(FN, options);
  const time = readTimes(FN, data?.time);
  const n = time.length;
  const event = readEvents(FN, data.event, n);
  const weights = readWeights(FN, data.weights, n);
  const group = encodeLabels(FN, 'group', data.group, n);
  const nGroup = group.levels.length;
  const segments = sortIntoSegments(time, event, group.codes, nGroup, weights);
  collapseNearTies(segments);
  const robust = hasNonIntegerWeight(weights);
  const curves: KaplanMeierGroupCurve[] = [];
  for (let g = 0; g < nGroup; g++) {
    const fit = buildKaplanMeierResult(FN, kaplanMeierKernel(segments, g, robust), settings);
    curves.push({ group: group.levels[g]!, ...fit });
  }
  return { curves };
}
