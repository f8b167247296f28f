// Public API of contingency/ — one export line per public function file.
export { type ChiSquareTestOptions, type ChiSquareTestResult, chiSquareTest } from './chiSquareTest.js';
export {
  type CompareCategoricalOptions,
  type CompareCategoricalResult,
  compareCategorical,
} from './compareCategorical.js';
export { type FisherExactTestResult, fisherExactTest } from './fisherExactTest.js';
export {
  type FisherMonteCarloOptions,
  type FisherMonteCarloTestResult,
  fisherMonteCarloTest,
} from './fisherMonteCarloTest.js';
export { rUniformStream } from './rUniformStream.js';
