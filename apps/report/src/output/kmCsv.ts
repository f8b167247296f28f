// km_summary.csv, km_curves.csv and km_landmarks.csv (every Kaplan–Meier comparison of the report:
// the whole cohort, each subgroup, the IPTW-weighted curves) and pairwise_logrank.csv.
import type { AnalysisResult, KmComparison } from '../analysis/types.js';
import type { CsvValue } from './csvText.js';

export const KM_SUMMARY_HEADER = [
  'scope',
  'endpoint',
  'group',
  'n',
  'events',
  'median',
  'median_lower',
  'median_upper',
  'logrank_chisq',
  'logrank_df',
  'logrank_p',
  'time_unit',
] as const;
export const KM_CURVES_HEADER = [
  'scope',
  'endpoint',
  'group',
  'time',
  'survival',
  'lower',
  'upper',
  'n_censor',
  'time_unit',
] as const;
export const KM_LANDMARKS_HEADER = [
  'scope',
  'endpoint',
  'group',
  'time',
  'survival',
  'lower',
  'upper',
  'time_unit',
] as const;
export const PAIRWISE_HEADER = [
  'endpoint',
  'group_1',
  'group_2',
  'chisq',
  'p_value',
  'adjusted_p',
  'adjust',
  'rho',
] as const;

interface ScopedKm {
  readonly scope: string;
  readonly km: KmComparison;
}

/** Every comparison in the order the files list them: all patients, each subgroup, the IPTW-weighted, then the PS-matched. */
function kmComparisons(result: AnalysisResult): ScopedKm[] {
  const out: ScopedKm[] = result.survival.map((km) => ({ scope: 'all', km }));
  for (const s of result.subgroupKm) for (const km of s.comparisons) out.push({ scope: s.label, km });
  // The IPTW-weighted curves: events, numbers censored and survival are weighted (survfit(weights =)).
  for (const e of result.propensity?.endpoints ?? [])
    if (e.weightedKm !== null) out.push({ scope: 'iptw_weighted', km: e.weightedKm });
  for (const e of result.propensity?.endpoints ?? [])
    if (e.matchedKm !== null) out.push({ scope: 'ps_matched', km: e.matchedKm });
  return out;
}

export function kmSummaryRows(result: AnalysisResult): CsvValue[][] {
  return kmComparisons(result).flatMap(({ scope, km }) =>
    km.curves.map((c) => [
      scope,
      km.endpoint,
      c.label,
      c.n,
      c.events,
      c.median.estimate,
      c.median.lower,
      c.median.upper,
      km.logRank?.statistic,
      km.logRank?.df,
      km.logRank?.pValue,
      km.timeUnit,
    ]),
  );
}

export function kmCurveRows(result: AnalysisResult): CsvValue[][] {
  return kmComparisons(result).flatMap(({ scope, km }) =>
    km.curves.flatMap((c) =>
      c.time.map((t, i) => [
        scope,
        km.endpoint,
        c.label,
        t,
        c.survival[i],
        c.lower[i],
        c.upper[i],
        c.nCensor[i],
        km.timeUnit,
      ]),
    ),
  );
}

export function kmLandmarkRows(result: AnalysisResult): CsvValue[][] {
  return kmComparisons(result).flatMap(({ scope, km }) =>
    km.curves.flatMap((c) =>
      c.landmarks.map((l) => [
        scope,
        km.endpoint,
        c.label,
        l.time,
        l.survival,
        l.lower,
        l.upper,
        km.timeUnit,
      ]),
    ),
  );
}

export function pairwiseRows(pairwise: AnalysisResult['pairwise']): CsvValue[][] {
  return pairwise.flatMap((p) =>
    p.rows.map((r) => [p.endpoint, r.first, r.second, r.statistic, r.pValue, r.adjustedP, p.adjust, p.rho]),
  );
}
