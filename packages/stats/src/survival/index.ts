// Public API of survival/ — one export line per public function file.

export type { KaplanMeierData } from './kaplanMeier.js';
export { kaplanMeier } from './kaplanMeier.js';
export type { KaplanMeierByGroupData } from './kaplanMeierByGroup.js';
export { kaplanMeierByGroup } from './kaplanMeierByGroup.js';
export type { LogRankGroup, LogRankTestData, LogRankTestOptions, LogRankTestResult } from './logRankTest.js';
export { logRankTest } from './logRankTest.js';
export type {
  ConfType,
  CountArray,
  KaplanMeierByGroupResult,
  KaplanMeierGroupCurve,
  KaplanMeierOptions,
  KaplanMeierResult,
  RestrictedMean,
  SurvivalAtTimes,
  SurvivalQuantile,
} from './types.js';
