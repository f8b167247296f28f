import { StatsInputError } from '../errors.js';
import { readEvents, readTimes } from '../internal/prepare.js';
import { readTreatmentTimes } from './internal/readTreatment.js';

/** One row per patient for {@link landmarkData}; follow-up and treatment times from the same origin. */
export interface LandmarkDataInput {
  /** Follow-up time, finite and ≥ 0. */
  readonly time: ArrayLike<number>;
  /** 1/true = event at `time`, 0/false = censored. */
  readonly event: ArrayLike<number | boolean>;
  /** Time of treatment; `null`/`undefined`/NaN = not treated. */
  readonly treatmentTime: ArrayLike<number | null | undefined>;
}

export interface LandmarkDataOptions {
  /** The landmark time, finite and ≥ 0, on the scale of `time`. */
  readonly landmark: number;
}

/** The landmark sample: patients still at risk at the landmark, time counted from it. */
export interface LandmarkDataResult {
  readonly landmark: number;
  /** Zero-based input rows kept (time > landmark), ascending; use it to subset other columns. */
  readonly rows: Int32Array;
  /** Time from the landmark: `time − landmark` (> 0). */
  readonly time: Float64Array;
  readonly event: Uint8Array;
  /** Treatment status as of the landmark: 1 when treated at or before it, else 0. */
  readonly treated: Float64Array;
  /** Patients left out: event or censoring at or before the landmark. */
  readonly nExcluded: number;
}

const FN = 'landmarkData';

/**
 * Landmark analysis data (Anderson, Cain & Gelber 1983, J Clin Oncol 1:710; Dafni 2011, Circ
 * Cardiovasc Qual Outcomes 4:363): keep the patients still at risk at the landmark (time >
 * landmark: an event or censoring at the landmark itself leaves the sample), classify them by
 * treatment received by then (treatment time ≤ landmark; later treatment counts as untreated, the
 * intention-to-treat-from-the-landmark rule) and count time from the landmark. The result feeds
 * `kaplanMeierByGroup`, `logRankTest` and `coxPH` directly. R, by hand:
 * `d <- subset(d, time > L); d$treated <- !is.na(tx) & tx <= L; d$time <- d$time - L`.
 *
 * @throws {StatsInputError} for empty data, a length mismatch, a bad time/event/treatment time, a
 *   landmark that is not finite and ≥ 0, or a landmark that leaves no patient at risk.
 * @example
 * const lm = landmarkData({ time, event, treatmentTime }, { landmark: 6 });
 * kaplanMeierByGroup({ time: lm.time, event: lm.event, group: lm.treated }); // survfit(Surv(time - 6, event) ~ treated)
 */
export function landmarkData(data: LandmarkDataInput, options: LandmarkDataOptions): LandmarkDataResult {
  const time = readTimes(FN, data?.time);
  const n = time.length;
  const event = readEvents(FN, data.event, n);
  const tx = readTreatmentTimes(FN, data.treatmentTime, n);
  const landmark = options?.landmark;
  if (typeof landmark !== 'number' || !(landmark >= 0) || landmark === Number.POSITIVE_INFINITY) {
    throw new StatsInputError(FN, `landmark is ${String(landmark)}; expected a finite number ≥ 0`, {
      field: 'landmark',
    });
  }
  let kept = 0;
  for (let i = 0; i < n; i++) if (time[i]! > landmark) kept++;
  if (kept === 0) {
    throw new StatsInputError(
      FN,
      `no patient is at risk after the landmark ${landmark} (every time ≤ landmark)`,
      {
        field: 'landmark',
      },
    );
  }
  const rows = new Int32Array(kept);
  const outTime = new Float64Array(kept);
  const outEvent = new Uint8Array(kept);
  const treated = new Float64Array(kept);
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (!(time[i]! > landmark)) continue;
    rows[k] = i;
    outTime[k] = time[i]! - landmark;
    outEvent[k] = event[i]!;
    treated[k] = tx[i]! <= landmark ? 1 : 0; // NaN (never treated) compares false
    k++;
  }
  return { landmark, rows, time: outTime, event: outEvent, treated, nExcluded: n - kept };
}
