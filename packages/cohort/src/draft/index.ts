export { draftStudy } from './draftStudy.js';
export { type DraftReadOptions, readDraftTable } from './readDraftTable.js';
export type * from './types.js';
