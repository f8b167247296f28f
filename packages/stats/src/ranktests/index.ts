// Public API of ranktests/ — one export line per public function file.
export {
  type KruskalWallisTestResult,
  kruskalWallisTest,
} from './kruskalWallisTest.js';
export {
  type WilcoxonRankSumTestOptions,
  type WilcoxonRankSumTestResult,
  wilcoxonRankSumTest,
} from './wilcoxonRankSumTest.js';
