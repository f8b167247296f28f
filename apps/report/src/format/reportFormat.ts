import {
  DEFAULT_INTERVAL_SEPARATOR,
  formatHazardRatio,
  formatInterval,
  formatMedian,
  formatMedianRange,
  type IntervalSeparator,
} from './index.js';

/**
 * The words for a model with one covariate and a model with several. Statisticians prefer
 * "univariable/multivariable" (a "multivariate" model has several outcomes); the study paper says
 * "univariate/multivariate", and the built-in plan keeps its wording.
 */
export const MODEL_WORDINGS = ['univariable', 'univariate'] as const;
export type ModelWording = (typeof MODEL_WORDINGS)[number];

/** The typographic choices a plan may make (`format` in the plan). */
export interface FormatOptions {
  readonly intervalSeparator: IntervalSeparator;
  readonly modelWording: ModelWording;
}

export const DEFAULT_FORMAT_OPTIONS: FormatOptions = {
  intervalSeparator: DEFAULT_INTERVAL_SEPARATOR,
  modelWording: 'univariable',
};

/**
 * The formatter functions whose output depends on the plan's choices, bound once per report so that
 * every table, legend and sentence joins intervals and names models the same way.
 */
export interface ReportFormat {
  readonly options: FormatOptions;
  hazardRatio(hr: number, lower: number, upper: number, digits?: number): string;
  interval(lower: number | null | undefined, upper: number | null | undefined, digits: number): string;
  median(
    median: { estimate: number | null; lower: number | null; upper: number | null },
    digits?: number,
  ): string;
  medianRange(median: number, min: number, max: number, dataDecimals?: number): string;
  /** "univariable" or "univariate", lower case. */
  readonly univariable: string;
  /** "multivariable" or "multivariate", lower case. */
  readonly multivariable: string;
}

/**
 * @example reportFormat({ intervalSeparator: ' to ' }).hazardRatio(0.69, 0.553, 0.861) // "0.690 (0.553 to 0.861)"
 */
export function reportFormat(options: Partial<FormatOptions> = {}): ReportFormat {
  const o: FormatOptions = { ...DEFAULT_FORMAT_OPTIONS, ...options };
  const sep = o.intervalSeparator;
  return {
    options: o,
    hazardRatio: (hr, lower, upper, digits = 3) => formatHazardRatio(hr, lower, upper, digits, sep),
    interval: (lower, upper, digits) => formatInterval(lower, upper, digits, sep),
    median: (median, digits = 1) => formatMedian(median, digits, sep),
    medianRange: (median, min, max, dataDecimals) => formatMedianRange(median, min, max, dataDecimals, sep),
    univariable: o.modelWording === 'univariate' ? 'univariate' : 'univariable',
    multivariable: o.modelWording === 'univariate' ? 'multivariate' : 'multivariable',
  };
}

/** "Univariable" from "univariable": for headings and sentence starts. */
export function capitalise(word: string): string {
  return word.length === 0 ? word : word[0]!.toUpperCase() + word.slice(1);
}

/**
 * A dictionary label inside a sentence: the first letter lower-cased ("Age group" → "age group"),
 * but an acronym or a word with capitals inside it kept ("ECOG", "HER2 status", "pT stage").
 * Never the whole label lower-cased: that turns "HER2 status" into "her2 status".
 */
export function inSentence(label: string): string {
  return /^[A-Z][a-z]/.test(label) && !/^[A-Z][a-z]*[A-Z0-9]/.test(label)
    ? label[0]!.toLowerCase() + label.slice(1)
    : label;
}
