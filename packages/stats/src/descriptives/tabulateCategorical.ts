import { checkOptions, StatsInputError } from '../errors.js';

/** Options of {@link tabulateCategorical}. */
export interface TabulateOptions {
  /**
   * `'level'` (default): missing values form their own category, `missingLabel`, counted in the
   * percentage denominator — the paper's "Unknown" rows. `'exclude'`: missing values are only
   * counted in `nMissing` and percentages use the non-missing total.
   */
  readonly missing?: 'level' | 'exclude';
  /**
   * Label of the missing category (default `"Unknown"`). If it is also one of `levels`, missing
   * values are added to that level.
   */
  readonly missingLabel?: string;
}

/** Counts and percentages of a categorical variable, one entry per reported level. */
export interface CategoricalTabulation {
  /** Reported levels in order: the given `levels`, then the missing category when it is reported. */
  readonly levels: readonly string[];
  readonly counts: readonly number[];
  /** 100 · count / denominator (not rounded: formatting is the report's job). */
  readonly percent: readonly number[];
  /** Percentage denominator: all values with `missing: 'level'`, non-missing ones with `'exclude'`. */
  readonly denominator: number;
  /** Number of missing values (`null`, `undefined`, empty string). */
  readonly nMissing: number;
}

const FN = 'tabulateCategorical';

/**
 * Frequencies and percentages of a categorical variable over a fixed list of levels, including
 * levels nobody has (the paper prints "grade 1: 0 (0%)"), as R's
 * `table(factor(x, levels), useNA = "ifany")` and `100 * prop.table(...)`.
 *
 * The missing category (default label "Unknown") is reported only when some value is missing or
 * when `missingLabel` is itself one of `levels`.
 *
 * @param values - one code per patient; `null`, `undefined` and `''` are missing.
 * @param levels - every allowed code, in report order (no duplicates).
 * @throws {StatsInputError} for a value that is not among `levels` (naming its index), duplicate
 *   levels, or no values at all.
 * @example
 * // R: x <- factor(c("2", "3", NA, "2"), levels = c("1", "2", "3")); table(x, useNA = "ifany")
 * tabulateCategorical(['2', '3', null, '2'], ['1', '2', '3']);
 * // { levels: ['1','2','3','Unknown'], counts: [0, 2, 1, 1], percent: [0, 50, 25, 25], denominator: 4, nMissing: 1 }
 */
export function tabulateCategorical(
  values: readonly (string | null | undefined)[],
  levels: readonly string[],
  options: TabulateOptions = {},
): CategoricalTabulation {
  checkOptions(FN, options);
  if (!Array.isArray(values))
    throw new StatsInputError(FN, 'expected an array of codes', { field: 'values' });
  if (!Array.isArray(levels) || levels.length === 0) {
    throw new StatsInputError(FN, 'expected a non-empty array of levels', { field: 'levels' });
  }
  const missingMode = options.missing ?? 'level';
  const missingLabel = options.missingLabel ?? 'Unknown';
  const position = new Map<string, number>();
  levels.forEach((level, k) => {
    if (position.has(level)) {
      throw new StatsInputError(FN, `level "${level}" is listed twice`, { field: 'levels', row: k });
    }
    position.set(level, k);
  });
  if (values.length === 0) throw new StatsInputError(FN, 'no values to tabulate', { field: 'values' });
  const counts = new Array<number>(levels.length).fill(0);
  let nMissing = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || v === '') {
      nMissing++;
      continue;
    }
    const k = position.get(v);
    if (k === undefined) {
      throw new StatsInputError(FN, `value "${String(v)}" is not one of the levels [${levels.join(', ')}]`, {
        field: 'values',
        row: i,
      });
    }
    counts[k]!++;
  }

  const reported = [...levels];
  if (missingMode === 'level') {
    const existing = position.get(missingLabel);
    if (existing !== undefined) counts[existing]! += nMissing;
    else if (nMissing > 0) {
      reported.push(missingLabel);
      counts.push(nMissing);
    }
  }
  const denominator = missingMode === 'level' ? values.length : values.length - nMissing;
  const percent = counts.map((c) => (denominator === 0 ? 0 : (100 * c) / denominator));
  return { levels: reported, counts, percent, denominator, nMissing };
}
