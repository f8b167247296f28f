// The Kaplan–Meier curves of the propensity analysis: IPTW-weighted (R: survfit(Surv(t, e) ~ arm,
// weights = w), robust variance for non-integer weights, as survival 3.5-3 does by default) and of
// the PS-matched sample (R: survfit(Surv(t, e) ~ arm, data = match.data(m), weights = weights)).
// Each arm's curve is fitted once and read twice: by the figure and by the step table.
import { kaplanMeier } from '@survkit/stats';
import type { AnalysisPlan } from '../plan/schema.js';
import { pick } from './data.js';
import type { PropensityKmSteps } from './propensityTypes.js';
import { curveOf } from './survival.js';
import { axisEnd, timeTicks } from './ticks.js';
import type { KmComparison } from './types.js';

type Endpoint = AnalysisPlan['endpoints'][number];

/** One endpoint's follow-up over the propensity sample, with the arm indicator (1 = treated). */
export interface PropensityKmData {
  readonly endpoint: Endpoint;
  readonly label: string;
  readonly time: Float64Array;
  readonly event: Float64Array;
  readonly z: Uint8Array;
  readonly arms: { readonly treated: string; readonly control: string };
}

/** The Kaplan–Meier fit of one arm over its rows with finite follow-up and a positive weight. */
export interface ArmFit {
  readonly arm: 'treated' | 'control';
  readonly label: string;
  /** Patients in the fit. */
  readonly n: number;
  /** Their largest follow-up time. */
  readonly maxTime: number;
  readonly km: ReturnType<typeof kaplanMeier>;
}

/** The rows of one arm that enter the fit: finite follow-up and a positive weight. */
function armRows(d: PropensityKmData, weights: Float64Array, value: number): Int32Array {
  const rows = new Int32Array(d.z.length);
  let m = 0;
  for (let i = 0; i < d.z.length; i++)
    if (d.z[i] === value && Number.isFinite(d.time[i]!) && Number.isFinite(d.event[i]!) && weights[i]! > 0)
      rows[m++] = i;
  return rows.subarray(0, m);
}

/**
 * The Kaplan–Meier fit of each arm with patients, treated first, over the rows with a positive
 * weight. `caseWeights` false fits them unweighted (every weight is 1: survfit's Greenwood variance,
 * counts of patients); true passes the weights as survfit(weights =) does.
 */
export function fitArms(
  d: PropensityKmData,
  weights: Float64Array,
  caseWeights: boolean,
  confLevel: number,
): ArmFit[] {
  const arms = [
    { arm: 'treated' as const, value: 1, label: d.arms.treated },
    { arm: 'control' as const, value: 0, label: d.arms.control },
  ];
  return arms.flatMap(({ arm, value, label }) => {
    const rows = armRows(d, weights, value);
    if (rows.length === 0) return [];
    const time = pick(d.time, rows);
    let maxTime = 0;
    for (let i = 0; i < time.length; i++) maxTime = Math.max(maxTime, time[i]!);
    const km = kaplanMeier(
      {
        time,
        event: Uint8Array.from(pick(d.event, rows)),
        ...(caseWeights ? { weights: pick(weights, rows) } : {}),
      },
      { confLevel },
    );
    return [{ arm, label, n: rows.length, maxTime, km }];
  });
}

/** The figure's curves of the arms, treated first, then control. */
function armCurves(
  d: PropensityKmData,
  fits: readonly ArmFit[],
  plan: AnalysisPlan,
  logRankNote: string,
): KmComparison {
  const unit = plan.survival.timeUnit;
  let maxTime = 0;
  for (const f of fits) maxTime = Math.max(maxTime, f.maxTime);
  const ticks = timeTicks(maxTime, unit);
  const curves = fits.map((f) => curveOf(f.label, f.n, f.km, ticks, plan.survival.landmarks));
  return {
    endpoint: d.endpoint.name,
    abbreviation: d.endpoint.abbreviation,
    label: d.label,
    timeUnit: unit,
    curves,
    overallMedian: { estimate: null, lower: null, upper: null },
    logRank: null,
    logRankNote,
    xTicks: ticks,
    xMax: axisEnd(ticks, maxTime),
    warnings: [],
  };
}

/**
 * Weighted Kaplan–Meier curves of the two arms (`fitArms` with the IPTW weights as case weights),
 * treated first, then control. n counts the patients with a positive weight; events and numbers at
 * risk are sums of weights. There is no log-rank test: survdiff takes no weights, and the weighted
 * comparison is the IPTW Cox model's robust test in the effect table.
 */
export function weightedKm(d: PropensityKmData, fits: readonly ArmFit[], plan: AnalysisPlan): KmComparison {
  return armCurves(
    d,
    fits,
    plan,
    'no log-rank test on weighted curves: see the IPTW hazard ratio and its robust p',
  );
}

/**
 * Kaplan–Meier curves of the PS-matched sample per arm, treated first: `fitArms` over the patients
 * with a matching weight > 0, weighted by MatchIt's matching weights unless every one of them is 1
 * (1:1 without replacement, or 1:k where every treated patient found k controls), when survfit's fit
 * is the unweighted one. No log-rank test: survdiff treats the arms as independent samples, while a
 * matched sample's arms are paired; the matched comparison is the matched Cox model's robust test
 * (SE clustered on the matched sets, coxph(cluster = subclass)), which the figure quotes.
 */
export function matchedKm(d: PropensityKmData, fits: readonly ArmFit[], plan: AnalysisPlan): KmComparison {
  return armCurves(
    d,
    fits,
    plan,
    'no log-rank test on the matched sample: see the matched Cox model’s robust p',
  );
}

/**
 * The full step table of each arm's curve, treated first — survfit's time, n.risk, n.event,
 * n.censor, surv, std.err (of S, as summary(fit, censored = TRUE) gives it), lower and upper.
 */
export function kmSteps(
  analysis: PropensityKmSteps['analysis'],
  fits: readonly ArmFit[],
): PropensityKmSteps[] {
  return fits.map(({ arm, label, km }) => ({
    analysis,
    arm,
    label,
    time: Array.from(km.time),
    nRisk: Array.from(km.nRisk),
    nEvent: Array.from(km.nEvent),
    nCensor: Array.from(km.nCensor),
    survival: Array.from(km.survival),
    stdErr: Array.from(km.stdErr),
    lower: Array.from(km.lower),
    upper: Array.from(km.upper),
  }));
}
