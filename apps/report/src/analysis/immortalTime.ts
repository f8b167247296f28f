import type { Cohort } from '@survkit/cohort';
import {
  type CoxResult,
  coxPHFrom,
  landmarkData,
  logRankTest,
  median,
  StatsInputError,
  splitAtTreatment,
} from '@survkit/stats';
import type { AnalysisPlan } from '../plan/schema.js';
import { type CovariateSpec, covariateSpecs } from './cox.js';
import { endpointTimes, pick, pickCodes, pickEvents, pickShared, positionsWhere } from './data.js';
import { designColumns } from './designColumns.js';
import { estimableFit } from './estimableFit.js';
import type { GroupSplit } from './group.js';
import type {
  ImmortalTimeResult,
  LandmarkAnalysis,
  TimeDependentCox,
  TreatmentHazardRatio,
  TreatmentModelPair,
} from './immortalTimeTypes.js';
import { fitCurve } from './survival.js';
import { axisEnd, timeTicks } from './ticks.js';
import { readTreatmentStart, treatedLevel } from './treatmentStart.js';
import type { CoxTable, KmComparison } from './types.js';

type Endpoint = AnalysisPlan['endpoints'][number];
type ImmortalTimePlan = NonNullable<AnalysisPlan['immortalTime']>;

/**
 * The treatment term of a Cox fit as a hazard ratio; null when R would print NA or infinity, or warn
 * that the iterations ran out (where they stopped is no estimate).
 */
function treatmentHr(fit: CoxResult, n: number): TreatmentHazardRatio | null {
  const t = fit.terms.find((x) => x.name === 'treated')!;
  if (t.hazardRatio === null || t.lower === null || t.upper === null || t.pValue === null || t.infinite)
    return null;
  if (!estimableFit(fit)) return null;
  return {
    hazardRatio: t.hazardRatio,
    lower: t.lower,
    upper: t.upper,
    pValue: t.pValue,
    n,
    events: fit.events,
  };
}

interface CoxRows {
  readonly entry?: Float64Array;
  readonly time: Float64Array;
  readonly event: Uint8Array;
  readonly treated: Float64Array;
  /** Patient index (into the model's patients) of each row. */
  readonly subject: Int32Array;
}

/** The model rows whose patient is complete (all rows when `complete` is null). */
function completeRows(subject: Int32Array, complete: Uint8Array | null): Int32Array {
  const out = new Int32Array(subject.length);
  let m = 0;
  for (let k = 0; k < subject.length; k++) if (complete === null || complete[subject[k]!] === 1) out[m++] = k;
  return m === out.length ? out : out.slice(0, m);
}

/** How many patients the rows `idx` belong to (a marker per patient index, not a Set of 10⁵ numbers). */
function distinctCount(subject: Int32Array, idx: Int32Array): number {
  let max = -1;
  for (let i = 0; i < idx.length; i++) max = Math.max(max, subject[idx[i]!]!);
  const seen = new Uint8Array(max + 1);
  let count = 0;
  for (let i = 0; i < idx.length; i++) {
    const s = subject[idx[i]!]!;
    if (seen[s] === 0) {
      seen[s] = 1;
      count++;
    }
  }
  return count;
}

/**
 * coxph(Surv([entry,] time, event) ~ treated [+ adjustment]) on the complete rows, starting from the
 * estimates of `from` (see `coxPHFrom`); its treatment HR (null with a warning if it cannot be
 * fitted) and the fit, for the next model to start from.
 */
