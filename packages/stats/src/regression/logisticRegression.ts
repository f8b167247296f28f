import gammaln from '@stdlib/math-base-special-gammaln';
import { DEFAULTS } from '../defaults.js';
import { chiSquareUpperTail } from '../distributions/chiSquare.js';
import { normalTwoSidedP, zForConfLevel } from '../distributions/normal.js';
import { StatsInputError } from '../errors.js';
import { expandCells, type FitRows, fitRows } from './internal/binomialCells.js';
import { binomialDeviance, binomialIrls, cellDeviance, type IrlsFit } from './internal/binomialIrls.js';

const FN = 'logisticRegression';

/**
 * A binomial GLM's data, column-wise (R: `glm(y ~ x1 + x2, family = binomial, weights = w)`).
 * Categorical variables must already be expanded to 0/1 indicator columns (the Cox modelling
 * layer's `buildDesign` is tied to a survival outcome, so this function takes the numeric design).
 */
export interface LogisticData {
  /** Outcome: 0/1 or `false`/`true`, or a proportion in [0, 1] (then `weights` are the trials). */
  readonly y: ArrayLike<number | boolean>;
  /** Numeric design columns in model order; each key is a coefficient name. May be empty. */
  readonly covariates: Readonly<Record<string, ArrayLike<number>>>;
  /** Prior weights, finite and ≥ 0 (R's `weights =`); a 0 weight leaves the row out of the fit. */
  readonly weights?: ArrayLike<number>;
}

/** Options of `logisticRegression`, with R's defaults. */
export interface LogisticOptions {
  /** Add an `(Intercept)` column, as a formula does unless `- 1`. Default `true`. */
  readonly intercept?: boolean;
  /** `glm.control(maxit)`. Default 25. */
  readonly maxIter?: number;
  /** `glm.control(epsilon)`. Default 1e-8. */
  readonly epsilon?: number;
  /** Confidence level of the Wald odds-ratio limits (`confint.default`). Default 0.95. */
  readonly confLevel?: number;
  /**
   * Terms for the likelihood-ratio tests (`drop1(fit, test = "LRT")`): each a name and the
   * covariate columns it owns (a categorical variable's indicators together). Default: one term
   * per covariate column. `[]` skips the refits.
   */
  readonly terms?: ReadonlyArray<{ readonly name: string; readonly columns: readonly string[] }>;
}

/** One coefficient row, as `summary(fit)$coefficients`; `null` where R reports NA (aliased). */
export interface LogisticTerm {
  readonly name: string;
  readonly coef: number | null;
  readonly stdErr: number | null;
  /** exp(coef). */
  readonly oddsRatio: number | null;
  /** Wald limits of the odds ratio, exp(coef ∓ z·stdErr) (R's `confint.default`, not profile). */
  readonly lower: number | null;
  readonly upper: number | null;
  readonly z: number | null;
  /** Wald p, 2·Φ(−|z|). */
  readonly pValue: number | null;
}

/** A likelihood-ratio test of one term, as a row of `drop1(fit, test = "LRT")`. */
export interface LogisticTermTest {
  readonly name: string;
  readonly columns: readonly string[];
  /** Deviance of the model without the term. */
  readonly deviance: number;
  readonly statistic: number;
  readonly df: number;
  /** `null` when dropping the term removes no estimable column (df 0). */
  readonly pValue: number | null;
}

export interface LogisticResult {
  readonly terms: readonly LogisticTerm[];
  readonly termTests: readonly LogisticTermTest[];
  readonly deviance: number;
  readonly nullDeviance: number;
  readonly dfResidual: number;
  readonly dfNull: number;
  readonly aic: number;
  readonly rank: number;
  /** Rows with weight > 0 (R's `n.ok`). */
  readonly n: number;
  readonly iter: number;
  readonly converged: boolean;
  /** Fitted probabilities, one per input row (`fitted(fit)`). */
  readonly fitted: Float64Array;
  /** Linear predictor (`fit$linear.predictors`). */
  readonly linearPredictor: Float64Array;
  /** Some fitted probability within 10·ε of 0 or 1: (quasi-)separation. */
  readonly separation: boolean;
  /** R's warnings, word for word. */
  readonly warnings: readonly string[];
}

