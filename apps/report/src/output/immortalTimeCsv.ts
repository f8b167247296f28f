import type { ImmortalTimeResult, TreatmentHazardRatio } from '../analysis/immortalTimeTypes.js';

type Value = string | number | null;

export const IMMORTAL_TIME_HEADER = [
  'endpoint',
  'analysis',
  'landmark',
  'time_unit',
  'adjusted',
  'hazard_ratio',
  'lower',
  'upper',
  'p_value',
  'n',
  'events',
  'excluded_event',
  'excluded_censored',
  'treated_after_landmark',
] as const;

/**
 * immortal_time.csv, one row per treatment HR of the "Treatment started during follow-up" table:
 * the naive time-fixed and the time-dependent Cox models ("time_fixed", "time_dependent") and each
 * landmark analysis ("landmark", with its sample's exclusions), unadjusted and adjusted.
 */
export function immortalTimeRows(results: readonly ImmortalTimeResult[]): Value[][] {
  const rows: Value[][] = [];
  const hr = (x: TreatmentHazardRatio | null): Value[] =>
    x === null
      ? [null, null, null, null, null, null]
      : [x.hazardRatio, x.lower, x.upper, x.pValue, x.n, x.events];
  for (const r of results) {
    const c = r.cox;
    if (c !== null)
      for (const [adjusted, pair] of [
        ['no', c.unadjusted],
        ['yes', c.adjusted],
      ] as const) {
        if (pair === null) continue;
        rows.push([
          r.endpoint,
          'time_fixed',
          null,
          r.timeUnit,
          adjusted,
          ...hr(pair.timeFixed),
          null,
          null,
          null,
        ]);
        rows.push([
          r.endpoint,
          'time_dependent',
          null,
          r.timeUnit,
          adjusted,
          ...hr(pair.timeDependent),
          null,
          null,
          null,
        ]);
      }
    for (const l of r.landmarks)
      for (const [adjusted, x] of [
        ['no', l.unadjusted],
        ['yes', l.adjusted],
      ] as const)
        rows.push([
          r.endpoint,
          'landmark',
          l.landmark,
          r.timeUnit,
          adjusted,
          ...hr(x),
          l.excludedEvent,
          l.excludedCensored,
          l.treatedAfter,
        ]);
  }
  return rows;
}
