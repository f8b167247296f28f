import { type CoxData, type CoxOptions, type CoxResult, coxPH, StatsInputError } from '@survkit/stats';

/**
 * Starting coefficients for a Cox model whose terms overlap an already fitted one (R's
 * `coxph(init =)`): each term named in `from` starts at its estimate there (an NA at 0), any other
 * term at 0. Newton–Raphson reaches the same maximum as from 0 in fewer iterations; the estimates
 * agree within the convergence tolerance (|1 − l_old/l_new| ≤ 1e-9), not bit for bit. A fit that
 * did not converge or has an infinite coefficient is no start worth taking: then `{}` (start at 0).
 */
export function startFrom(from: CoxResult | null, names: readonly string[]): { init?: number[] } {
  if (from === null || !from.converged || from.terms.some((t) => t.infinite)) return {};
  const coef = new Map(from.terms.map((t) => [t.name, t.coef ?? 0]));
  return { init: names.map((name) => coef.get(name) ?? 0) };
}

/**
 * coxPH from `start`; when coxph.R's check refuses the start (its risk scores overflow), from 0
 * instead, as a fit without a start would have been.
 */
export function coxPHFrom(data: CoxData, options: CoxOptions, start: { init?: number[] }): CoxResult {
  if (start.init === undefined) return coxPH(data, options);
  try {
    return coxPH(data, { ...options, ...start });
  } catch (error) {
    if (!(error instanceof StatsInputError && error.field === 'options.init')) throw error;
    return coxPH(data, options);
  }
}
