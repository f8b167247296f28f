/**
 * The rows of Tables 2–3 from a fitted model: a variable's levels with their hazard ratios (per
 * `per` units for a continuous covariate), Firth's estimates where the ordinary ones are infinite,
 * and the empty rows of a model that could not be fitted.
 */
import type { Cohort } from '@survkit/cohort';
import {
  type CoxModelLevel,
  type CoxModelResult,
  coxFirth,
  type ModelFrame,
  StatsInputError,
} from '@survkit/stats';
import type { AnalysisPlan } from '../plan/schema.js';
import type { CovariateSpec } from './covariateSpec.js';
import { categorical } from './data.js';
import { estimableFit } from './estimableFit.js';
import type { CoxLevelRow, CoxVariableRows } from './types.js';

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
export type FirthByTerm = ReadonlyMap<string, FirthEstimate>;

/** Why a non-reference level has no estimate (CoxLevelRow.notEstimable), or null. */
function missingReason(l: CoxModelLevel, constant: boolean, converged: boolean): CoxLevelRow['notEstimable'] {
  if (l.isReference) return null;
  // A constant covariate is never identified, whether or not the iterations converged.
  if (constant) return 'constant';
  if (l.coef === null) return 'aliased';
  return converged ? null : 'not-converged';
}

function levelRow(
  l: CoxModelLevel,
  label: string,
  constant: boolean,
  per: number,
  firth: FirthByTerm,
  converged: boolean,
): CoxLevelRow {
  const reason = missingReason(l, constant, converged);
  // No numbers beside a reason: a non-converged fit's stopping point (and, when it stops, a constant
  // column's 0) is not an estimate.
  if (reason !== null)
    return {
      level: l.level,
      label,
      isReference: false,
      n: l.n,
      hazardRatio: null,
      lower: null,
      upper: null,
      pValue: null,
      infinite: false,
      notEstimable: reason,
      firth: null,
    };
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
    notEstimable: null,
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
export function firthEstimates(
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
export function variableRows(
  cohort: Cohort,
  fit: CoxModelResult,
  spec: CovariateSpec,
  firth: FirthByTerm,
): CoxVariableRows {
  const mv = fit.variables.find((x) => x.name === spec.variable);
  // A fit whose iterations ran out has no likelihood-ratio test either.
  const lrt = mv === undefined || mv.lrt.df === 0 || !estimableFit(fit.fit) ? null : mv.lrt;
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
      levelRow(l, perLabel(spec.per, spec.unit), constant, spec.per, firth, estimableFit(fit.fit)),
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
    levelRow(
      l,
      v.levelLabels[v.levels.indexOf(l.level)] ?? l.level,
      mv?.constant ?? false,
      1,
      firth,
      estimableFit(fit.fit),
    ),
  );
  return { ...common, type: 'categorical', per: null, unit: null, levels };
}

/** The rows of a variable whose model could not be fitted: its levels without estimates. */
export function emptyRows(cohort: Cohort, spec: CovariateSpec): CoxVariableRows {
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
