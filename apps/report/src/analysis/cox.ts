import type { Cohort } from '@survkit/cohort';
import { type CoxModelResult, coxFirth, fitCoxModel, type ModelFrame, StatsInputError } from '@survkit/stats';
import { ReportError } from '../errors.js';
import type { AnalysisPlan } from '../plan/schema.js';
import { categorical, pick, pickCodes, type Rows } from './data.js';
import type { CoxLevelRow, CoxTable, CoxVariableRows } from './types.js';

type Endpoint = AnalysisPlan['endpoints'][number];
type Covariate = AnalysisPlan['cox']['covariates'][number];

export interface CovariateSpec {
  readonly variable: string;
  readonly label: string;
  readonly reference: string;
}

export function covariateSpecs(
  cohort: Cohort,
  covariates: readonly Covariate[],
  key: string,
): CovariateSpec[] {
  return covariates.map((c, i) => {
    const item = typeof c === 'string' ? { variable: c } : c;
    const v = categorical(cohort, item.variable, `${key}[${i}]`);
    const reference = 'reference' in item && item.reference !== undefined ? item.reference : v.reference;
    if (!v.levels.includes(reference))
      throw new ReportError(
        `${key}[${i}].reference: "${reference}" is not a level of ${v.name} (levels: ${v.levels.join(', ')})`,
      );
    return { variable: v.name, label: ('label' in item && item.label) || v.label, reference };
  });
}

/** A model frame over `rows` with the endpoint as outcome and the given categorical covariates. */
export function modelFrame(
  cohort: Cohort,
  endpoint: string,
  rows: Rows,
  specs: readonly CovariateSpec[],
): ModelFrame {
  const ep = cohort.endpoint(endpoint);
  const variables: Record<string, ModelFrame['variables'][string]> = {};
  for (const s of specs) {
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

function levelRows(cohort: Cohort, fit: CoxModelResult, name: string): CoxLevelRow[] {
  const v = categorical(cohort, name, name);
  const mv = fit.variables.find((x) => x.name === name);
  if (mv === undefined) return [];
  // Display levels in dictionary order with the reference first, as the paper's tables do.
  const ordered = [...mv.levels].sort((a, b) =>
    a.isReference !== b.isReference
      ? a.isReference
        ? -1
        : 1
      : v.levels.indexOf(a.level) - v.levels.indexOf(b.level),
  );
  return ordered.map((l) => ({
    level: l.level,
    label: v.levelLabels[v.levels.indexOf(l.level)] ?? l.level,
    isReference: l.isReference,
    n: l.n,
    hazardRatio: l.infinite ? null : l.hazardRatio,
    lower: l.infinite ? null : l.lower,
    upper: l.infinite ? null : l.upper,
    pValue: l.pValue,
    infinite: l.infinite,
    firth: null,
  }));
}

type FirthByTerm = ReadonlyMap<string, NonNullable<CoxLevelRow['firth']>>;

/**
 * Firth's penalised fit of the same design, for models where R would print "coefficient may be
 * infinite": the same indicator columns (named as fitCoxModel's terms) on the same complete rows.
 */
function firthEstimates(
  frame: ModelFrame,
  fit: CoxModelResult,
  plan: AnalysisPlan,
  warnings: string[],
  where: string,
): FirthByTerm {
  const out = new Map<string, NonNullable<CoxLevelRow['firth']>>();
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
    if (col.type !== 'categorical') continue;
    for (const l of v.levels) {
      if (l.term === null) continue;
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

function variableRows(
  cohort: Cohort,
  fit: CoxModelResult,
  spec: CovariateSpec,
  firth: FirthByTerm,
): CoxVariableRows {
  const mv = fit.variables.find((x) => x.name === spec.variable);
  const levels = levelRows(cohort, fit, spec.variable).map((row) => {
    const term = mv?.levels.find((l) => l.level === row.level)?.term ?? null;
    const f = row.infinite && term !== null ? firth.get(term) : undefined;
    return f === undefined ? row : { ...row, firth: f };
  });
  return { variable: spec.variable, label: spec.label, levels, lrtP: mv?.lrt.pValue ?? null };
}

function emptyRows(cohort: Cohort, spec: CovariateSpec): CoxVariableRows {
  const v = categorical(cohort, spec.variable, spec.variable);
  return {
    variable: spec.variable,
    label: spec.label,
    lrtP: null,
    levels: v.levels.map((level, i) => ({
      level,
      label: v.levelLabels[i] ?? level,
      isReference: level === spec.reference,
      n: 0,
      hazardRatio: null,
      lower: null,
      upper: null,
      pValue: null,
      infinite: false,
      firth: null,
    })),
  };
}

/**
 * Tables 2–3 for one endpoint: a univariate Cox model per covariate, then the multivariable model on
 * the covariates the plan's rule selects (likelihood-ratio p of the univariate model, or a fixed list).
 */
export function computeCoxTable(
  cohort: Cohort,
  endpoint: Endpoint,
  rows: Rows,
  plan: AnalysisPlan,
): CoxTable {
  const specs = covariateSpecs(cohort, plan.cox.covariates, 'cox.covariates');
  const options = { ties: plan.cox.ties, confLevel: plan.confLevel };
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
  if (selected.length > 0) {
    try {
      const frame = modelFrame(cohort, endpoint.name, rows, selected);
      const fit = fitCoxModel(
        frame,
        selected.map((s) => s.variable),
        options,
      );
      for (const w of fit.warnings) warnings.push(`multivariate model: ${w}`);
      const firth = firthEstimates(frame, fit, plan, warnings, 'multivariate model');
      multivariable = specs.map((s) => (selected.includes(s) ? variableRows(cohort, fit, s, firth) : null));
      multivariableN = fit.n;
      multivariableEvents = fit.nEvents;
    } catch (error) {
      if (!(error instanceof StatsInputError)) throw error;
      warnings.push(`multivariate model: ${error.message}`);
    }
  }
  return {
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
}
