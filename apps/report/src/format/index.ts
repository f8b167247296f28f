/**
 * The one formatter of the report: every number that reaches the PDF, the JSON or the CSV as text goes
 * through these functions, so a p-value or a hazard ratio reads the same in Table 2, in a figure legend
 * and in the results paragraph. The engine returns numbers only (STYLE.md rule 4).
 */

/**
 * How an interval's two limits are joined: an en dash by default ("0.784–1.209"); some journals want
 * "0.784 to 1.209" or "0.784, 1.209". One separator serves every interval of a report (HR CIs, median
 * CIs, ranges), chosen by the plan's `format.intervalSeparator`.
 */
export const INTERVAL_SEPARATORS = ['–', ' to ', ', '] as const;
export type IntervalSeparator = (typeof INTERVAL_SEPARATORS)[number];
export const DEFAULT_INTERVAL_SEPARATOR: IntervalSeparator = '–';

/** Shown where a quantity does not exist (an unreached median, an upper limit of a median's CI). */
export const NOT_AVAILABLE = 'NA';
/** Shown where a coefficient is not estimable (the paper's Table 3 uses an en dash). */
export const NOT_ESTIMABLE = '–';

/**
 * A p-value as journals print it: three decimals, "<0.001" below 0.0005 after rounding.
 * @example formatP(0.0004) // "<0.001"; formatP(0.0725) // "0.073"; formatP(1) // "1.000"
 */
export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined || Number.isNaN(p)) return NOT_AVAILABLE;
  const rounded = Number(p.toFixed(3));
  if (rounded < 0.001) return '<0.001';
  return rounded.toFixed(3);
}

/**
 * The relation and value of a p-value after "p" in running text and legends.
 * @example pRelation(0.0301) // "= 0.030"; pRelation(0.00002) // "< 0.001"
 */
export function pRelation(p: number | null | undefined): string {
  const f = formatP(p);
  return f.startsWith('<') ? `< ${f.slice(1)}` : `= ${f}`;
}

/** Axis labels of a hazard-ratio scale: 0.05, 0.1, 0.2, 0.5, 1, 2, 5 … as written. */
export function formatTick(x: number): string {
  return String(Number(x.toPrecision(3)));
}

/**
 * A number with fixed decimals, "NA" for NaN/null/±Infinity.
 * @example formatNumber(2.6781, 3) // "2.678"; formatNumber(Number.NaN, 1) // "NA"
 */
export function formatNumber(x: number | null | undefined, digits: number): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return NOT_AVAILABLE;
  const s = x.toFixed(digits);
  // "-0.0" reads as a sign error in a table.
  return /^-0(\.0+)?$/.test(s) ? s.slice(1) : s;
}

/**
 * Two limits joined by the interval separator, each with fixed decimals ("NA" where not reached).
 * @example formatInterval(1.67099, 4.29201, 3) // "1.671–4.292"; formatInterval(19.2, null, 1, ' to ') // "19.2 to NA"
 */
export function formatInterval(
  lower: number | null | undefined,
  upper: number | null | undefined,
  digits: number,
  separator: IntervalSeparator = DEFAULT_INTERVAL_SEPARATOR,
): string {
  return `${formatNumber(lower, digits)}${separator}${formatNumber(upper, digits)}`;
}

/**
 * A hazard ratio with its confidence interval in the paper's layout: "2.678 (1.671–4.292)".
 * Not estimable (non-finite HR) gives "–".
 * @example formatHazardRatio(2.6781, 1.67099, 4.29201) // "2.678 (1.671–4.292)"
 */
export function formatHazardRatio(
  hr: number,
  lower: number,
  upper: number,
  digits = 3,
  separator: IntervalSeparator = DEFAULT_INTERVAL_SEPARATOR,
): string {
  if (!Number.isFinite(hr) || hr <= 0) return NOT_ESTIMABLE;
  return `${formatNumber(hr, digits)} (${formatInterval(lower, upper, digits, separator)})`;
}

/** A reference level's hazard ratio. */
export function formatReference(digits = 3): string {
  return (1).toFixed(digits);
}

/**
 * A median survival time with its CI, as in the paper's text: "25.7 (19.2–NA)". An unreached median
 * is "NA"; so is an unreached confidence limit.
 * @example formatMedian({ estimate: 25.7, lower: 19.2, upper: null }) // "25.7 (19.2–NA)"
 */
export function formatMedian(
  median: { estimate: number | null; lower: number | null; upper: number | null },
  digits = 1,
  separator: IntervalSeparator = DEFAULT_INTERVAL_SEPARATOR,
): string {
  return `${formatNumber(median.estimate, digits)} (${formatInterval(median.lower, median.upper, digits, separator)})`;
}

/**
 * A percentage of a count, one decimal as the paper's Table 1 ("54.2%"), but "0%" and "100%" without
 * decimals, as printed there.
 * @example formatPercent(13, 24) // "54.2%"; formatPercent(0, 24) // "0%"
 */