function fitTreatment(
  data: CoxRows,
  adjust: Record<string, Float64Array> | null,
  complete: Uint8Array | null,
  plan: AnalysisPlan,
  what: string,
  warnings: string[],
  from: CoxResult | null = null,
): { hr: TreatmentHazardRatio | null; fit: CoxResult | null } {
  const idx = completeRows(data.subject, complete);
  // Every row complete: the model reads the rows' own columns, not copies of them.
  const all = idx.length === data.subject.length;
  const covariates: Record<string, Float64Array> = { treated: all ? data.treated : pick(data.treated, idx) };
  // Patient-level columns onto the model's rows (a patient split at treatment has two rows).
  const patientOf = adjust === null ? null : all ? data.subject : pickCodes(data.subject, idx);
  for (const [name, col] of Object.entries(adjust ?? {})) covariates[name] = pickShared(col, patientOf!);
  try {
    // Only the treatment's hazard ratio is read: no concordance.
    const fit = coxPHFrom(
      {
        time: all ? data.time : pick(data.time, idx),
        event: all ? data.event : pickEvents(data.event, idx),
        covariates,
        ...(data.entry === undefined ? {} : { entry: all ? data.entry : pick(data.entry, idx) }),
      },
      { ties: plan.cox.ties, confLevel: plan.confLevel, concordance: false },
      from,
    );
    const patients = distinctCount(data.subject, idx);
    const hr = treatmentHr(fit, patients);
    if (hr === null) warnings.push(`${what}: no finite hazard ratio of the treatment`);
    return { hr, fit };
  } catch (error) {
    if (!(error instanceof StatsInputError)) throw error;
    warnings.push(`${what}: ${error.message}`);
    return { hr: null, fit: null };
  }
}

/** The adjustment variables: the multivariable model's variables other than the group. */
function adjustmentSpecs(
  cohort: Cohort,
  plan: AnalysisPlan,
  table: CoxTable,
  group: string,
): CovariateSpec[] {
  if (table.multivariableN === 0) return [];
  return covariateSpecs(cohort, plan.cox.covariates, 'cox.covariates', true).filter(
    (s) => s.variable !== group && table.multivariableVariables.includes(s.variable),
  );
}

function landmarkKm(
  endpoint: Endpoint,
  label: string,
  time: Float64Array,
  event: Uint8Array,
  treated: Float64Array,
  labels: { treated: string; untreated: string; treatedFirst: boolean },
  plan: AnalysisPlan,
): KmComparison {
  const unit = plan.survival.timeUnit;
  let maxTime = 0;
  for (const t of time) maxTime = Math.max(maxTime, t);
  const ticks = timeTicks(maxTime, unit);
  // The curves in the plan's display order of the arms, so each arm keeps its colour and line.
  const byDisplay = [
    { label: labels.untreated, value: 0 },
    { label: labels.treated, value: 1 },
  ];
  if (labels.treatedFirst) byDisplay.reverse();
  const groups = byDisplay.filter((g) => treated.some((x) => x === g.value));
  const curves = groups.map((g) => {
    const rows = positionsWhere(treated.length, (k) => treated[k] === g.value);
    return fitCurve(g.label, pick(time, rows), pickEvents(event, rows), plan.confLevel, ticks, []);
  });
  let logRank: KmComparison['logRank'] = null;
  let logRankNote: string | null = null;
  if (groups.length < 2) logRankNote = 'only one group has patients at the landmark: no log-rank test';
  else {
    const lr = logRankTest({ time, event, group: treated }, { rho: plan.survival.rho });
    if (lr.pValue === null || lr.df <= 0) logRankNote = 'not estimable: no events after the landmark';
    else logRank = { statistic: lr.statistic, df: lr.df, pValue: lr.pValue };
  }
  return {
    endpoint: endpoint.name,
    abbreviation: endpoint.abbreviation,
    label,
    timeUnit: unit,
    curves,
    overallMedian: { estimate: null, lower: null, upper: null },
    logRank,
    logRankNote,
    xTicks: ticks,
    xMax: axisEnd(ticks, maxTime),
    warnings: [],
  };
}

/**
 * One landmark analysis: the patients still under follow-up after the landmark, grouped by
 * treatment received by then, time counted from it (R, by hand: subset(d, time > L), treated =
 * start ≤ L, Surv(time − L, event)); Kaplan–Meier, log-rank and Cox, unadjusted and adjusted.
 */
