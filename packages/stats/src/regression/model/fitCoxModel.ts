import { DEFAULTS } from '../../defaults.js';
import { chiSquareUpperTail } from '../../distributions/chiSquare.js';
import { checkOptions, StatsInputError } from '../../errors.js';
import { quadFormInverse } from '../../internal/linalg.js';
import { type CoxFirthResult, coxFirth } from '../coxFirth.js';
import { coxPH } from '../coxPH.js';
import { type CoxZphResult, coxZph } from '../coxZph.js';
import { coxOrdinary } from '../internal/coxOrdinary.js';
import { fitFromStart, warmStart } from '../internal/warmStart.js';
import type { CoxResult } from '../types.js';
import { buildDesign, type Design, type DesignVariable } from './designMatrix.js';
import type {
  CoxModelLevel,
  CoxModelOptions,
  CoxModelResult,
  CoxModelVariable,
  ModelFrame,
  TermTest,
} from './types.js';

const FN = 'fitCoxModel';

function termTest(statistic: number, df: number): TermTest {
  return { statistic, df, pValue: df > 0 ? chiSquareUpperTail(Math.max(statistic, 0), df) : 1 };
}

function nonNaCount(fit: CoxResult): number {
  return fit.terms.reduce((s, t) => s + (t.coef === null ? 0 : 1), 0);
}

/**
 * coxPH on the design without the columns in `drop`. The full model (`concordance: true`) goes
 * through `coxPH`, which checks the options; the drop-one refits, run after it on options it has
 * accepted, go straight to `coxOrdinary` without the concordance, which nobody reads from them
 * (only their log-likelihood and rank enter the LR test) and which is about a seventh of a fit.
 *
 * A refit starts from `full`'s coefficients of its columns (R: `coxph(..., init =)`; an NA
 * coefficient starts at 0) when `full` converged with every coefficient finite: Newton–Raphson
 * then reaches the same maximum in fewer iterations, and the LR test reads only the maximised
 * log-likelihood and the rank. A full fit that did not converge or has an infinite coefficient
 * gives no trustworthy start, so its refits start at 0 as R's `anova` does.
 */
function refit(
  design: Design,
  drop: ReadonlySet<string>,
  options: CoxModelOptions,
  concordance: boolean,
  full: CoxResult | null = null,
): CoxResult | null {
  const covariates: Record<string, Float64Array> = {};
  for (const [name, x] of Object.entries(design.covariates)) if (!drop.has(name)) covariates[name] = x;
  if (Object.keys(covariates).length === 0) return null;
  const resolved = {
    ties: options.ties ?? DEFAULTS.ties,
    confLevel: options.confLevel ?? DEFAULTS.confLevel,
  };
  const data = { time: design.time, event: design.event, covariates };
  if (concordance) return coxPH(data, { ...resolved, concordance: options.concordance ?? true });
  return fitFromStart(warmStart(full, Object.keys(covariates)), (start) =>
    coxOrdinary(data, start, { ...resolved, maxIter: DEFAULTS.coxMaxIter, concordance: false }),
  );
}

/**
 * One model variable of the fitted model: its levels (the reference first, with HR 1), the Wald
 * test of its coefficient block and the likelihood-ratio test against the model refitted without it.
 */
function modelVariable(
  design: Design,
  v: DesignVariable,
  fit: CoxResult,
  byName: ReadonlyMap<string, number>,
  fullDf: number,
  options: CoxModelOptions,
): CoxModelVariable {
  const idx = v.columns.map((c) => byName.get(c.term)!);
  const levels: CoxModelLevel[] = [];
  if (v.type === 'categorical') {
    levels.push({
      level: v.reference!,
      term: null,
      isReference: true,
      n: v.referenceN,
      coef: 0,
      stdErr: null,
      hazardRatio: 1,
      lower: null,
      upper: null,
      pValue: null,
      infinite: false,
      aliased: false,
    });
  }
  v.columns.forEach((c, j) => {
    const k = idx[j]!;
    const t = fit.terms[k]!;
    levels.push({
      level: c.level,
      term: c.term,
      isReference: false,
      n: c.n,
      coef: t.coef,
      stdErr: t.stdErr,
      hazardRatio: t.hazardRatio,
      lower: t.lower,
      upper: t.upper,
      pValue: t.pValue,
      infinite: t.infinite,
      aliased: t.aliased,
    });
  });

  // Wald: b'V⁻¹b over the variable's estimable (non-NA) coefficients, as R would on vcov(fit).
  const ok = idx.filter((k) => fit.terms[k]!.coef !== null);
  const block = new Float64Array(ok.length * ok.length);
  ok.forEach((ki, i) => {
    ok.forEach((kj, j) => {
      block[i * ok.length + j] = fit.variance[ki]![kj]!;
    });
  });
  const b = ok.map((k) => fit.terms[k]!.coef!);
  const w = ok.length === 0 ? 0 : (quadFormInverse(block, ok.length, b) ?? Number.NaN);
  const wald = termTest(w, ok.length);

  // Likelihood ratio: the model without this variable, refitted on the same rows.
  let lrt: TermTest;
  const reduced =
    design.variables.length === 1
      ? null
      : refit(design, new Set(v.columns.map((c) => c.term)), options, false, fit);
  if (reduced === null) {
    lrt = termTest(2 * (fit.logLik.model - fit.logLik.null), fullDf);
  } else {
    lrt = termTest(2 * (fit.logLik.model - reduced.logLik.model), fullDf - nonNaCount(reduced));
  }
  return {
    name: v.name,
    label: v.label,
    type: v.type,
    ...(v.reference === undefined ? {} : { reference: v.reference }),
    levels,
    lrt,
    wald,
    constant: v.constant,
  };
}

