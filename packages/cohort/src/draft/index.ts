export { draftStudy } from './draftStudy.js';
export { draftEndpointColumns } from './findEndpoints.js';
export { type DraftReadOptions, readDraftTable } from './readDraftTable.js';
export type * from './types.js';
