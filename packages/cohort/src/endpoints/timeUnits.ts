/** The units a follow-up time may be recorded or shown in. */
export const TIME_UNITS = ['days', 'weeks', 'months', 'years'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

/** Days in an average month: the conversion R users apply as `days / (365.25 / 12)`. */
export const DAYS_PER_MONTH = 365.25 / 12;

/**
 * Days in each unit: the one constant set every conversion uses (a Julian year of 365.25 days, a
 * month of a twelfth of it), so that a time read in days and shown in months is `days / (365.25 / 12)`
 * exactly as an R user computes it.
 */
export const DAYS_PER_UNIT: Readonly<Record<TimeUnit, number>> = {
  days: 1,
  weeks: 7,
  months: DAYS_PER_MONTH,
  years: 365.25,
};

/**
 * Converts a time from one unit to another. Same unit: unchanged (no round trip through days);
 * from days: one division, as R's `time / (365.25 / 12)`; otherwise through days.
 *
 * @example convertTime(365.25, 'days', 'months') // 12
 */
export function convertTime(t: number, from: TimeUnit, to: TimeUnit): number {
  if (from === to) return t;
  if (from === 'days') return t / DAYS_PER_UNIT[to];
  if (to === 'days') return t * DAYS_PER_UNIT[from];
  return (t * DAYS_PER_UNIT[from]) / DAYS_PER_UNIT[to];
}
