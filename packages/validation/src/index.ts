export { CheckList, closeTo } from './compare.js';
export { readFixture } from './fixtures.js';
export {
  type PaperTable1Row,
  paperTable1,
  paperTable1Counts,
  paperTable1GroupSizes,
} from './paper/table1.js';
export { suites } from './suites/index.js';
export type { ReferenceCheck, SuiteSummary } from './types.js';