function landmarkAnalysis(
  landmark: number,
  base: { time: Float64Array; event: Uint8Array; start: Float64Array },
  adjust: { columns: Record<string, Float64Array>; complete: Uint8Array } | null,
  endpoint: Endpoint,
  label: string,
  labels: { treated: string; untreated: string; treatedFirst: boolean },
  plan: AnalysisPlan,
  warnings: string[],
): LandmarkAnalysis | null {
  const where = `immortalTime landmark ${landmark} ${plan.survival.timeUnit} (${endpoint.abbreviation})`;
  let lm: ReturnType<typeof landmarkData>;
  try {
    lm = landmarkData({ time: base.time, event: base.event, treatmentTime: base.start }, { landmark });
  } catch (error) {
    if (!(error instanceof StatsInputError)) throw error;
    warnings.push(`${where}: ${error.message}`);
    return null;
  }
  let excludedEvent = 0;
  for (let i = 0; i < base.time.length; i++)
    if (base.time[i]! <= landmark && base.event[i] === 1) excludedEvent++;
  let treatedAfter = 0;
  lm.rows.forEach((r, k) => {
    if (lm.treated[k] === 0 && base.start[r]! > landmark) treatedAfter++;
  });
  const treatedBy = lm.treated.reduce((a, x) => a + x, 0);
  const rows: CoxRows = { time: lm.time, event: lm.event, treated: lm.treated, subject: lm.rows };
  return {
    landmark,
    km: landmarkKm(endpoint, label, lm.time, lm.event, lm.treated, labels, plan),
    n: lm.rows.length,
    excludedEvent,
    excludedCensored: lm.nExcluded - excludedEvent,
    treatedBy,
    treatedAfter,
    unadjusted: fitTreatment(rows, null, null, plan, `${where}, unadjusted Cox`, warnings).hr,
    adjusted:
      adjust === null
        ? null
        : fitTreatment(rows, adjust.columns, adjust.complete, plan, `${where}, adjusted Cox`, warnings).hr,
  };
}

/**
 * Treatment as a time-dependent covariate (R: tmerge(d, d, id, death = event(time, event), trt =
 * tdc(start)); coxph(Surv(tstart, tstop, death) ~ trt [+ covariates])) beside the naive time-fixed
 * model on the same patients (coxph(Surv(time, event) ~ treated [+ covariates])).
 */
function timeDependentCox(
  base: { time: Float64Array; event: Uint8Array; start: Float64Array; everTreated: Float64Array },
  adjust: { columns: Record<string, Float64Array>; complete: Uint8Array } | null,
  adjustedFor: readonly string[],
  plan: AnalysisPlan,
  where: string,
  warnings: string[],
): TimeDependentCox {
  const n = base.time.length;
  // tmerge needs stop > start = 0: a patient with no follow-up has no interval to contribute.
  const positive = positionsWhere(base.time.length, (i) => base.time[i]! > 0);
  // Every patient has follow-up in most cohorts: then the patients' own columns, not copies.
  const all = positive.length === n;
  const time = all ? base.time : pick(base.time, positive);
  const event = all ? base.event : pickEvents(base.event, positive);
  const split = splitAtTreatment({
    time,
    event,
    treatmentTime: all ? base.start : pick(base.start, positive),
  });
  const subject = pickCodes(positive, split.subject);
  const td: CoxRows = {
    entry: split.entry,
    time: split.time,
    event: split.event,
    treated: split.treated,
    subject,
  };
  const fixed: CoxRows = {
    time,
    event,
    treated: all ? base.everTreated : pick(base.everTreated, positive),
    subject: positive,
  };
  let treatedAtEnd = 0;
  for (const i of positive) if (base.start[i]! === base.time[i]!) treatedAtEnd++;
  // The time-dependent model starts from the time-fixed one's estimates (same terms).
  const pair = (cols: Record<string, Float64Array> | null, complete: Uint8Array | null, what: string) => {
    const timeFixed = fitTreatment(fixed, cols, complete, plan, `${where}, ${what} time-fixed Cox`, warnings);
    const timeDependent = fitTreatment(
      td,
      cols,
      complete,
      plan,
      `${where}, ${what} time-dependent Cox`,
      warnings,
      timeFixed.fit,
    );
    return { timeFixed: timeFixed.hr, timeDependent: timeDependent.hr };
  };
  const adjusted: TreatmentModelPair | null =
    adjust === null ? null : pair(adjust.columns, adjust.complete, 'adjusted');
  return {
    unadjusted: pair(null, null, 'unadjusted'),
    adjusted,
    adjustedFor,
    zeroFollowUp: n - positive.length,
    split: split.nSplit,
    treatedAtEnd,
  };
}