interface Prepared {
  readonly n: number;
  readonly names: string[];
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly w: Float64Array;
  readonly warnings: string[];
}

function prepare(data: LogisticData, intercept: boolean): Prepared {
  const n = data.y.length;
  if (n === 0) throw new StatsInputError(FN, 'has no rows', { field: 'y' });
  const y = new Float64Array(n);
  const w = new Float64Array(n).fill(1);
  if (data.weights !== undefined) {
    if (data.weights.length !== n)
      throw new StatsInputError(FN, `has length ${data.weights.length} but y has length ${n}`, {
        field: 'weights',
      });
    for (let i = 0; i < n; i++) {
      const v = data.weights[i]!;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
        throw new StatsInputError(FN, `weight is ${String(v)}; expected a finite number ≥ 0`, {
          field: 'weights',
          row: i,
        });
      w[i] = v;
    }
  }
  let nonInteger = false;
  for (let i = 0; i < n; i++) {
    const v = data.y[i]!;
    const num = typeof v === 'boolean' ? (v ? 1 : 0) : v;
    if (typeof num !== 'number' || !(num >= 0 && num <= 1))
      throw new StatsInputError(
        FN,
        `outcome is ${String(v)}; expected 0/1, a boolean or a proportion in [0, 1]`,
        { field: 'y', row: i },
      );
    // binomial()$initialize: y[weights == 0] <- 0.
    y[i] = w[i] === 0 ? 0 : num;
    const m = w[i]! * y[i]!;
    if (Math.abs(m - Math.round(m)) > 1e-3) nonInteger = true;
  }
  if (!w.some((v) => v > 0)) throw new StatsInputError(FN, 'every weight is 0', { field: 'weights' });
  const names = Object.keys(data.covariates);
  const cols: ArrayLike<number>[] = names.map((name) => data.covariates[name]!);
  if (intercept) {
    if (names.includes('(Intercept)'))
      throw new StatsInputError(FN, 'a column is named "(Intercept)"; use intercept: false', {
        field: 'covariates',
      });
    names.unshift('(Intercept)');
    cols.unshift(new Float64Array(n).fill(1));
  }
  if (names.length === 0)
    throw new StatsInputError(FN, 'no columns: give covariates or intercept: true', { field: 'covariates' });
  const p = names.length;
  const x = new Float64Array(n * p);
  cols.forEach((col, j) => {
    const field = `covariates.${names[j]}`;
    if (col.length !== n)
      throw new StatsInputError(FN, `has length ${col.length} but y has length ${n}`, { field });
    for (let i = 0; i < n; i++) {
      const v = col[i]!;
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new StatsInputError(
          FN,
          `value ${String(v)} is not a finite number (remove incomplete rows first)`,
          { field, row: i },
        );
      x[j * n + i] = v;
    }
  });
  const warnings = nonInteger ? ['non-integer #successes in a binomial glm!'] : [];
  return { n, names, x, y, w, warnings };
}

/** R's `round` (IEC 60559: halves to even). */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** One row's log dbinom(round(w·y), round(w), μ) (binomial()$aic's term). */
function aicTerm(y: number, mu: number, w: number): number {
  const size = roundHalfEven(w);
  const k = roundHalfEven(w * y);
  const lchoose = gammaln(size + 1) - gammaln(k + 1) - gammaln(size - k + 1);
  const a = k === 0 ? 0 : k * Math.log(mu);
  const b = size - k === 0 ? 0 : (size - k) * Math.log1p(-mu);
  return lchoose + a + b;
}

/**
 * binomial()$aic: −2·Σ log dbinom(round(w·y), round(w), μ) over rows with w > 0. With `cellOf`,
 * `y`, `mu`, `w` are per cell and each row adds its cell's term, in row order: the row-wise sum.
 */
