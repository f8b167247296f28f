/**
 * The Cox partial-likelihood kernel, split along R survival's seam:
 * - coxPrepare.ts (`prepareCoxData` → `PreparedCox`): checks, the time fix, the one sort,
 *   centring and scaling — R's `coxph.R` + `coxph.fit` / `agreg.fit`; row checks in
 *   coxPrepareRows.ts;
 * - coxPass.ts (`coxPassScaled`, `evaluateCox`, `evaluateCoxScaled`): the Breslow/Efron log
 *   partial likelihood, score and information over the prepared rows — R's `coxfit6.c` /
 *   `agfit4.c`.
 * This module re-exports both so that callers name one kernel.
 */

export type { CoxEvaluation, CoxTies, CoxWorkspace } from './coxPass.js';
export { coxPassScaled, coxWorkspace, evaluateCox, evaluateCoxScaled } from './coxPass.js';
export type { PrepareCoxOptions, PreparedCox } from './coxPrepare.js';
export { prepareCoxData } from './coxPrepare.js';
