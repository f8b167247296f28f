import type { Cohort } from '@survkit/cohort';
import { kaplanMeier, logRankTest } from '@survkit/stats';
import type { AnalysisPlan } from '../plan/schema.js';
import { concatRows, endpointTimes, groupRanks, pick, pickEvents, type Rows } from './data.js';
import type { GroupSplit } from './group.js';
import { axisEnd, implausibleFollowUp, timeTicks } from './ticks.js';
import type { KmComparison, KmCurve, MedianEstimate } from './types.js';

type Endpoint = AnalysisPlan['endpoints'][number];

function finiteOrNull(x: number | null | undefined): number | null {
  return x === null || x === undefined || !Number.isFinite(x) ? null : x;
}

export function fitCurve(
  label: string,
  time: Float64Array,
  event: Uint8Array,
  confLevel: number,
  ticks: readonly number[],
  landmarks: readonly number[],
  weights?: Float64Array,
): KmCurve {
  // With case weights n, events and the numbers at risk are sums of weights, as survfit(weights =).
  const km = kaplanMeier({ time, event, ...(weights === undefined ? {} : { weights }) }, { confLevel });
  return curveOf(label, time.length, km, ticks, landmarks);
}

/** The curve of a Kaplan–Meier fit of `n` patients (a caller that also reads the fit's own arrays). */
export function curveOf(
  label: string,
  n: number,
  km: ReturnType<typeof kaplanMeier>,
  ticks: readonly number[],
  landmarks: readonly number[],
): KmCurve {
  const last = km.time.length === 0 ? 0 : km.time[km.time.length - 1]!;
  const median: MedianEstimate = {
    estimate: finiteOrNull(km.median.estimate),
    lower: finiteOrNull(km.median.lower),
    upper: finiteOrNull(km.median.upper),
  };
  const atRisk = Array.from(km.numberAtRisk(ticks));
  // A landmark beyond the last follow-up has no estimate (R's summary(extend = TRUE) would carry
  // the last value forward over a stretch nobody was observed in).
  const within = landmarks.filter((t) => t <= last);
  const at = km.survivalAt(within);
  return {
    label,
    n,
    events: km.events,
    time: Array.from(km.time),
    survival: Array.from(km.survival),
    lower: Array.from(km.lower),
    upper: Array.from(km.upper),
    nCensor: Array.from(km.nCensor),
    median,
    landmarks: landmarks.map((t) => {
      const i = within.indexOf(t);
      if (i < 0) return { time: t, survival: null, lower: null, upper: null };
      return {
        time: t,
        survival: finiteOrNull(at.survival[i]),
        lower: finiteOrNull(at.lower[i]),
        upper: finiteOrNull(at.upper[i]),
      };
    }),
    atRisk,
  };
}

/**
 * Kaplan–Meier curves of one endpoint by group over a set of patients, with the log-rank test and the
 * overall median. Where R still answers, so do we: a group without events keeps its flat curve (median
 * not reached) and the log-rank test is computed as survdiff computes it; with no events at all, or
 * only one group with patients, the test is not estimable and `logRankNote` says why. A subgroup
 * without patients gives an empty panel with a warning rather than stopping the report.
 */
export function compareSurvival(
  cohort: Cohort,
  endpoint: Endpoint,
  split: GroupSplit,
  rowsByGroup: readonly Rows[],
  plan: AnalysisPlan,
  where: string,
): KmComparison {
  const ep = cohort.endpoint(endpoint.name);
  const label = endpoint.label ?? ep.label;
  const timeUnit = plan.survival.timeUnit;
  const epTime = endpointTimes(cohort, endpoint.name, timeUnit);
  const present = rowsByGroup.map((rows, j) => ({ rows, j })).filter((g) => g.rows.length > 0);
  let maxTime = 0;
  for (const g of present) for (const r of g.rows) maxTime = Math.max(maxTime, epTime[r]!);
  const ticks = timeTicks(maxTime, timeUnit);
  const warnings: string[] = [];
  const implausible = implausibleFollowUp(maxTime, timeUnit, where);
  if (implausible !== null) warnings.push(implausible);
  const base = {
    endpoint: endpoint.name,
    abbreviation: endpoint.abbreviation,
    label,
    timeUnit,
    xTicks: ticks,
  };
  if (present.length === 0) {
    warnings.push(`${where}: no patients, so the panel is empty (no curve, no median, no log-rank test)`);
    const none = { estimate: null, lower: null, upper: null };
    return {
      ...base,
      curves: [],
      overallMedian: none,
      logRank: null,
      logRankNote: 'no patients: no log-rank test',
      xMax: axisEnd(ticks, maxTime),
      warnings,
    };
  }
  const curves = present.map(({ rows, j }) => {
    const time = pick(epTime, rows);
    const event = pickEvents(ep.event, rows);
    return fitCurve(split.info.levels[j]!.label, time, event, plan.confLevel, ticks, plan.survival.landmarks);
  });
  const allRows = concatRows(present.map((g) => g.rows));
  const allTime = pick(epTime, allRows);
  const allEvent = pickEvents(ep.event, allRows);
  const overall = kaplanMeier({ time: allTime, event: allEvent }, { confLevel: plan.confLevel });
  const groupOf = groupRanks(present.map((g) => ({ rows: g.rows, level: split.info.levels[g.j]!.level })));
  let logRank: KmComparison['logRank'] = null;
  let logRankNote: string | null = null;
  if (present.length < 2) logRankNote = 'only one group has patients: no log-rank test';
  else {
    const lr = logRankTest({ time: allTime, event: allEvent, group: groupOf }, { rho: plan.survival.rho });
    // survdiff's own rule: with no events (or no one at risk in two groups at once) the variance has
    // rank 0, df = rank − … ≤ 0 and pchisq gives NaN; R prints χ² = 0 with p = NA.
    if (lr.pValue === null || lr.df <= 0)
      logRankNote =
        overall.events === 0
          ? 'not estimable: no events in any group'
          : 'not estimable: no time with patients at risk in more than one group';
    else logRank = { statistic: lr.statistic, df: lr.df, pValue: lr.pValue };
  }
  return {
    ...base,
    curves,
    overallMedian: {
      estimate: finiteOrNull(overall.median.estimate),
      lower: finiteOrNull(overall.median.lower),
      upper: finiteOrNull(overall.median.upper),
    },
    logRank,
    logRankNote,
    xMax: axisEnd(ticks, maxTime),
    warnings,
  };
}