function binomialAic(y: Float64Array, mu: Float64Array, w: Float64Array, cellOf: Int32Array | null): number {
  let s = 0;
  if (cellOf === null) {
    for (let i = 0; i < y.length; i++) if (w[i]! > 0) s += aicTerm(y[i]!, mu[i]!, w[i]!);
    return -2 * s;
  }
  const term = Float64Array.from(y, (yk, k) => (w[k]! > 0 ? aicTerm(yk, mu[k]!, w[k]!) : 0));
  for (let i = 0; i < cellOf.length; i++) {
    const k = cellOf[i]!;
    if (w[k]! > 0) s += term[k]!;
  }
  return -2 * s;
}

function subDesign(rows: FitRows, keep: readonly number[]): Float64Array {
  const { m, x } = rows;
  const out = new Float64Array(m * keep.length);
  keep.forEach((j, c) => {
    out.set(x.subarray(j * m, (j + 1) * m), c * m);
  });
  return out;
}

function termTests(
  prep: Prepared,
  rows: FitRows,
  fit: IrlsFit,
  options: LogisticOptions,
  maxit: number,
  epsilon: number,
): LogisticTermTest[] {
  const covNames = prep.names.filter((name) => name !== '(Intercept)' || options.intercept === false);
  const terms = options.terms ?? covNames.map((name) => ({ name, columns: [name] }));
  return terms.map((term, t) => {
    for (const c of term.columns) {
      if (!covNames.includes(c))
        throw new StatsInputError(FN, `term "${term.name}" names column "${c}", which is not a covariate`, {
          field: `terms[${t}].columns`,
        });
    }
    const keep = prep.names.map((_, j) => j).filter((j) => !term.columns.includes(prep.names[j]!));
    // drop1.glm refits with glm.fit's default start (mustart); an empty design leaves the
    // deviance at μ = 1/2.
    const reduced =
      keep.length === 0
        ? { deviance: binomialDeviance(prep.y, 0.5, prep.w), rank: 0 }
        : binomialIrls(subDesign(rows, keep), rows.m, keep.length, rows.y, rows.w, maxit, epsilon, rows.from);
    const df = fit.rank - reduced.rank;
    const statistic = Math.max(0, reduced.deviance - fit.deviance);
    return {
      name: term.name,
      columns: term.columns,
      deviance: reduced.deviance,
      statistic,
      df,
      pValue: df > 0 ? chiSquareUpperTail(statistic, df) : null,
    };
  });
}

/**
 * Rows with weight > 0, the null deviance (at the weighted mean of y; μ = ½ without intercept) and
 * the AIC's likelihood part — on a cell fit from each row's cell, in row order (the row-wise sums).
 */
function fitSummary(prep: Prepared, rows: FitRows, cellFit: IrlsFit, mu: Float64Array, intercept: boolean) {
  const { n, y, w } = prep;
  let sw = 0;
  let swy = 0;
  let nOk = 0;
  for (let i = 0; i < n; i++) {
    sw += w[i]!;
    swy += w[i]! * y[i]!;
    if (w[i]! > 0) nOk++;
  }
  const muNull = intercept ? swy / sw : 0.5;
  const cellRows = rows.from.cells;
  const nullDeviance =
    cellRows === undefined
      ? binomialDeviance(y, muNull, w)
      : cellDeviance(rows.y, new Float64Array(rows.m).fill(muNull), cellRows, new Float64Array(rows.m));
  const aic =
    rows.cells === null
      ? binomialAic(y, mu, w, null)
      : binomialAic(rows.cells.y, cellFit.mu, rows.cells.w, rows.cells.cellOf);
  return { nOk, nullDeviance, aic };
}

