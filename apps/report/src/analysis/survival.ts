import type { Cohort } from '@survkit/cohort';
import { kaplanMeier, logRankTest } from '@survkit/stats';
import { ReportError } from '../errors.js';
import type { AnalysisPlan } from '../plan/schema.js';
import { endpointTimes, pick, type Rows } from './data.js';
import type { GroupSplit } from './group.js';
import { monthTicks } from './ticks.js';
import type { KmComparison, KmCurve, MedianEstimate } from './types.js';

type Endpoint = AnalysisPlan['endpoints'][number];

function finiteOrNull(x: number | null | undefined): number | null {
  return x === null || x === undefined || !Number.isFinite(x) ? null : x;
}

function fitCurve(
  label: string,
  time: Float64Array,
  event: Uint8Array,
  confLevel: number,
  ticks: readonly number[],
  landmarks: readonly number[],
): KmCurve {
  const km = kaplanMeier({ time, event }, { confLevel });
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
    n: time.length,
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
 * overall median. Throws when a group has no events: no comparison of that endpoint is meaningful.
 */
export function compareSurvival(
  cohort: Cohort,
  endpoint: Endpoint,
  split: GroupSplit,
  rowsByGroup: readonly Rows[],
  plan: AnalysisPlan,
  where: string,
  /** Main comparison: a group without events is an error. Subgroups: shown, with an unreached median. */
  requireEvents = true,
): KmComparison {
  const ep = cohort.endpoint(endpoint.name);
  const label = endpoint.label ?? ep.label;
  const timeUnit = plan.survival.timeUnit;
  const epTime = endpointTimes(cohort, endpoint.name, timeUnit);
  const present = rowsByGroup.map((rows, j) => ({ rows, j })).filter((g) => g.rows.length > 0);
  let maxTime = 0;
  for (const g of present) for (const r of g.rows) maxTime = Math.max(maxTime, epTime[r]!);
  const ticks = monthTicks(maxTime);
  const curves = present.map(({ rows, j }) => {
    const time = pick(epTime, rows);
    const event = Uint8Array.from(pick(ep.event, rows));
    return fitCurve(split.info.levels[j]!.label, time, event, plan.confLevel, ticks, plan.survival.landmarks);
  });
  for (const c of curves)
    if (requireEvents && c.events === 0)
      throw new ReportError(
        `${where}: the ${split.info.label} group "${c.label}" (n = ${c.n}) has no ${endpoint.abbreviation} events, so its survival cannot be compared (no median, no hazard ratio)`,
      );
  const allRows = Int32Array.from(present.flatMap((g) => Array.from(g.rows)));
  const allTime = pick(epTime, allRows);
  const allEvent = Uint8Array.from(pick(ep.event, allRows));
  const overall = kaplanMeier({ time: allTime, event: allEvent }, { confLevel: plan.confLevel });
  const groupOf = present.flatMap((g) => Array.from(g.rows, () => split.info.levels[g.j]!.level));
  let logRank: KmComparison['logRank'] = null;
  let logRankNote: string | null = null;
  if (present.length < 2) logRankNote = 'only one group has patients: no log-rank test';
  else if (curves.every((c) => c.events === 0)) logRankNote = 'no events: no log-rank test';
  else {
    const lr = logRankTest({ time: allTime, event: allEvent, group: groupOf }, { rho: plan.survival.rho });
    logRank = { statistic: lr.statistic, df: lr.df, pValue: lr.pValue };
  }
  return {
    endpoint: endpoint.name,
    abbreviation: endpoint.abbreviation,
    label,
    timeUnit,
    curves,
    overallMedian: {
      estimate: finiteOrNull(overall.median.estimate),
      lower: finiteOrNull(overall.median.lower),
      upper: finiteOrNull(overall.median.upper),
    },
    logRank,
    logRankNote,
    xTicks: ticks,
    xMax: ticks[ticks.length - 1] ?? 1,
  };
}
