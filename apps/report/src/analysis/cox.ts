import type { Cohort } from '@survkit/cohort';
import {
  type CoxModelOptions,
  type CoxModelResult,
  fitCoxModel,
  type ModelFrame,
  StatsInputError,
} from '@survkit/stats';
import { ReportError } from '../errors.js';
import type { AnalysisPlan } from '../plan/schema.js';
import type { CovariateSpec } from './covariateSpec.js';
import { emptyRows, firthEstimates, variableRows } from './coxTableRows.js';
import { categorical, pick, pickCodes, type Rows } from './data.js';
import type { CoxTable, CoxVariableRows } from './types.js';

type Endpoint = AnalysisPlan['endpoints'][number];
type Covariate = AnalysisPlan['cox']['covariates'][number];

export type { CovariateSpec } from './covariateSpec.js';

/**
 * The plan's covariates resolved against the dictionary. Continuous variables are allowed where
 * `allowContinuous` (Cox tables) and enter the model linearly; elsewhere (forest subgroups) a
 * categorical variable is required.
 */
export function covariateSpecs(
  cohort: Cohort,
  covariates: readonly Covariate[],
  key: string,
  allowContinuous = false,
): CovariateSpec[] {
  return covariates.map((c, i) => {
    const item = typeof c === 'string' ? { variable: c } : c;
    const label = 'label' in item ? item.label : undefined;
    const found = cohort.variables.find((x) => x.name === item.variable);
    if (allowContinuous && found?.type === 'continuous')
      return {
        type: 'continuous',
        variable: found.name,
        label: label || found.label,
        per: 'per' in item && item.per !== undefined ? item.per : 1,
        unit: found.unit ?? null,
      };
    const v = categorical(cohort, item.variable, `${key}[${i}]`);
    if ('per' in item && item.per !== undefined)
      throw new ReportError(
        `${key}[${i}].per: "${v.name}" is categorical; "per" applies to a continuous variable`,
      );
    const reference = 'reference' in item && item.reference !== undefined ? item.reference : v.reference;
    if (!v.levels.includes(reference))
      throw new ReportError(
        `${key}[${i}].reference: "${reference}" is not a level of ${v.name} (levels: ${v.levels.join(', ')})`,
      );
    return { type: 'categorical', variable: v.name, label: label || v.label, reference };
  });
}

/** A model frame over `rows` with the endpoint as outcome and the given covariates. */
export function modelFrame(
  cohort: Cohort,
  endpoint: string,
  rows: Rows,
  specs: readonly CovariateSpec[],
): ModelFrame {
  const ep = cohort.endpoint(endpoint);
  const variables: Record<string, ModelFrame['variables'][string]> = {};
  for (const s of specs) {
    if (s.type === 'continuous') {
      const v = cohort.variables.find((x) => x.name === s.variable)!;
      if (v.type !== 'continuous') throw new ReportError(`${s.variable}: a continuous variable is needed`);
      variables[s.variable] = { type: 'numeric', label: s.label, values: pick(v.values, rows) };
      continue;
    }
    const v = categorical(cohort, s.variable, s.variable);
    variables[s.variable] = {
      type: 'categorical',
      label: s.label,
      levels: v.levels,
      codes: pickCodes(v.codes, rows),
      reference: s.reference,
    };
  }
  return { time: pick(ep.time, rows), event: pick(ep.event, rows), variables };
}

/**
 * The multivariable model of Tables 2–3, kept for the analyses that read the same model again (the
 * sensitivity section's proportional-hazards check and E-values) instead of refitting it with its
 * eight drop-one refits.
 */
export interface MultivariableModel {
  readonly specs: readonly CovariateSpec[];
  /** The fit of Tables 2–3, with R's `cox.zph` (transform "km") when the plan asked for it. */
  readonly fit: CoxModelResult;
  /**
   * The PH test's refusal when it was asked for and failed: the model still fills Tables 2–3, and
   * the sensitivity analysis reports this error as it would from its own fit.
   */
  readonly phTestError: StatsInputError | null;
}

/** Tables 2–3 of one endpoint and, when it was fitted, their multivariable model. */
export interface CoxModels {
  readonly table: CoxTable;
  readonly multivariable: MultivariableModel | null;
  /**
   * The univariable fits of Table 2 by variable, with the reference level of a categorical one:
   * the forest plot's overall row is the group's, the same model on the same patients.
   */
  readonly univariateFits: ReadonlyMap<
    string,
    { readonly reference: string | null; readonly fit: CoxModelResult }
  >;
}

/**
 * fitCoxModel with R's `cox.zph` when `phTest` is set. A model the PH test refuses is fitted again
 * without it, so that Tables 2–3 show what they show without a sensitivity section.
 */
