/** The time units a survival axis can be drawn in. */
export type TimeUnit = 'days' | 'weeks' | 'months' | 'years';

/** At most this many intervals (so at most one more tick) on a time axis, whatever the range. */
export const MAX_TIME_INTERVALS = 10;

/**
 * Steps a clinical reader expects for each unit, tried smallest first: months in quarters, half
 * years and years; days in weeks, months (30), quarters (90) and years (365) …
 */
const UNIT_STEPS: Readonly<Record<TimeUnit, readonly number[]>> = {
  days: [1, 2, 7, 14, 30, 60, 90, 180, 365, 730, 1825, 3650],
  weeks: [1, 2, 4, 8, 13, 26, 52, 104, 260, 520],
  months: [1, 2, 3, 6, 12, 24, 36, 48, 60, 120, 240, 600, 1200],
  years: [1, 2, 5, 10, 20, 50, 100],
};

/** Beyond its family a unit steps in whole years (1-2-5×10^k of them), so ticks stay readable. */
const PER_YEAR: Readonly<Record<TimeUnit, number>> = { days: 365, weeks: 52, months: 12, years: 1 };

/** Follow-up longer than this many years is implausible for a human cohort in any unit. */
export const PLAUSIBLE_YEARS = 150;
const UNITS_PER_YEAR: Readonly<Record<TimeUnit, number>> = {
  days: 365.25,
  weeks: 365.25 / 7,
  months: 12,
  years: 1,
};

/** The smallest 1-2-5×10^k at or above x (x > 0, finite); never Infinity. */
function nice125(x: number): number {
  const base = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) if (m * base >= x) return m * base;
  return 10 * base;
}

/**
 * X-axis breaks for a survival plot over [0, maxTime] in `unit`: multiples of a step from the unit's
 * family (months: 3, 6, 12, 24 …), or beyond it whole years in a 1-2-5×10^k pattern, with at most
 * {@link MAX_TIME_INTERVALS} intervals, ending at or just after `maxTime`. Any finite range gives a
 * short array in constant time (a time of 1e300 no longer allocates 1e299 ticks); a non-positive or
 * non-finite `maxTime` gives [0, 1]. Where the next nice tick would overflow (maxTime near
 * Number.MAX_VALUE) the axis ends at the last finite tick below it.
 */
export function timeTicks(maxTime: number, unit: TimeUnit = 'months'): number[] {
  const end = maxTime > 0 && Number.isFinite(maxTime) ? maxTime : 1;
  // A relative tolerance, so 36.000000001 months still ends at 36 (float noise in a conversion).
  const intervals = (step: number) => Math.ceil(end / step - 1e-9);
  let step = UNIT_STEPS[unit].find((s) => intervals(s) <= MAX_TIME_INTERVALS);
  if (step === undefined) {
    const perYear = PER_YEAR[unit];
    step = perYear * nice125(end / perYear / MAX_TIME_INTERVALS);
    // Rounding in end / perYear / 10 can leave eleven intervals; the next step always fits.
    if (intervals(step) > MAX_TIME_INTERVALS) step = perYear * nice125((step / perYear) * 1.5);
  }
  const n = Math.min(Math.max(1, intervals(step)), MAX_TIME_INTERVALS);
  const ticks: number[] = [];
  for (let i = 0; i <= n; i++) {
    const t = i * step;
    if (!Number.isFinite(t)) break;
    ticks.push(t);
  }
  return ticks;
}

/** The right end of a time axis: its last tick, or the last time where that tick fell short (overflow). */
export function axisEnd(ticks: readonly number[], maxTime: number): number {
  const last = ticks[ticks.length - 1] ?? 1;
  return Number.isFinite(maxTime) && maxTime > last ? maxTime : last;
}

/**
 * A sentence for the report when the longest follow-up is implausible for its unit (over
 * {@link PLAUSIBLE_YEARS} years: times recorded in seconds or days under a dictionary that says
 * months, or a typing error), else null. The plot is still drawn, on a bounded axis.
 */
export function implausibleFollowUp(maxTime: number, unit: TimeUnit, where: string): string | null {
  const years = maxTime / UNITS_PER_YEAR[unit];
  if (!(years > PLAUSIBLE_YEARS)) return null;
  return `${where}: the longest follow-up is ${maxTime.toPrecision(3)} ${unit} (about ${years.toPrecision(3)} years), more than ${PLAUSIBLE_YEARS} years; check the time unit in the data dictionary and the data`;
}

/** Log-scale ticks for hazard-ratio axes covering [lo, hi]. */
export function hazardRatioTicks(lo: number, hi: number): number[] {
  const candidates = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100];
  const a = candidates.filter((t) => t <= lo).pop() ?? candidates[0]!;
  const b = candidates.find((t) => t >= hi) ?? candidates[candidates.length - 1]!;
  return candidates.filter((t) => t >= a && t <= b);
}
