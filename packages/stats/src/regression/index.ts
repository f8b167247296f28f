// Public API of regression/ — one export line per public function file.

export type { CoxFirthOptions, CoxFirthResult, CoxFirthTerm } from './coxFirth.js';
export { coxFirth } from './coxFirth.js';
export { coxPH } from './coxPH.js';
export { coxPHFrom } from './coxPHFrom.js';
export type { CoxZphOptions, CoxZphResult, CoxZphTest } from './coxZph.js';
export { coxZph } from './coxZph.js';
export type { CoxZphResidualsOptions, CoxZphResidualsResult } from './coxZphResiduals.js';
export { coxZphResiduals } from './coxZphResiduals.js';
export type { CoxZphSmoothOptions, CoxZphSmoothResult } from './coxZphSmooth.js';
export { coxZphSmooth } from './coxZphSmooth.js';
export type { LogisticModelResult } from './logisticModel.js';
export { logisticModel } from './logisticModel.js';
export type {
  LogisticData,
  LogisticOptions,
  LogisticResult,
  LogisticTerm,
  LogisticTermTest,
} from './logisticRegression.js';
export { logisticRegression } from './logisticRegression.js';
export * from './model/index.js';
export type { CoxData, CoxOptions, CoxResult, CoxTerm, CoxTest } from './types.js';