/**
 * The immortal-time analyses of one endpoint the plan's `immortalTime` block asks for: the treated
 * patients' person-time before treatment, a landmark analysis at each landmark (Anderson, Cain &
 * Gelber 1983; Dafni 2011) and Cox models with treatment as a time-dependent covariate beside the
 * naive time-fixed ones, unadjusted and adjusted for the multivariable model's other variables.
 * @throws {ReportError} for a treatment start inconsistent with the group or the follow-up.
 */
export function computeImmortalTime(
  cohort: Cohort,
  endpoint: Endpoint,
  split: GroupSplit,
  plan: AnalysisPlan,
  table: CoxTable,
  options: ImmortalTimePlan,
): ImmortalTimeResult {
  const warnings: string[] = [];
  const start = readTreatmentStart(cohort, endpoint, split, plan, options);
  const treatedIndex = treatedLevel(split);
  const labels = {
    treated: split.info.levels[treatedIndex]!.label,
    untreated: split.info.levels[1 - treatedIndex]!.label,
    treatedFirst: treatedIndex === 0,
  };
  const ep = cohort.endpoint(endpoint.name);
  const label = endpoint.label ?? ep.label;
  const rows = start.rows;
  const time = pick(endpointTimes(cohort, endpoint.name, plan.survival.timeUnit), rows);
  const event = pickEvents(ep.event, rows);
  const startTime = pick(start.time, rows);
  const everTreated = new Float64Array(startTime.length);
  for (let k = 0; k < startTime.length; k++) everTreated[k] = Number.isNaN(startTime[k]!) ? 0 : 1;
  const base = { time, event, start: startTime, everTreated };
  const specs = adjustmentSpecs(cohort, plan, table, split.info.variable);
  const adjust = specs.length === 0 ? null : designColumns(cohort, specs, rows);
  let immortalTime = 0;
  let treatedTime = 0;
  const starts: number[] = [];
  for (let k = 0; k < rows.length; k++) {
    if (everTreated[k] === 0) continue;
    immortalTime += Math.min(startTime[k]!, time[k]!);
    treatedTime += time[k]!;
    starts.push(startTime[k]!);
  }
  const nTreated = starts.length;
  const where = `immortalTime (${endpoint.abbreviation})`;
  return {
    endpoint: endpoint.name,
    abbreviation: endpoint.abbreviation,
    label,
    timeUnit: plan.survival.timeUnit,
    treated: labels.treated,
    untreated: labels.untreated,
    start: { kind: start.kind, variable: start.variable, label: start.label },
    origin: start.origin,
    nTreated,
    nUntreated: rows.length - nTreated,
    excludedMissingStart: start.excludedMissingStart,
    immortalTime,
    treatedTime,
    medianStart: nTreated === 0 ? null : median(starts),
    landmarks: options.landmarks.flatMap((l) => {
      const a = landmarkAnalysis(l, base, adjust, endpoint, label, labels, plan, warnings);
      return a === null ? [] : [a];
    }),
    cox: options.timeDependentCox
      ? timeDependentCox(
          base,
          adjust,
          specs.map((s) => s.label),
          plan,
          where,
          warnings,
        )
      : null,
    warnings,
  };
}
