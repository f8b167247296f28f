/**
 * Warm starts for a Cox model whose terms overlap an already fitted one (R's `coxph(init =)`), as
 * `fitCoxModel`'s drop-one refits and `coxPHFrom` use them. Newton–Raphson reaches the same maximum
 * as from 0 in fewer iterations; the estimates agree within the convergence tolerance
 * (|1 − l_old/l_new| ≤ 1e-9), not bit for bit.
 */
import { StatsInputError } from '../../errors.js';
import type { CoxResult } from '../types.js';

/**
 * `{ init }`: each term named in `from` starts at its estimate there (an NA at 0), any other term
 * at 0. A fit that did not converge or has an infinite coefficient is no start worth taking: then
 * `{}` (start at 0).
 */
export function warmStart(from: CoxResult | null, names: readonly string[]): { init?: number[] } {
  if (from === null || !from.converged || from.terms.some((t) => t.infinite)) return {};
  const coef = new Map(from.terms.map((t) => [t.name, t.coef ?? 0]));
  return { init: names.map((name) => coef.get(name) ?? 0) };
}

/** What `fitFromStart` reads of a fit to judge its start: R's convergence and infinite terms. */
interface StartedFit {
  readonly converged: boolean;
  readonly terms: readonly { readonly infinite: boolean }[];
}

/**
 * `fit(start)`, or `fit({})` — from 0, as a fit without a start would be — when coxph.R's check
 * refuses the start (its risk scores overflow: a `StatsInputError` on `options.init`) or when the
 * fit from the start is anything but a clean convergence. The start is a speed path only: where it
 * leads somewhere else than a converged fit with finite terms, the verdict is the zero start's, the
 * model R fits (on the seven patients of apps/report/test/r/interaction-not-converged.R the fit from
 * the smaller model's estimates settles with an infinite coefficient while coxph from 0 runs out of
 * iterations).
 */
export function fitFromStart<T extends StartedFit>(
  start: { init?: number[] },
  fit: (start: { init?: number[] }) => T,
): T {
  if (start.init === undefined) return fit({});
  let warm: T;
  try {
    warm = fit(start);
  } catch (error) {
    if (!(error instanceof StatsInputError && error.field === 'options.init')) throw error;
    return fit({});
  }
  return warm.converged && !warm.terms.some((t) => t.infinite) ? warm : fit({});
}
