import type { Cohort } from '@survkit/cohort';
import {
  type CoxModelLevel,
  type CoxModelOptions,
  type CoxModelResult,
  coxFirth,
  fitCoxModel,
  type ModelFrame,
  StatsInputError,
} from '@survkit/stats';
import { ReportError } from '../errors.js';
import type { AnalysisPlan } from '../plan/schema.js';
import { categorical, pick, pickCodes, type Rows } from './data.js';
import type { CoxLevelRow, CoxTable, CoxVariableRows } from './types.js';

type Endpoint = AnalysisPlan['endpoints'][number];
type Covariate = AnalysisPlan['cox']['covariates'][number];

export type CovariateSpec =
  | {
      readonly type: 'categorical';
      readonly variable: string;
      readonly label: string;
      readonly reference: string;
    }
  | {
      readonly type: 'continuous';
      readonly variable: string;
      readonly label: string;
      /** The HR is reported per this many units: exp(per·β). */
      readonly per: number;
      readonly unit: string | null;
    };

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
 * "per year", "per 10 years", "per unit": the unit of a continuous covariate's HR. A plural unit
 * ("years") is made singular for one unit by dropping its final "s".
 */
export function perLabel(per: number, unit: string | null): string {
  if (unit === null || unit === '') return per === 1 ? 'per unit' : `per ${per} units`;
  if (per === 1) return `per ${unit.length > 2 && unit.endsWith('s') ? unit.slice(0, -1) : unit}`;
  return `per ${per} ${unit}`;
}

/** exp(per·β) and its interval: each of HR, lower, upper raised to `per` (per > 0 keeps their order). */
function scaled(x: number | null, per: number): number | null {
  return x === null ? null : per === 1 ? x : x ** per;
}

type FirthEstimate = NonNullable<CoxLevelRow['firth']>;
type FirthByTerm = ReadonlyMap<string, FirthEstimate>;

function levelRow(
  l: CoxModelLevel,
  label: string,
  constant: boolean,
  per: number,
  firth: FirthByTerm,
): CoxLevelRow {
  const na = l.coef === null && !l.isReference;
  const f = l.infinite && l.term !== null ? firth.get(l.term) : undefined;
  return {
    level: l.level,
    label,
    isReference: l.isReference,
    n: l.n,
    hazardRatio: l.infinite ? null : scaled(l.hazardRatio, per),
    lower: l.infinite ? null : scaled(l.lower, per),
    upper: l.infinite ? null : scaled(l.upper, per),
    pValue: l.pValue,
    infinite: l.infinite,
    notEstimable: na ? (constant ? 'constant' : 'aliased') : null,
    firth:
      f === undefined
        ? null
        : { ...f, hazardRatio: f.hazardRatio ** per, lower: f.lower ** per, upper: f.upper ** per },
  };
}

/**
 * Firth's penalised fit of the same design, for models where R would print "coefficient may be
 * infinite": the same columns (named as fitCoxModel's terms, NA columns left out as R's coxph
 * leaves them out of the fit) on the same complete rows.
 */
function firthEstimates(
  frame: ModelFrame,
  fit: CoxModelResult,
  plan: AnalysisPlan,
  warnings: string[],
  where: string,
): FirthByTerm {
  const out = new Map<string, FirthEstimate>();
  if (!plan.cox.firthWhenInfinite || !fit.variables.some((v) => v.levels.some((l) => l.infinite))) return out;
  const names = fit.variables.map((v) => v.name);
  const n = frame.time.length;
  const keep: number[] = [];
  for (let i = 0; i < n; i++) {
    const complete = names.every((name) => {
      const col = frame.variables[name]!;
      return col.type === 'categorical' ? col.codes[i]! >= 0 : !Number.isNaN(col.values[i]!);
    });
    if (complete && !Number.isNaN(frame.time[i]!)) keep.push(i);
  }
  const covariates: Record<string, Float64Array> = {};
  for (const v of fit.variables) {
    const col = frame.variables[v.name]!;
    for (const l of v.levels) {
      if (l.term === null || l.coef === null) continue;
      if (col.type === 'numeric') {
        covariates[l.term] = Float64Array.from(keep, (i) => col.values[i]!);
        continue;
      }
      const code = col.levels.indexOf(l.level);
      covariates[l.term] = Float64Array.from(keep, (i) => (col.codes[i] === code ? 1 : 0));
    }
  }
  try {
    const firth = coxFirth(
      {
        time: Float64Array.from(keep, (i) => frame.time[i]!),
        event: Float64Array.from(keep, (i) => Number(frame.event[i])),
        covariates,
      },
      { ties: plan.cox.ties, confLevel: plan.confLevel },
    );
    for (const t of firth.terms)
      out.set(t.name, { hazardRatio: t.hazardRatio, lower: t.lower, upper: t.upper, pValue: t.pValue });
  } catch (error) {
    if (!(error instanceof StatsInputError)) throw error;
    warnings.push(`${where}: Firth's correction failed: ${error.message}`);
  }
  return out;
}

