import type { TimeUnit } from '@survkit/cohort';
import type { KmComparison } from './survivalTypes.js';

/** The treatment's hazard ratio (treated vs untreated) in one Cox model. */
export interface TreatmentHazardRatio {
  readonly hazardRatio: number;
  readonly lower: number;
  readonly upper: number;
  readonly pValue: number;
  /** Patients in the model (not counting-process rows). */
  readonly n: number;
  readonly events: number;
}

/** One landmark analysis (Anderson 1983; Dafni 2011): time and treatment status from the landmark. */
export interface LandmarkAnalysis {
  /** In the report's time unit, from the endpoint's origin. */
  readonly landmark: number;
  /** Kaplan–Meier by treatment status as of the landmark; times count from the landmark. */
  readonly km: KmComparison;
  /** Patients still under follow-up after the landmark (the landmark sample). */
  readonly n: number;
  /** Left out: an event at or before the landmark. */
  readonly excludedEvent: number;
  /** Left out: censored at or before the landmark. */
  readonly excludedCensored: number;
  /** In the sample, treated at or before the landmark. */
  readonly treatedBy: number;
  /** In the sample, treated after the landmark, and so counted as untreated. */
  readonly treatedAfter: number;
  readonly unadjusted: TreatmentHazardRatio | null;
  readonly adjusted: TreatmentHazardRatio | null;
}

/** The naive (time-fixed) and time-dependent treatment HRs of one model (unadjusted or adjusted). */
export interface TreatmentModelPair {
  /** Treatment as a baseline covariate: every later-treated patient counted as treated from the origin. */
  readonly timeFixed: TreatmentHazardRatio | null;
  /** Treatment as a time-dependent covariate on (start, stop] rows split at the treatment time. */
  readonly timeDependent: TreatmentHazardRatio | null;
}

/** Cox models with treatment as a time-dependent covariate, beside the naive ones. */
export interface TimeDependentCox {
  readonly unadjusted: TreatmentModelPair;
  /** Adjusted for the multivariable model's other variables; null when it has none. */
  readonly adjusted: TreatmentModelPair | null;
  /** Labels of the adjustment variables. */
  readonly adjustedFor: readonly string[];
  /** Patients with zero follow-up, left out: a (0, 0] interval has no length (tmerge refuses it). */
  readonly zeroFollowUp: number;
  /** Treated patients whose follow-up was split into an untreated and a treated interval. */
  readonly split: number;
  /** Treated on the last day of follow-up: untreated throughout, as tmerge counts them. */
  readonly treatedAtEnd: number;
}

/** The immortal-time analyses of one endpoint. */
export interface ImmortalTimeResult {
  readonly endpoint: string;
  readonly abbreviation: string;
  readonly label: string;
  readonly timeUnit: TimeUnit;
  /** Display labels of the treated (non-reference) and untreated (reference) groups. */
  readonly treated: string;
  readonly untreated: string;
  /** The plan's treatment-start column and how it is given. */
  readonly start: { readonly kind: 'date' | 'time'; readonly variable: string; readonly label: string };
  /** Label of the endpoint's origin date (`from`), when the endpoint is from dates. */
  readonly origin: string | null;
  readonly nTreated: number;
  readonly nUntreated: number;
  /** Treated patients left out because their start is missing (plan `missingStart: exclude`). */
  readonly excludedMissingStart: number;
  /** Person-time of treated patients before their treatment, in `timeUnit`: the immortal time. */
  readonly immortalTime: number;
  /** Total person-time of the treated patients, in `timeUnit`. */
  readonly treatedTime: number;
  /** Median time from the origin to treatment, in `timeUnit`. */
  readonly medianStart: number | null;
  readonly landmarks: readonly LandmarkAnalysis[];
  readonly cox: TimeDependentCox | null;
  readonly warnings: readonly string[];
}
