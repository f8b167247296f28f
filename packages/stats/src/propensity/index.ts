// Public API of propensity/ — one export line per public function file.
export type { BalanceOptions, BalanceResult, BalanceRow, BalanceStats } from './balanceTable.js';
export { balanceTable } from './balanceTable.js';
export type { MatchOrder, NearestNeighborMatch, NearestNeighborOptions } from './nearestNeighborMatch.js';
export { nearestNeighborMatch } from './nearestNeighborMatch.js';
export type { GroupWeightSummary, PropensityWeightOptions, PropensityWeights } from './propensityWeights.js';
export { propensityWeights } from './propensityWeights.js';
