import { StatsInputError } from '../errors.js';
import { type LogisticOptions, type LogisticResult, logisticRegression } from './logisticRegression.js';
import { buildDesign, type DesignVariable } from './model/designMatrix.js';
import type { CategoricalColumn, NumericColumn } from './model/types.js';

const FN = 'logisticModel';

export interface LogisticModelResult {
  /** The fit; coefficient names are the design's (`'age'`, `'differ=poor'`). */
  readonly fit: LogisticResult;
  /** The design variables (reference levels, per-level counts), as for the Cox tables. */
  readonly variables: readonly DesignVariable[];
  /** Input row of each analysed row; `fit.fitted[k]` belongs to input row `rows[k]`. */
  readonly rows: Int32Array;
  /** Rows left out for a missing outcome or variable (R's `na.omit`). */
  readonly nDropped: number;
  /** The design's warnings (dropped or constant levels) followed by the fit's. */
  readonly warnings: readonly string[];
}

/**
 * Logistic regression on model variables, R's `glm(y ~ v1 + v2 + …, family = binomial)` with
 * treatment contrasts: the modelling layer's `buildDesign` drops incomplete rows and expands each
 * categorical variable against its reference level, then `logisticRegression` fits the design with
 * one likelihood-ratio test per variable (`drop1(fit, test = "LRT")`). The typical use is a
 * propensity-score model: `outcome` = treatment indicator, `fit.fitted` = the scores of `rows`.
 *
 * @param outcome - 0/1 or boolean per row; `NaN` = missing (the row is dropped).
 * @throws {StatsInputError} as `buildDesign` and `logisticRegression`, and for an outcome not 0/1.
 */
export function logisticModel(
  outcome: ArrayLike<number | boolean>,
  variables: Readonly<Record<string, CategoricalColumn | NumericColumn>>,
  variableNames: readonly string[],
  options: Omit<LogisticOptions, 'terms'> = {},
): LogisticModelResult {
  const n = outcome.length;
  for (let i = 0; i < n; i++) {
    const v = outcome[i]!;
    if (!(v === 0 || v === 1 || typeof v === 'boolean' || Number.isNaN(v)))
      throw new StatsInputError(FN, `is ${String(v)}; expected 0/1, a boolean or NaN (missing)`, {
        field: 'outcome',
        row: i,
      });
  }
  // buildDesign is written for a survival outcome; a constant "time" makes its complete-case rule
  // depend on the outcome (carried as the event) and the variables only.
  const design = buildDesign(
    FN,
    { time: new Float64Array(n).fill(1), event: outcome, variables },
    variableNames,
  );
  const fit = logisticRegression(
    { y: design.event, covariates: design.covariates },
    {
      ...options,
      terms: design.variables.map((v) => ({ name: v.name, columns: v.columns.map((c) => c.term) })),
    },
  );
  return {
    fit,
    variables: design.variables,
    rows: design.rows,
    nDropped: design.nDropped,
    warnings: [...design.warnings, ...fit.warnings],
  };
}