/** The table rows of one variable of a fitted model: its levels (reference first), or one row per `per` units. */
function variableRows(
  cohort: Cohort,
  fit: CoxModelResult,
  spec: CovariateSpec,
  firth: FirthByTerm,
): CoxVariableRows {
  const mv = fit.variables.find((x) => x.name === spec.variable);
  const lrt = mv === undefined || mv.lrt.df === 0 ? null : mv.lrt;
  const common = {
    variable: spec.variable,
    label: spec.label,
    lrtP: lrt?.pValue ?? null,
    lrtDf: lrt?.df ?? 0,
    n: fit.n,
    events: fit.events,
  };
  if (spec.type === 'continuous') {
    const constant = mv?.constant ?? false;
    const levels = (mv?.levels ?? []).map((l) =>
      levelRow(l, perLabel(spec.per, spec.unit), constant, spec.per, firth),
    );
    return { ...common, type: 'continuous', per: spec.per, unit: spec.unit, levels };
  }
  const v = categorical(cohort, spec.variable, spec.variable);
  // Display levels in dictionary order with the reference first, as the paper's tables do.
  const ordered = [...(mv?.levels ?? [])].sort((a, b) =>
    a.isReference !== b.isReference
      ? a.isReference
        ? -1
        : 1
      : v.levels.indexOf(a.level) - v.levels.indexOf(b.level),
  );
  const levels = ordered.map((l) =>
    levelRow(l, v.levelLabels[v.levels.indexOf(l.level)] ?? l.level, mv?.constant ?? false, 1, firth),
  );
  return { ...common, type: 'categorical', per: null, unit: null, levels };
}

/** The rows of a variable whose model could not be fitted: its levels without estimates. */
function emptyRows(cohort: Cohort, spec: CovariateSpec): CoxVariableRows {
  const common = { variable: spec.variable, label: spec.label, lrtP: null, lrtDf: 0, n: 0, events: 0 };
  const row = (level: string, label: string, isReference: boolean): CoxLevelRow => ({
    level,
    label,
    isReference,
    n: 0,
    hazardRatio: null,
    lower: null,
    upper: null,
    pValue: null,
    infinite: false,
    notEstimable: null,
    firth: null,
  });
  if (spec.type === 'continuous')
    return {
      ...common,
      type: 'continuous',
      per: spec.per,
      unit: spec.unit,
      levels: [row(spec.variable, perLabel(spec.per, spec.unit), false)],
    };
  const v = categorical(cohort, spec.variable, spec.variable);
  return {
    ...common,
    type: 'categorical',
    per: null,
    unit: null,
    levels: v.levels.map((level, i) => row(level, v.levelLabels[i] ?? level, level === spec.reference)),
  };
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

/** Tables 2–3 for one endpoint; see {@link computeCoxModels}. */
export function computeCoxTable(
  cohort: Cohort,
  endpoint: Endpoint,
  rows: Rows,
  plan: AnalysisPlan,
): CoxTable {
  return computeCoxModels(cohort, endpoint, rows, plan).table;
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
  const univariate = specs.map((spec) => {
    try {
      const frame = modelFrame(cohort, endpoint.name, rows, [spec]);
      const fit = fitCoxModel(frame, [spec.variable], options);
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
      const frame = modelFrame(cohort, endpoint.name, rows, selected);
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
  return { table, multivariable: model };
}
