/**
 * Whether a Cox fit's numbers are estimates: false when its iterations ran out before converging
 * (R's coxph warns "Ran out of iterations and did not converge"; its coefficients, log-likelihood and
 * tests are where the iterations stopped). The one test every reader of a Cox fit applies — Tables
 * 2–3, the forest plot and its interaction test, immortal time, propensity, E-values — so that none
 * prints a stopping point as a result. An infinite coefficient (monotone likelihood) is a separate,
 * per-term matter: R's fit converges in the log-likelihood, and its likelihood-ratio tests stand.
 */
export function estimableFit(fit: { readonly converged: boolean }): boolean {
  return fit.converged;
}