function fitWithPhTest(
  frame: ModelFrame,
  variables: readonly string[],
  options: CoxModelOptions,
  phTest: CoxModelOptions['phTest'],
): { fit: CoxModelResult; phTestError: StatsInputError | null } {
  if (phTest === undefined) return { fit: fitCoxModel(frame, variables, options), phTestError: null };
  try {
    return { fit: fitCoxModel(frame, variables, { ...options, phTest }), phTestError: null };
  } catch (error) {
    if (!(error instanceof StatsInputError)) throw error;
    return { fit: fitCoxModel(frame, variables, options), phTestError: error };
  }
}

/** Table 2's univariable model of each covariate: its rows, and the fits that could be made. */
function univariateModels(
  cohort: Cohort,
  frame: ModelFrame,
  specs: readonly CovariateSpec[],
  plan: AnalysisPlan,
  options: CoxModelOptions,
  warnings: string[],
): { univariate: CoxVariableRows[]; univariateFits: CoxModels['univariateFits'] } {
  const univariateFits = new Map<string, { reference: string | null; fit: CoxModelResult }>();
  const univariate = specs.map((spec) => {
    try {
      const fit = fitCoxModel(frame, [spec.variable], options);
      univariateFits.set(spec.variable, {
        reference: spec.type === 'categorical' ? spec.reference : null,
        fit,
      });
      for (const w of fit.warnings) warnings.push(`${spec.label} (univariate): ${w}`);
      return variableRows(
        cohort,
        fit,
        spec,
        firthEstimates(frame, fit, plan, warnings, `${spec.label} (univariate)`),
      );
    } catch (error) {
      if (!(error instanceof StatsInputError)) throw error;
      warnings.push(`${spec.label} (univariate): ${error.message}`);
      return emptyRows(cohort, spec);
    }
  });
  return { univariate, univariateFits };
}

/**
 * Tables 2–3 for one endpoint: a univariate Cox model per covariate, then the multivariable model on
 * the covariates the plan's rule selects (likelihood-ratio p of the univariate model, or a fixed list).
 * Each model drops the patients missing any of its covariates (R's na.omit) and records its n/events;
 * a continuous covariate enters linearly with its HR reported per `per` units. With `phTest` the
 * multivariable model also carries R's `cox.zph` test, for the sensitivity section.
 */
export function computeCoxModels(
  cohort: Cohort,
  endpoint: Endpoint,
  rows: Rows,
  plan: AnalysisPlan,
  phTest?: CoxModelOptions['phTest'],
): CoxModels {
  const specs = covariateSpecs(cohort, plan.cox.covariates, 'cox.covariates', true);
  // Tables 2–3 show hazard ratios and tests only: no model's concordance is read.
  const options = { ties: plan.cox.ties, confLevel: plan.confLevel, concordance: false };
  const warnings: string[] = [];
  const label = endpoint.label ?? cohort.endpoint(endpoint.name).label;
  // One frame for every model: fitCoxModel reads (and drops rows missing) only the variables it is
  // given, so the models share the endpoint's picked times, events and codes, picked once.
  const frame = modelFrame(cohort, endpoint.name, rows, specs);
  const { univariate, univariateFits } = univariateModels(cohort, frame, specs, plan, options, warnings);
  const mv = plan.cox.multivariable;
  const selected =
    mv.rule === 'explicit'
      ? specs.filter((s) => mv.variables.includes(s.variable))
      : specs.filter((s, i) => {
          const p = univariate[i]?.lrtP ?? null;
          return mv.alwaysInclude.includes(s.variable) || (p !== null && p < mv.pBelow);
        });
  if (mv.rule === 'explicit')
    mv.variables.forEach((name, i) => {
      if (!specs.some((s) => s.variable === name))
        throw new ReportError(`cox.multivariable.variables[${i}]: "${name}" is not one of cox.covariates`);
    });
  let multivariable: (CoxVariableRows | null)[] = specs.map(() => null);
  let multivariableN = 0;
  let multivariableEvents = 0;
  let model: MultivariableModel | null = null;
  if (selected.length > 0) {
    try {
      const { fit, phTestError } = fitWithPhTest(
        frame,
        selected.map((s) => s.variable),
        options,
        phTest,
      );
      model = { specs: selected, fit, phTestError };
      for (const w of fit.warnings) warnings.push(`multivariate model: ${w}`);
      const firth = firthEstimates(frame, fit, plan, warnings, 'multivariate model');
      multivariable = specs.map((s) => (selected.includes(s) ? variableRows(cohort, fit, s, firth) : null));
      multivariableN = fit.n;
      multivariableEvents = fit.events;
    } catch (error) {
      if (!(error instanceof StatsInputError)) throw error;
      warnings.push(`multivariate model: ${error.message}`);
    }
  }
  const table: CoxTable = {
    endpoint: endpoint.name,
    abbreviation: endpoint.abbreviation,
    label,
    univariate,
    multivariable,
    multivariableVariables: selected.map((s) => s.variable),
    multivariableN,
    multivariableEvents,
    warnings,
  };
  return { table, multivariable: model, univariateFits };
}
