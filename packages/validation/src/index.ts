export { CheckList, closeTo } from './compare.js';
export { readFixture } from './fixtures.js';
export {
  type PaperTable1Row,
  paperTable1,
  paperTable1Counts,
  paperTable1GroupSizes,
} from './paper/table1.js';
export { referenceHash } from './referenceHash.js';
export { runReferenceSuites } from './runReferenceSuites.js';
export { suites } from './suites/index.js';
export type { ReferenceCheck, SuiteOutcome, SuiteSummary } from './types.js';
