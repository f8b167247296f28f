import { coxPH } from './coxPH.js';
import { fitFromStart, warmStart } from './internal/warmStart.js';
import type { CoxData, CoxOptions, CoxResult } from './types.js';

/**
 * `coxPH` started from an already fitted model with overlapping terms (R's `coxph(init =)`): each
 * covariate named in `from` starts at its estimate there, any other at 0 (an interaction product,
 * say). Newton–Raphson reaches the same maximum as from 0 in fewer iterations; the estimates agree
 * with a zero start within `coxPH`'s convergence tolerance, not bit for bit.
 *
 * `from` gives no start (the fit starts at 0) when it is null, did not converge or has an
 * infinite coefficient; when R's overflow check refuses the start, or the fit from it does not
 * converge cleanly (iterations run out, an infinite coefficient), the fit starts at 0 too.
 * `options.init`, if given, is replaced by the start.
 *
 * @example coxPHFrom({ time, event, covariates: { a, b, 'a:b': ab } }, {}, coxPH({ time, event, covariates: { a, b } }))
 */
export function coxPHFrom(data: CoxData, options: CoxOptions, from: CoxResult | null): CoxResult {
  const names = data !== null && typeof data === 'object' ? Object.keys(data.covariates ?? {}) : [];
  return fitFromStart(warmStart(from, names), (start) => coxPH(data, { ...options, ...start }));
}
