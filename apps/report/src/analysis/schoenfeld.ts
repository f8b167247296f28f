import type { Cohort } from '@survkit/cohort';
import { type CoxResult, coxPHFrom, coxZphResiduals, coxZphSmooth, StatsInputError } from '@survkit/stats';
import type { AnalysisPlan } from '../plan/schema.js';
import type { CovariateSpec } from './cox.js';
import { endpointTimes, pick, pickCodes, pickEvents, positionsWhere } from './data.js';
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
  // x rises with time, so a repeat is mostly the previous value: the Set sees one value per run.
  for (let k = 0; k < x.length; k++) {
    const v = x[k]!;
    if ((k === 0 || v !== x[k - 1]) && !seen.has(v)) {
      seen.add(v);
      keep.push(k);
    }
  }
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

/** The residuals' data: the model's complete cases, times in the report's unit, the design columns. */
interface ZphData {
  readonly time: Float64Array;
  readonly event: Uint8Array;
  readonly covariates: Record<string, Float64Array>;
}

/**
 * The data of the fitted model's rows with exactly its columns, in its order (`model.terms`), or
 * null when the design here does not give them (a column the fit has but these columns lack, or
 * another number of complete cases): the plots then refit on what the design gives.
 */
function modelColumns(data: ZphData, model: CoxResult): ZphData | null {
  if (data.time.length !== model.n) return null;
  const covariates: Record<string, Float64Array> = {};
  for (const t of model.terms) {
    const col = data.covariates[t.name];
    if (col === undefined) return null;
    covariates[t.name] = col;
  }
  return { ...data, covariates };
}

/**
 * The scaled Schoenfeld residuals of the group's columns in the model whose proportional hazards
 * were tested, and plot.cox.zph's smooth through them: R's
 * `z <- cox.zph(fit, transform = "km", terms = FALSE); plot(z[j])` for each group column j. The
 * residuals are those of `model` itself (the fit whose PH test `ph` is), on the same complete
 * cases rebuilt from its design columns with times in the report's unit (the partial likelihood
 * and the 1 − KM scale do not see the unit). Only when those columns do not reproduce the fit's is
 * the model refitted on them, starting from its estimates. A curve that cannot be drawn (too few
 * events for the spline) is left out with a warning.
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
  const rows = keep.length === split.rows.length ? split.rows : pickCodes(split.rows, keep);
  const time = endpointTimes(cohort, endpoint.name, plan.survival.timeUnit);
  const data: ZphData = {
    time: pick(time, rows),
    event: pickEvents(cohort.endpoint(endpoint.name).event, rows),
    covariates:
      rows === split.rows
        ? columns
        : Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, pick(v, keep)])),
  };
  // The plots read the coefficients and residuals only: no concordance.
  const same = modelColumns(data, model);
  const fit =
    same === null
      ? coxPHFrom(data, { ties: plan.cox.ties, confLevel: plan.confLevel, concordance: false }, model)
      : model;
  const z = coxZphResiduals(same ?? data, fit, { transform: 'km' });
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
        x: z.x,
        time: z.time,
        y: z.y[term]!,
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
