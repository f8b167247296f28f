// The linear algebra moved to src/internal/linalg.ts. This re-export keeps the imports of
// coxNewton.ts, coxOrdinary.ts and survival/internal/logRankKernel.ts (under performance work this
// release) compiling; delete it once they import '../../internal/linalg.js' directly.
export { chinv2, cholesky2, chsolve2, TOLER_CHOL } from '../../internal/linalg.js';