/**
 * Fits a Cox model on named variables of a `ModelFrame`: categorical variables expanded to
 * indicator columns against their reference level (columns named `variable=level`), rows missing
 * the outcome or any model variable dropped, and for each variable a hazard-ratio row per level
 * plus joint tests of the whole variable — the likelihood-ratio test against the model refitted
 * without it on the same rows, and the Wald test of its coefficient block.
 *
 * Levels with no patients among the analysed rows are dropped (a warning says so); when the
 * reference level itself is empty the first non-empty level becomes the reference.
 *
 * A level R flags with "coefficient may be infinite" (no events in it, or all its events first —
 * the single ECOG 2 patient of a small cohort) has `infinite: true`; its ordinary HR is not a
 * number to print. With `firthWhenInfinite` the model is refitted by `coxFirth` on the same rows
 * and the finite penalized estimates come back in `firth`, keyed by `term`. With `phTest` the
 * proportional-hazards test of `cox.zph` is added, one joint test per variable.
 *
 * R equivalent (`d` = complete cases, factors releveled):
 * ```r
 * fit <- coxph(Surv(time, event) ~ relevel(ecog, ref = "0") + sex, data = d)
 * summary(fit)                                                         # levels
 * anova(update(fit, . ~ . - sex), fit)                                 # lrt of sex
 * b <- coef(fit)[i]; drop(t(b) %*% solve(vcov(fit)[i, i], b))          # wald, i = the variable's columns
 * cox.zph(fit, transform = "km")$table                                 # phTest: 'km'
 * ```
 *
 * @example
 * const frame = {
 *   time: [5, 8, 12, 3, 9, 15, 7, 11], event: [1, 1, 0, 1, 1, 0, 1, 1],
 *   variables: {
 *     ecog: { type: 'categorical', levels: ['0', '1', '2'], codes: [0, 1, 0, 2, 1, 0, 1, 0] },
 *     age: { type: 'numeric', values: [61, 70, 55, 74, 66, Number.NaN, 59, 63] },
 *   },
 * } as const;
 * const m = fitCoxModel(frame, ['ecog', 'age']);
 * m.nDropped;                        // 1 (age missing)
 * m.variables[0].levels[1].term;     // 'ecog=1'
 * m.variables[0].lrt.df;             // 2
 *
 * A variable constant in the analysed rows (one value, or one level of a factor) stays in the model
 * with NA coefficients and `constant: true`, as R's `coxph` keeps the aliased column.
 *
 * @throws {StatsInputError} a frame, variable list or options of the wrong shape (e.g.
 *   `fitCoxModel(undefined)`), unknown or repeated variable, wrong column length, invalid code, a
 *   factor with a single declared level, or no complete row; and whatever `coxPH`
 *   rejects (e.g. no events).
 */
export function fitCoxModel(
  frame: ModelFrame,
  variables: readonly string[],
  options: CoxModelOptions = {},
): CoxModelResult {
  checkOptions(FN, options);
  const design = buildDesign(FN, frame, variables);
  const fit = refit(design, new Set(), options, true)!;
  const byName = new Map(fit.terms.map((t, k) => [t.name, k]));
  const fullDf = nonNaCount(fit);

  const result = design.variables.map((v) => modelVariable(design, v, fit, byName, fullDf, options));

  const warnings = [...design.warnings, ...fit.warnings];
  let firth: CoxFirthResult | undefined;
  if (options.firthWhenInfinite === true && fit.terms.some((t) => t.infinite || t.coef === null)) {
    try {
      firth = coxFirth(
        { time: design.time, event: design.event, covariates: design.covariates },
        { ties: options.ties ?? DEFAULTS.ties, confLevel: options.confLevel ?? DEFAULTS.confLevel },
      );
      warnings.push(...firth.warnings);
    } catch (e) {
      // an NA from true collinearity: the penalty is undefined, so there is no Firth fit to offer
      if (!(e instanceof StatsInputError)) throw e;
      warnings.push(`Firth's penalized fit not possible: ${e.message}`);
    }
  }

  let phTest: CoxZphResult | undefined;
  if (options.phTest !== undefined) {
    phTest = coxZph({ time: design.time, event: design.event, covariates: design.covariates }, fit, {
      transform: options.phTest,
      terms: Object.fromEntries(design.variables.map((v) => [v.name, v.columns.map((c) => c.term)])),
    });
  }

  return {
    variables: result,
    n: fit.n,
    events: fit.events,
    nDropped: design.nDropped,
    fit,
    ...(firth === undefined ? {} : { firth }),
    ...(phTest === undefined ? {} : { phTest }),
    warnings,
  };
}
