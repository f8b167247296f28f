// Public API of regression/ — one export line per public function file.
export {};
export { coxPH } from './coxPH.js';
export type { CoxData, CoxOptions, CoxResult, CoxTerm, CoxTest } from './types.js';
export * from './model/index.js';