export function formatPercent(count: number, total: number): string {
  if (total <= 0) return NOT_AVAILABLE;
  const pct = (100 * count) / total;
  if (count === 0) return '0%';
  if (count === total) return '100%';
  return `${pct.toFixed(1)}%`;
}

/**
 * "n (pct%)" as in Table 1.
 * @example formatCountPercent(13, 24) // "13 (54.2%)"
 */
export function formatCountPercent(count: number, total: number): string {
  return `${count} (${formatPercent(count, total)})`;
}

/** A survival probability as a percentage with one decimal ("83.4%"), "NA" when not estimable. */
export function formatSurvivalPercent(s: number | null | undefined): string {
  if (s === null || s === undefined || !Number.isFinite(s)) return NOT_AVAILABLE;
  return `${(100 * s).toFixed(1)}%`;
}

/**
 * Median (range) of a continuous variable, every number with the decimals the variable is recorded
 * with (at most one), so that a column reads evenly: "1.4 (0.3–20.0)", not "1.4 (0.3–20)". A median
 * of whole numbers that falls between two of them keeps its half ("48.5 (26–79)").
 * @param dataDecimals - 0 for whole-number data, 1 otherwise; default: read from `min` and `max`.
 * @example formatMedianRange(48, 26, 79) // "48 (26–79)"; formatMedianRange(8, -13, 68) // "8 (−13–68)"
 */
export function formatMedianRange(
  median: number,
  min: number,
  max: number,
  dataDecimals: number = Number.isInteger(min) && Number.isInteger(max) ? 0 : 1,
  separator: IntervalSeparator = DEFAULT_INTERVAL_SEPARATOR,
): string {
  if (!Number.isFinite(median)) return NOT_AVAILABLE;
  let d = Math.min(Math.max(0, Math.trunc(dataDecimals)), 1);
  // One decimal, as the paper prints — but never a recorded non-zero value shown as 0.0 (a minimum
  // of 0.01 read "0.0"): more decimals, up to four, until each shows.
  const vanishes = (x: number) => x !== 0 && Number(x.toFixed(d)) === 0;
  while (d >= 1 && d < 4 && (vanishes(median) || vanishes(min) || vanishes(max))) d++;
  // A typographic minus keeps "−13–68" from reading as a dash-separated range.
  const f = (x: number, digits: number) => x.toFixed(digits).replace(/^-/, '−');
  const medianDigits = d === 0 && !Number.isInteger(median) ? 1 : d;
  return `${f(median, medianDigits)} (${f(min, d)}${separator}${f(max, d)})`;
}

/** Integers without decimals, other numbers with `digits` decimals. */
export function formatCompact(x: number, digits = 1): string {
  if (!Number.isFinite(x)) return NOT_AVAILABLE;
  return Number.isInteger(x) ? String(x) : x.toFixed(digits);
}

/** A test statistic (χ², z, LR): two decimals. */
export function formatStatistic(x: number | null | undefined): string {
  return formatNumber(x, 2);
}

/** Short unit names for narrow column headings ("12 mo"). */
export const TIME_UNIT_ABBREVIATION = { days: 'd', weeks: 'wk', months: 'mo', years: 'y' } as const;

/**
 * Decimals of a median survival time in a display unit: whole days (as survfit prints day data;
 * "118.0 days" suggests a precision no follow-up in days has), one decimal for weeks, months, years.
 */
export function timeDigits(unit: keyof typeof TIME_UNIT_ABBREVIATION): number {
  return unit === 'days' ? 0 : 1;
}

/** A time (in the report's unit) for axis ticks and landmark labels: integers without decimals. */
export function formatMonths(t: number): string {
  return formatCompact(t, 1);
}

/**
 * A moment to the minute in UTC, for the report's "generated" and "validated" lines.
 * @example formatTimestamp(new Date('2026-11-26T20:31:05Z')) // "2026-11-26 20:31 UTC"
 */
export function formatTimestamp(date: Date): string {
  return `${date.toISOString().replace('T', ' ').slice(0, 16)} UTC`;
}

const SUPERSCRIPT: Readonly<Record<string, string>> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

/**
 * A time-axis tick: as formatMonths up to 999,999; beyond, three significant digits times a power of
 * ten, so that an axis reaching 1e12 or 1e300 still has labels that fit under their ticks.
 * @example formatAxisTime(36) // "36"; formatAxisTime(2.4e13) // "2.4×10¹³"
 */
export function formatAxisTime(t: number): string {
  if (!Number.isFinite(t)) return NOT_AVAILABLE;
  if (Math.abs(t) < 1e6) return formatMonths(t);
  const [mantissa, exponent] = t.toExponential(2).split('e') as [string, string];
  const m = mantissa.replace(/\.?0+$/, '');
  const power = `10${[...String(Number(exponent))].map((c) => SUPERSCRIPT[c] ?? c).join('')}`;
  return m === '1' ? power : `${m}×${power}`;
}
