import type { Cohort } from '@survkit/cohort';
import {
  type CoxModelResult,
  eValue,
  fitCoxModel,
  type RestrictedMeanArm,
  restrictedMeanSurvival,
  StatsInputError,
} from '@survkit/stats';
import type { AnalysisPlan } from '../plan/schema.js';
import { type CovariateSpec, covariateSpecs, type MultivariableModel, modelFrame } from './cox.js';
import { endpointTimes, pick, pickEvents } from './data.js';
import { estimableFit } from './estimableFit.js';
import type { GroupSplit } from './group.js';
import { schoenfeldPlots } from './schoenfeld.js';
import type { SchoenfeldPlotData } from './schoenfeldTypes.js';
import type { CoxTable, EValueRow, PhCheck, RmstArm, RmstComparison, SensitivityResult } from './types.js';

type Endpoint = AnalysisPlan['endpoints'][number];
type Sensitivity = NonNullable<AnalysisPlan['sensitivity']>;

/**
 * The model the sensitivity analyses read, with R's `cox.zph(fit)` (transform "km", terms = TRUE):
 * the endpoint's multivariable model as Tables 2–3 fitted it (`computeCoxModels` with `phTest`; refitted
 * here on the same complete cases when it came without the test), or the univariable model of the
 * group alone when no multivariable model was fitted.
 * @throws {StatsInputError} what the fit or its PH test refused.
 */
function fitModel(
  cohort: Cohort,
  endpoint: Endpoint,
  split: GroupSplit,
  plan: AnalysisPlan,
  table: CoxTable,
  multivariable: MultivariableModel | null,
): { fit: CoxModelResult; model: PhCheck['model']; specs: readonly CovariateSpec[] } {
  const tested = multivariable?.fit.phTest !== undefined || (multivariable?.phTestError ?? null) !== null;
  if (table.multivariableN > 0 && multivariable !== null && tested) {
    if (multivariable.phTestError !== null) throw multivariable.phTestError;
    return { fit: multivariable.fit, model: 'multivariable', specs: multivariable.specs };
  }
  const all = covariateSpecs(cohort, plan.cox.covariates, 'cox.covariates', true);
  const mv =
    table.multivariableN > 0 ? all.filter((s) => table.multivariableVariables.includes(s.variable)) : [];
  const specs: CovariateSpec[] =
    mv.length > 0
      ? mv
      : [
          all.find((s) => s.variable === split.info.variable) ?? {
            type: 'categorical',
            variable: split.info.variable,
            label: split.info.label,
            reference: split.info.reference,
          },
        ];
  const frame = modelFrame(cohort, endpoint.name, split.rows, specs);
  // No concordance: nothing here reads it.
  const fit = fitCoxModel(
    frame,
    specs.map((s) => s.variable),
    { ties: plan.cox.ties, confLevel: plan.confLevel, phTest: 'km', concordance: false },
  );
  return { fit, model: mv.length > 0 ? 'multivariable' : 'univariable', specs };
}

function phCheck(fit: CoxModelResult, model: PhCheck['model'], specs: readonly CovariateSpec[]): PhCheck {
  const zph = fit.phTest!;
  return {
    model,
    transform: 'km',
    n: fit.n,
    events: fit.events,
    terms: zph.terms.map((t) => ({
      variable: t.name,
      label: specs.find((s) => s.variable === t.name)?.label ?? t.name,
      chisq: t.statistic,
      df: t.df,
      pValue: t.pValue,
    })),
    global: { chisq: zph.global.statistic, df: zph.global.df, pValue: zph.global.pValue },
  };
}

/** E-values of each non-reference arm's HR in the fitted model (null when the group is not in it). */
function eValues(
  fit: CoxModelResult,
  split: GroupSplit,
  endpoint: Endpoint,
  rare: boolean,
  warnings: string[],
): EValueRow[] | null {
  const group = fit.variables.find((v) => v.name === split.info.variable);
  if (group === undefined) {
    warnings.push(
      `sensitivity.eValue (${endpoint.abbreviation}): the group variable ${split.info.variable} is not in the multivariable Cox model, so there is no adjusted HR to give an E-value for; make the multivariable model include it (cox.multivariable: alwaysInclude, or variables with rule explicit)`,
    );
    return null;
  }
  const rows: EValueRow[] = [];
  for (const l of group.levels) {
    if (l.isReference) continue;
    const label = split.info.levels.find((x) => x.level === l.level)?.label ?? l.level;
    if (
      l.hazardRatio === null ||
      l.lower === null ||
      l.upper === null ||
      l.infinite ||
      !estimableFit(fit.fit)
    ) {
      warnings.push(
        `sensitivity.eValue (${endpoint.abbreviation}): no finite hazard ratio for ${label}, so no E-value`,
      );
      continue;
    }
    const e = eValue({ hazardRatio: l.hazardRatio, lower: l.lower, upper: l.upper }, { rare });
    rows.push({
      label,
      hazardRatio: l.hazardRatio,
      lower: l.lower,
      upper: l.upper,
      point: e.point,
      ci: e.ci,
      ciLimit: e.ciLimit,
    });
  }
  return rows;
}

