// Public API of regression/ — one export line per public function file.
export {};
export { coxPH } from './coxPH.js';
export type { CoxData, CoxOptions, CoxResult, CoxTerm, CoxTest } from './types.js';
export type { CoxFirthOptions, CoxFirthResult, CoxFirthTerm } from './coxFirth.js';
export { coxFirth } from './coxFirth.js';
export * from './model/index.js';
export type { CoxZphOptions, CoxZphResult, CoxZphTest } from './coxZph.js';
export { coxZph } from './coxZph.js';
