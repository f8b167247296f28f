export { chiSquareUpperTail } from './chiSquare.js';
export { normalCdf01, normalQuantile, normalTwoSidedP, normalUpperTail, zForConfLevel } from './normal.js';
