// The linear algebra moved to src/internal/linalg.ts. This re-export keeps coxOrdinary.ts (under
// performance work this release) compiling; delete it once it imports '../../internal/linalg.js'.
export { subMatrix } from '../../internal/linalg.js';
