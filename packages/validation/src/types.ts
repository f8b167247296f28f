/** One number compared with its oracle. */
export interface ReferenceCheck {
  /** The fixture case, e.g. `"lung: survfit(Surv(time, status) ~ 1, conf.type = 'log')"`. */
  readonly case: string;
  /** What was compared, e.g. `"survival[12]"` or `"pValue"`. */
  readonly quantity: string;
  readonly expected: number | null;
  readonly actual: number | null;
  /** Relative tolerance used (absolute below 1e-300 magnitudes). */
  readonly tolerance: number;
  readonly pass: boolean;
}

/** The outcome of one suite of reference comparisons, for tests and for the report's appendix. */
export interface SuiteSummary {
  /** Short name, e.g. `"contingency"`. */
  readonly suite: string;
  /** Where the expected numbers come from, e.g. `"R 4.2.2, stats::chisq.test / fisher.test"`. */
  readonly oracle: string;
  /** Number of fixture cases (tables, data sets × options, models). */
  readonly cases: number;
  /** Number of individual numbers compared. */
  readonly checks: number;
  readonly passed: number;
  /** Every failed check (empty when the engine agrees with the oracle everywhere). */
  readonly failures: readonly ReferenceCheck[];
}

/** One suite's line in {@link runReferenceSuites}'s outcome (the report's validation appendix). */
export interface SuiteOutcome {
  readonly suite: string;
  readonly oracle: string;
  readonly cases: number;
  readonly checks: number;
  readonly passed: number;
  /** The suite threw instead of completing: its message; `null` when it ran. */
  readonly error: string | null;
}
