// Public API of causal/ — sensitivity analyses for a non-randomised treatment; one export line per public function file.

export type { EValueInput, EValueOptions, EValueResult } from './eValue.js';
export { eValue } from './eValue.js';
export type { LandmarkDataInput, LandmarkDataOptions, LandmarkDataResult } from './landmarkData.js';
export { landmarkData } from './landmarkData.js';
export type {
  RestrictedMeanArm,
  RestrictedMeanContrast,
  RestrictedMeanSurvivalData,
  RestrictedMeanSurvivalOptions,
  RestrictedMeanSurvivalResult,
} from './restrictedMeanSurvival.js';
export { restrictedMeanSurvival } from './restrictedMeanSurvival.js';
export type { SplitAtTreatmentData, SplitAtTreatmentResult } from './splitAtTreatment.js';
export { splitAtTreatment } from './splitAtTreatment.js';
