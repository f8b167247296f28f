export * from './format/index.js';
export type { RunOptions } from './run.js';
export { runReport } from './run.js';
