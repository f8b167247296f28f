// Public API of descriptives/ — one export line per public function file.
export { median } from './median.js';
export { quantile } from './quantile.js';
export { type ContinuousSummary, summarizeContinuous } from './summarizeContinuous.js';
export {
  type CategoricalTabulation,
  type TabulateOptions,
  tabulateCategorical,
} from './tabulateCategorical.js';
