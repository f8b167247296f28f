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

/** Below this a step's power of ten underflows (10^-324 is 0); axes that fine are not drawn. */
const SMALLEST_STEP = 1e-300;

/** The smallest 1-2-5×10^k at or above x (finite), at least SMALLEST_STEP; never Infinity. */
function nice125(x: number): number {
  if (!(x > SMALLEST_STEP)) return SMALLEST_STEP;
  const base = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) if (m * base >= x) return m * base;
  return 10 * base;
}

export interface TickOptions {
  /** Steps a reader expects, tried smallest first (months: 3, 6, 12 …); none: 1-2-5×10^k only. */
  readonly steps?: readonly number[];
  /** Beyond `steps`, the step is `perUnit` × 1-2-5×10^k (months: 12, whole years); default 1. */
  readonly perUnit?: number;
}

/**
 * "Nice" breaks covering [lo, hi] for any finite lo and hi: multiples of one step, at most
 * {@link MAX_TIME_INTERVALS} intervals, the first at or below lo and the last at or above hi (or the
 * last finite multiple where the next would overflow). The step is the first of `steps` that fits,
 * else `perUnit` × 1-2-5×10^k. Constant work whatever the range; a non-finite bound gives [0, 1] and
 * a single value v the axis from 0 to v.
 */
export function niceTicks(lo: number, hi: number, options: TickOptions = {}): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  let [a, b] = lo <= hi ? [lo, hi] : [hi, lo];
  if (a === b) [a, b] = a === 0 ? [0, 1] : [Math.min(0, a), Math.max(0, a)];
  const perUnit = options.perUnit ?? 1;
  // A relative tolerance, so 36.000000001 months still ends at 36 (float noise in a conversion).
  const first = (step: number) => Math.floor(a / step + 1e-9);
  const last = (step: number) => Math.ceil(b / step - 1e-9);
  const fits = (step: number) => Math.max(last(step), first(step) + 1) - first(step) <= MAX_TIME_INTERVALS;
  let step = options.steps?.find(fits);
  if (step === undefined) {
    // (b − a)/10 computed as b/10 − a/10: the difference itself overflows for ±Number.MAX_VALUE.
    step = perUnit * nice125((b / MAX_TIME_INTERVALS - a / MAX_TIME_INTERVALS) / perUnit);
    // Alignment to multiples of the step can cost an interval; the next nice step always fits.
    // (Each turn at least doubles the step; two turns suffice, the bound only guards float corner cases.)
    for (let turn = 0; turn < 8 && !fits(step); turn++) step = perUnit * nice125((step / perUnit) * 1.5);
    if (!fits(step)) return [a, b];
  }
  const ticks: number[] = [];
  // At least one interval: a range narrower than the tolerance still gets an axis. Counted from the
  // first multiple, as beyond 2^53 multiples i + 1 === i and a loop over i would never end.
  const i0 = first(step);
  const intervals = Math.min(Math.max(last(step) - i0, 1), MAX_TIME_INTERVALS);
  for (let k = 0; k <= intervals; k++) {
    const t = (i0 + k) * step;
    if (Number.isFinite(t)) ticks.push(t === 0 ? 0 : t);
  }
  return ticks;
}

/**
 * X-axis breaks for a survival plot over [0, maxTime] in `unit`: multiples of a step from the unit's
 * family (months: 3, 6, 12, 24 …), or beyond it whole years in a 1-2-5×10^k pattern, with at most
 * {@link MAX_TIME_INTERVALS} intervals, ending at or just after `maxTime`. A time of 1e300 no longer
 * allocates 1e299 ticks; a non-positive or non-finite `maxTime` gives [0, 1].
 */
export function timeTicks(maxTime: number, unit: TimeUnit = 'months'): number[] {
  const end = maxTime > 0 && Number.isFinite(maxTime) ? maxTime : 1;
  return niceTicks(0, end, { steps: UNIT_STEPS[unit], perUnit: PER_YEAR[unit] });
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
