// The Cox modelling layer: data frames with categorical/numeric variables → hazard-ratio tables.
export { fitCoxModel } from './fitCoxModel.js';
export type { MultivariableCoxResult, MultivariableSelection, SelectionPValue } from './multivariableCox.js';
export { multivariableCox } from './multivariableCox.js';
export type {
  CategoricalColumn,
  CoxModelLevel,
  CoxModelOptions,
  CoxModelResult,
  CoxModelVariable,
  ModelFrame,
  NumericColumn,
  TermTest,
} from './types.js';
export { univariateCoxScreen } from './univariateCoxScreen.js';
