// The IPTW-weighted Kaplan–Meier curves of the propensity analysis (R: survfit(Surv(t, e) ~ arm,
// weights = w), robust variance for non-integer weights, as survival 3.5-3 does by default).
import type { AnalysisPlan } from '../plan/schema.js';
import { pick } from './data.js';
import { fitCurve } from './survival.js';
import { axisEnd, timeTicks } from './ticks.js';
import type { KmComparison } from './types.js';

type Endpoint = AnalysisPlan['endpoints'][number];

/**
 * Weighted Kaplan–Meier curves of the two arms, treated first, then control.
 * n counts the patients with a positive weight; events and numbers at risk are sums of weights.
 * There is no log-rank test: survdiff takes no weights, and the weighted comparison is the
 * IPTW Cox model's robust test in the effect table.
 */
export function weightedKm(
  endpoint: Endpoint,
  label: string,
  time: Float64Array,
  event: Float64Array,
  z: Uint8Array,
  weights: Float64Array,
  arms: { readonly treated: string; readonly control: string },
  plan: AnalysisPlan,
): KmComparison {
  const unit = plan.survival.timeUnit;
  const usable = (i: number) => Number.isFinite(time[i]!) && Number.isFinite(event[i]!) && weights[i]! > 0;
  let maxTime = 0;
  for (let i = 0; i < time.length; i++) if (usable(i)) maxTime = Math.max(maxTime, time[i]!);
  const ticks = timeTicks(maxTime, unit);
  const arm = (value: number, armLabel: string) => {
    const rows = Int32Array.from(Array.from(z.keys()).filter((i) => z[i] === value && usable(i)));
    return rows.length === 0
      ? null
      : fitCurve(
          armLabel,
          pick(time, rows),
          Uint8Array.from(pick(event, rows)),
          plan.confLevel,
          ticks,
          plan.survival.landmarks,
          pick(weights, rows),
        );
  };
  const curves = [arm(1, arms.treated), arm(0, arms.control)].filter((c) => c !== null);
  return {
    endpoint: endpoint.name,
    abbreviation: endpoint.abbreviation,
    label,
    timeUnit: unit,
    curves,
    overallMedian: { estimate: null, lower: null, upper: null },
    logRank: null,
    logRankNote: 'no log-rank test on weighted curves: see the IPTW hazard ratio and its robust p',
    xTicks: ticks,
    xMax: axisEnd(ticks, maxTime),
    warnings: [],
  };
}