function rmstArm(a: RestrictedMeanArm, label: string): RmstArm {
  return {
    label,
    n: a.n,
    events: a.events,
    estimate: a.estimate,
    stdErr: a.stdErr,
    lower: a.lower,
    upper: a.upper,
  };
}

/** survRM2's rmst2 of each non-reference arm against the reference, times in the report's unit. */
function rmstComparisons(
  cohort: Cohort,
  endpoint: Endpoint,
  split: GroupSplit,
  plan: AnalysisPlan,
  tau: number | undefined,
  warnings: string[],
): RmstComparison[] {
  const ep = cohort.endpoint(endpoint.name);
  const time = endpointTimes(cohort, endpoint.name, plan.survival.timeUnit);
  const refIndex = split.info.levels.findIndex((l) => l.level === split.info.reference);
  const ref = split.info.levels[refIndex]!;
  const out: RmstComparison[] = [];
  split.info.levels.forEach((level, j) => {
    if (j === refIndex) return;
    const refRows = split.rowsByGroup[refIndex]!;
    const armRows = split.rowsByGroup[j]!;
    // The two arms' rows one after the other, by block copies (not a spread of 10⁶ numbers).
    const rows = new Int32Array(refRows.length + armRows.length);
    rows.set(refRows);
    rows.set(armRows, refRows.length);
    const arm = new Uint8Array(rows.length).fill(1, refRows.length);
    try {
      const r = restrictedMeanSurvival(
        { time: pick(time, rows), event: pickEvents(ep.event, rows), arm },
        { confLevel: plan.confLevel, ...(tau === undefined ? {} : { tau }) },
      );
      for (const w of r.warnings) warnings.push(`RMST, ${level.label} vs ${ref.label}: ${w}`);
      const { difference: d, ratio: q } = r;
      out.push({
        arm: rmstArm(r.arms[1], level.label),
        reference: rmstArm(r.arms[0], ref.label),
        tau: r.tau,
        tauRule: r.tauRule,
        difference: { estimate: d.estimate, lower: d.lower, upper: d.upper, pValue: d.pValue },
        ratio: { estimate: q.estimate, lower: q.lower, upper: q.upper, pValue: q.pValue },
      });
    } catch (error) {
      if (!(error instanceof StatsInputError)) throw error;
      warnings.push(`RMST, ${level.label} vs ${ref.label}: ${error.message}`);
    }
  });
  return out;
}

/**
 * The sensitivity analyses of one endpoint the plan switches on: the proportional-hazards check of
 * its Cox model (R's cox.zph), RMST contrasts of the arms (survRM2's rmst2) and E-values of the
 * group's adjusted HR (EValue's evalues.HR). A part that cannot be estimated is null with a warning.
 */
export function computeSensitivity(
  cohort: Cohort,
  endpoint: Endpoint,
  split: GroupSplit,
  plan: AnalysisPlan,
  table: CoxTable,
  options: Sensitivity,
  multivariable: MultivariableModel | null,
): SensitivityResult {
  const warnings: string[] = [];
  let ph: PhCheck | null = null;
  let ev: EValueRow[] | null = null;
  let schoenfeld: SchoenfeldPlotData[] = [];
  if (options.proportionalHazards === true || options.eValue !== undefined) {
    try {
      const { fit, model, specs } = fitModel(cohort, endpoint, split, plan, table, multivariable);
      if (options.proportionalHazards === true) {
        ph = phCheck(fit, model, specs);
        schoenfeld = schoenfeldPlots(cohort, endpoint, split, plan, specs, ph, fit.fit, warnings);
      }
      if (options.eValue !== undefined) ev = eValues(fit, split, endpoint, options.eValue.rare, warnings);
    } catch (error) {
      if (!(error instanceof StatsInputError)) throw error;
      warnings.push(`sensitivity (${endpoint.abbreviation}): ${error.message}`);
    }
  }
  const rmst =
    options.rmst === undefined
      ? null
      : rmstComparisons(cohort, endpoint, split, plan, options.rmst.tau, warnings);
  return {
    endpoint: endpoint.name,
    abbreviation: endpoint.abbreviation,
    label: endpoint.label ?? cohort.endpoint(endpoint.name).label,
    timeUnit: plan.survival.timeUnit,
    ph,
    ...(schoenfeld.length === 0 ? {} : { schoenfeld }),
    rmst,
    eValue: ev,
    eValueOutcome: options.eValue === undefined ? null : options.eValue.rare ? 'rare' : 'common',
    warnings,
  };
}
