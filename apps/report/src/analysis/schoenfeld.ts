import type { Cohort } from '@survkit/cohort';
import { type CoxResult, coxPHFrom, coxZphResiduals, coxZphSmooth, StatsInputError } from '@survkit/stats';
import type { AnalysisPlan } from '../plan/schema.js';
import type { CovariateSpec } from './cox.js';
import { endpointTimes, pick, positionsWhere } from './data.js';
import { designColumns } from './designColumns.js';
import type { GroupSplit } from './group.js';
import type { SchoenfeldPlotData } from './schoenfeldTypes.js';
import type { PhCheck } from './types.js';

type Endpoint = AnalysisPlan['endpoints'][number];

/** Linear interpolation of (from → to) at v over ascending `from` (R's approx with rule 1 inside the range). */
function approx(from: Float64Array, to: Float64Array, v: number): number {
  let k = 0;
  while (k + 1 < from.length && from[k + 1]! < v) k++;
  const k1 = Math.min(k + 1, from.length - 1);
  const f0 = from[k]!;
  const f1 = from[k1]!;
  return f1 === f0 ? to[k]! : to[k]! + ((v - f0) / (f1 - f0)) * (to[k1]! - to[k]!);
}

/**
 * plot.cox.zph's axis labels on a transformed scale: eight positions evenly spread over the range of
 * x (seq(min, max, length = 17)[2 * (1:8)]), the times there rounded to two significant digits
 * (signif(approx(x, time), 2)), placed back where those times fall (approx(time, x)); over the first
 * row of each distinct x, as R's !duplicated(xx).
 */
function axisTicks(time: Float64Array, x: Float64Array): { time: number; x: number }[] {
  const keep: number[] = [];
  const seen = new Set<number>();
  x.forEach((v, k) => {
    if (!seen.has(v)) {
      seen.add(v);
      keep.push(k);
    }
  });
  const xs = Float64Array.from(keep, (k) => x[k]!);
  const ts = Float64Array.from(keep, (k) => time[k]!);
  const lo = xs[0]!;
  const hi = xs[xs.length - 1]!;
  const out: { time: number; x: number }[] = [];
  for (let i = 1; i <= 8; i++) {
    const at = lo + ((2 * i - 1) * (hi - lo)) / 16;
    const t = Number(approx(xs, ts, at).toPrecision(2));
    if (out.some((o) => o.time === t)) continue;
    out.push({ time: t, x: approx(ts, xs, t) });
  }
  return out;
}

/**
 * The scaled Schoenfeld residuals of the group's columns in the model whose proportional hazards
 * were tested, and plot.cox.zph's smooth through them: R's
 * `z <- cox.zph(fit, transform = "km", terms = FALSE); plot(z[j])` for each group column j. The
 * model (`model`, the fit whose PH test `ph` is) is refitted on the same complete cases from its
 * design columns, starting from its estimates; a curve that cannot be
 * drawn (too few events for the spline) is left out with a warning.
 */
export function schoenfeldPlots(
  cohort: Cohort,
  endpoint: Endpoint,
  split: GroupSplit,
  plan: AnalysisPlan,
  specs: readonly CovariateSpec[],
  ph: PhCheck,
  model: CoxResult,
  warnings: string[],
): SchoenfeldPlotData[] {
  const group = specs.find((s) => s.variable === split.info.variable);
  if (group === undefined) return [];
  const { columns, complete } = designColumns(cohort, specs, split.rows);
  const keep = positionsWhere(complete.length, (k) => complete[k] === 1);
  const ep = cohort.endpoint(endpoint.name);
  const time = pick(endpointTimes(cohort, endpoint.name, plan.survival.timeUnit), split.rows);
  const data = {
    time: pick(time, keep),
    event: Uint8Array.from(pick(pick(ep.event, split.rows), keep)),
    covariates: Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, pick(v, keep)])),
  };
  // The plots read the coefficients and residuals only: no concordance. The same model was fitted
  // for the PH test (times in another unit, which the partial likelihood does not see): start there.
  const fit = coxPHFrom(data, { ties: plan.cox.ties, confLevel: plan.confLevel, concordance: false }, model);
  const z = coxZphResiduals(data, fit, { transform: 'km' });
  const ticks = axisTicks(z.time, z.x);
  const reference = split.info.levels.find((l) => l.level === split.info.reference)?.label ?? '';
  const test = ph.terms.find((t) => t.variable === split.info.variable);
  const out: SchoenfeldPlotData[] = [];
  z.columns.forEach((term, j) => {
    if (!term.startsWith(`${split.info.variable}=`)) return;
    const level = term.slice(split.info.variable.length + 1);
    const label = split.info.levels.find((l) => l.level === level)?.label ?? level;
    try {
      const s = coxZphSmooth(z.x, z.y[term]!, z.variance[j]![j]!);
      out.push({
        term,
        label,
        reference,
        coef: fit.terms.find((t) => t.name === term)!.coef!,
        x: Array.from(z.x),
        time: Array.from(z.time),
        y: Array.from(z.y[term]!),
        smooth: {
          x: Array.from(s.x),
          fit: Array.from(s.fit),
          lower: Array.from(s.lower),
          upper: Array.from(s.upper),
        },
        ticks,
        pValue: test?.pValue ?? null,
        testDf: test?.df ?? null,
        variableLabel: test?.label ?? split.info.label,
      });
    } catch (error) {
      if (!(error instanceof StatsInputError)) throw error;
      warnings.push(`Schoenfeld residual plot of ${label} (${endpoint.abbreviation}): ${error.message}`);
    }
  });
  return out;
}