/**
 * Logistic regression: a binomial GLM with the logit link fitted by IRLS exactly as R 4.2.2
 * `glm(y ~ …, family = binomial, weights = w)` / `glm.fit`: start μ = (w·y + 0.5)/(w + 1),
 * convergence when |dev − dev_old|/(|dev| + 0.1) < ε (1e-8), at most 25 iterations, each step
 * a weighted least-squares fit by R's pivoting Householder QR (tolerance 1e-11), so aliased
 * columns get `null` (R's NA) coefficients. Standard errors from (XᵀWX)⁻¹ of the last step
 * (`summary.glm`, dispersion 1); Wald z and p; deviance, null deviance (intercept: at the
 * weighted mean of y; none: at μ = 1/2), AIC = binomial aic + 2·rank; per-term LR tests as
 * `drop1(fit, test = "LRT")`. Warnings in R's words: "glm.fit: algorithm did not converge",
 * "glm.fit: fitted probabilities numerically 0 or 1 occurred" (some μ within 10·ε of 0 or 1).
 *
 * @throws {StatsInputError} for an outcome outside [0, 1], a non-finite covariate, a negative
 *   or non-finite weight, mismatched lengths, all weights 0, or a term naming no covariate.
 * @example
 * // R: glm(case ~ age + parity + spontaneous + induced, family = binomial, data = infert)
 * logisticRegression({ y: case_, covariates: { age, parity, spontaneous, induced } });
 */
export function logisticRegression(data: LogisticData, options: LogisticOptions = {}): LogisticResult {
  const intercept = options.intercept ?? true;
  const maxit = options.maxIter ?? 25;
  const epsilon = options.epsilon ?? 1e-8;
  const confLevel = options.confLevel ?? DEFAULTS.confLevel;
  if (!Number.isInteger(maxit) || maxit < 1)
    throw new StatsInputError(FN, `maxIter is ${maxit}; expected a positive integer`, { field: 'maxIter' });
  if (!(epsilon > 0))
    throw new StatsInputError(FN, `epsilon is ${epsilon}; expected > 0`, { field: 'epsilon' });
  if (!(confLevel > 0 && confLevel < 1))
    throw new StatsInputError(FN, `confLevel is ${confLevel}; expected a number in (0, 1)`, {
      field: 'confLevel',
    });
  const prep = prepare(data, intercept);
  const { n, names, y, w } = prep;
  const p = names.length;
  const rows = fitRows(prep.x, n, p, y, w);
  const cellFit = binomialIrls(rows.x, rows.m, p, rows.y, rows.w, maxit, epsilon, rows.from);
  const fit =
    rows.cells === null
      ? cellFit
      : { ...cellFit, mu: expandCells(rows.cells, cellFit.mu), eta: expandCells(rows.cells, cellFit.eta) };
  const warnings = [...prep.warnings];
  if (!fit.converged) warnings.push('glm.fit: algorithm did not converge');
  const eps = 10 * 2.220446049250313e-16;
  const separation = fit.mu.some((m) => m > 1 - eps || m < eps);
  if (separation) warnings.push('glm.fit: fitted probabilities numerically 0 or 1 occurred');

  const zc = zForConfLevel(confLevel);
  const terms: LogisticTerm[] = names.map((name, j) => {
    if (fit.aliased[j])
      return {
        name,
        coef: null,
        stdErr: null,
        oddsRatio: null,
        lower: null,
        upper: null,
        z: null,
        pValue: null,
      };
    const coef = fit.coef[j]!;
    const stdErr = Math.sqrt(fit.covUnscaled[j * p + j]!);
    const z = coef / stdErr;
    const lower = Math.exp(coef - zc * stdErr);
    const upper = Math.exp(coef + zc * stdErr);
    return { name, coef, stdErr, oddsRatio: Math.exp(coef), lower, upper, z, pValue: normalTwoSidedP(z) };
  });
  const { nOk, nullDeviance, aic } = fitSummary(prep, rows, cellFit, fit.mu, intercept);
  return {
    terms,
    termTests: termTests(prep, rows, fit, options, maxit, epsilon),
    deviance: fit.deviance,
    nullDeviance,
    dfResidual: nOk - fit.rank,
    dfNull: nOk - (intercept ? 1 : 0),
    aic: aic + 2 * fit.rank,
    rank: fit.rank,
    n: nOk,
    iter: fit.iter,
    converged: fit.converged,
    fitted: fit.mu,
    linearPredictor: fit.eta,
    separation,
    warnings,
  };
}
