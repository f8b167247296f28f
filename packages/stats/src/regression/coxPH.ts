import { DEFAULTS } from '../defaults.js';
import { checkOptions, StatsInputError } from '../errors.js';
import { coxPHFirth } from './coxPHFirth.js';
import { coxOrdinary } from './internal/coxOrdinary.js';
import type { CoxData, CoxOptions, CoxResult } from './types.js';

const FN = 'coxPH';

/**
 * Cox proportional hazards regression, matching R survival 3.5-3's `coxph` (Efron or Breslow
 * ties, strata, case weights, `(entry, time]` counting-process data, robust sandwich variance
 * with clusters, concordance with its standard error).
 *
 * Fitting is Newton–Raphson on centred and scaled covariates with step-halving and R's
 * convergence rule |1 − l_old/l_new| ≤ 1e-9 (at most `maxIter` = 20 iterations), transcribed
 * from `coxfit6.c` (right-censored data) and `agfit4.c` (`entry` given). Aliased or constant
 * columns are detected by R's tolerance-based Cholesky and reported with all-null fields.
 * Monotone likelihoods produce R's warning "Loglik converged before variable  k ; coefficient may
 * be infinite. " (k is 1-based, as R prints it).
 *
 * The robust variance follows `coxph(robust = TRUE)`: weighted dfbeta residuals summed within
 * `cluster` (or per row), V = DᵀD (Lin & Wei 1989). It then drives `z`, `pValue`, the confidence
 * limits and the Wald test, exactly as `summary(fit)` does; `stdErr` stays the model-based one.
 *
 * With `firth: true` the fit is Firth's penalized likelihood (`coxFirth`, Heinze & Schemper
 * 2001) returned in the same shape: finite estimates where the ordinary fit diverges, profile
 * penalized-likelihood limits and penalized LR p-values (R's `coxphf`).
 *
 * @param data Columns of equal length; see `CoxData`.
 * @param options `ties` ('efron'), `confLevel` (0.95), `maxIter` (20), `robust` (R's default:
 *   true when `cluster` is given or a weight is not an integer), `init` (zeros), `firth` (false),
 *   `concordance` (true; `false` leaves it out, as `null`s, for fits whose C nobody reads).
 * @returns A `CoxResult`; `variance` is `p×p` as `number[][]` in `terms` order.
 * @throws StatsInputError naming the row and field: non-finite time/covariate/weight, event not
 *   0/1, entry ≥ time, weight ≤ 0, length mismatch, no events, bad options.
 *
 * @example
 * ```ts
 * const fit = coxPH(
 *   { time: [5, 8, 12, 3, 9, 15], event: [1, 0, 1, 1, 1, 0], covariates: { age: [61, 70, 55, 72, 66, 50] } },
 *   { ties: 'efron' },
 * );
 * fit.terms[0].hazardRatio; // exp(coef) for age
 * ```
 * R equivalent:
 * ```r
 * fit <- coxph(Surv(time, event) ~ age + strata(s), data = d, weights = w, cluster = id, ties = "efron")
 * summary(fit); fit$concordance
 * ```
 */
export function coxPH(data: CoxData, options: CoxOptions = {}): CoxResult {
  checkOptions(FN, options);
  const ties = options.ties ?? DEFAULTS.ties;
  if (ties !== 'efron' && ties !== 'breslow')
    throw new StatsInputError(FN, `is ${String(ties)}; expected 'efron' or 'breslow'`, {
      field: 'options.ties',
    });
  const confLevel = options.confLevel ?? DEFAULTS.confLevel;
  if (typeof confLevel !== 'number' || !(confLevel > 0 && confLevel < 1))
    throw new StatsInputError(FN, `is ${String(confLevel)}; expected a number strictly between 0 and 1`, {
      field: 'options.confLevel',
    });
  const maxIter = options.maxIter ?? DEFAULTS.coxMaxIter;
  if (typeof maxIter !== 'number' || !Number.isInteger(maxIter) || maxIter < 0)
    throw new StatsInputError(FN, `is ${String(maxIter)}; expected a whole number ≥ 0`, {
      field: 'options.maxIter',
    });
  if (options.robust !== undefined && typeof options.robust !== 'boolean')
    throw new StatsInputError(FN, 'expected true or false', { field: 'options.robust' });
  if (options.firth !== undefined && typeof options.firth !== 'boolean')
    throw new StatsInputError(FN, 'expected true or false', { field: 'options.firth' });
  if (options.concordance !== undefined && typeof options.concordance !== 'boolean')
    throw new StatsInputError(FN, 'expected true or false', { field: 'options.concordance' });
  if (options.firth === true) return coxPHFirth(data, options);
  return coxOrdinary(data, options, { ties, confLevel, maxIter, concordance: options.concordance ?? true });
}
