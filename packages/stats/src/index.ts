/**
 * @survkit/stats — survival and clinical-trial statistics that agree with R.
 * Runs in Node and in browsers: no Node-only APIs anywhere in this package.
 */

export * from './causal/index.js';
export * from './contingency/index.js';
export { DEFAULTS } from './defaults.js';
export * from './descriptives/index.js';
export * from './distributions/index.js';
export { StatsInputError, StatsLimitError } from './errors.js';
export * from './propensity/index.js';
export * from './ranktests/index.js';
export * from './regression/index.js';
export * from './survival/index.js';
