import { StatsInputError } from '../errors.js';
import { checkLength, readEvents, readTimes } from '../internal/prepare.js';
import { readTreatmentTimes } from './internal/readTreatment.js';

/** One row per patient for {@link splitAtTreatment}; follow-up runs from 0 to `time`. */
export interface SplitAtTreatmentData {
  /** End of follow-up, finite and > 0 (tmerge's default start of 0 needs a later stop). */
  readonly time: ArrayLike<number>;
  /** 1/true = event at `time`, 0/false = censored. */
  readonly event: ArrayLike<number | boolean>;
  /** Time of treatment on the same scale; `null`/`undefined`/NaN = not treated. */
  readonly treatmentTime: ArrayLike<number | null | undefined>;
  /** Baseline covariates, copied onto every row of their patient. */
  readonly covariates?: Readonly<Record<string, ArrayLike<number>>>;
}

/**
 * Counting-process rows `(entry, time]`, as `tmerge` writes them (columns tstart, tstop, the event
 * and the tdc), in patient order and time order within a patient. Ready for
 * `coxPH({ entry, time, event, covariates: { treated, ...covariates } })`.
 */
export interface SplitAtTreatmentResult {
  /** Zero-based input row of each output row (use as `cluster` for robust SEs). */
  readonly subject: Int32Array;
  /** Start of the interval (tmerge's `tstart`). */
  readonly entry: Float64Array;
  /** End of the interval (tmerge's `tstop`). */
  readonly time: Float64Array;
  /** 1 on a patient's last row when the patient had the event; 0 elsewhere. */
  readonly event: Uint8Array;
  /** Time-dependent treatment indicator: 0 before the treatment time, 1 from it on. */
  readonly treated: Float64Array;
  readonly covariates: Readonly<Record<string, Float64Array>>;
  /** Patients whose follow-up was split in two (treated strictly inside it). */
  readonly nSplit: number;
  /**
   * Person-time before treatment of the patients treated strictly inside follow-up — the "immortal"
   * time a from-baseline comparison would have counted as treated time.
   */
  readonly immortalTime: number;
}

const FN = 'splitAtTreatment';

/**
 * Splits each patient's follow-up at the treatment time into counting-process rows with a
 * time-dependent treatment indicator, as R's
 * `tmerge(d, d, id = id, death = event(time, event), trt = tdc(treatmentTime))` (survival 3.5-3).
 *
 * tmerge's rules (R/tmerge.R: a tdc time strictly inside (0, time) splits the interval; the value
 * of an interval is that of the last tdc time strictly before its end, C routine `tmerge2`):
 * - treatment at t with 0 < t < time: rows (0, t] untreated, censored, and (t, time] treated,
 *   carrying the event;
 * - treatment at or before 0 (also negative times): one treated row (0, time];
 * - treatment at or after the end of follow-up, or none: one untreated row (0, time].
 * A treatment on the day of death therefore leaves the patient untreated; the survival vignette
 * moves such a treatment half a day earlier by hand, and so must the caller if that is wanted.
 *
 * @throws {StatsInputError} for empty data, a length mismatch, a time that is not finite and > 0,
 *   an event other than 0/1/boolean, a treatment time that is not finite or missing, or a
 *   covariate value that is not a number.
 * @example
 * // R: s <- tmerge(jasa1, jasa1, id = id, death = event(futime, fustat), trt = tdc(txtime))
 * //    coxph(Surv(tstart, tstop, death) ~ trt + age + surgery, data = s)
 * const s = splitAtTreatment({ time: futime, event: fustat, treatmentTime: txtime, covariates: { age, surgery } });
 * coxPH({ entry: s.entry, time: s.time, event: s.event, covariates: { trt: s.treated, ...s.covariates } });
 */
export function splitAtTreatment(data: SplitAtTreatmentData): SplitAtTreatmentResult {
  const stop = readTimes(FN, data?.time);
  const n = stop.length;
  for (let i = 0; i < n; i++) {
    if (!(stop[i]! > 0)) {
      throw new StatsInputError(
        FN,
        `time is ${stop[i]}; expected > 0 (follow-up starts at 0, as tmerge's default tstart)`,
        {
          field: 'time',
          row: i,
        },
      );
    }
  }
  const event = readEvents(FN, data.event, n);
  const tx = readTreatmentTimes(FN, data.treatmentTime, n);
  const covariateColumns = readCovariates(data.covariates, n);

  let rows = n;
  for (let i = 0; i < n; i++) if (tx[i]! > 0 && tx[i]! < stop[i]!) rows++;
  const subject = new Int32Array(rows);
  const entry = new Float64Array(rows);
  const time = new Float64Array(rows);
  const outEvent = new Uint8Array(rows);
  const treated = new Float64Array(rows);
  let r = 0;
  let immortalTime = 0;
  for (let i = 0; i < n; i++) {
    const t = tx[i]!;
    subject[r] = i;
    if (t > 0 && t < stop[i]!) {
      time[r] = t;
      r++;
      subject[r] = i;
      entry[r] = t;
      immortalTime += t;
    }
    time[r] = stop[i]!;
    outEvent[r] = event[i]!;
    // NaN (never treated) fails the comparison: untreated, as tmerge with no tdc time.
    treated[r] = t < stop[i]! ? 1 : 0;
    r++;
  }
  const covariates: Record<string, Float64Array> = {};
  for (const [name, values] of covariateColumns) {
    const out = new Float64Array(rows);
    for (let k = 0; k < rows; k++) out[k] = values[subject[k]!]!;
    covariates[name] = out;
  }
  return { subject, entry, time, event: outEvent, treated, covariates, nSplit: rows - n, immortalTime };
}

function readCovariates(
  covariates: Readonly<Record<string, ArrayLike<number>>> | undefined,
  n: number,
): Array<[string, ArrayLike<number>]> {
  if (covariates === undefined) return [];
  if (covariates === null || typeof covariates !== 'object') {
    throw new StatsInputError(FN, 'expected an object of covariate columns', { field: 'covariates' });
  }
  const out: Array<[string, ArrayLike<number>]> = [];
  for (const [name, values] of Object.entries(covariates)) {
    const field = `covariates.${name}`;
    checkLength(FN, field, values, n);
    for (let i = 0; i < n; i++) {
      if (typeof values[i] !== 'number') {
        throw new StatsInputError(FN, `value is ${String(values[i])}; expected a number`, { field, row: i });
      }
    }
    out.push([name, values]);
  }
  return out;
}
