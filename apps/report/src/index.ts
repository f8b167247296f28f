// Public API of @survkit/report: the pipeline, its pieces, and the one formatter.
export { type AnalyseContext, analyse } from './analysis/analyse.js';
export type * from './analysis/types.js';
export { type DocxInput, renderDocx } from './docx/renderDocx.js';
export type { DocxFigure } from './docx/wordFigure.js';
export { ReportError } from './errors.js';
export * from './format/index.js';
export { BUILTIN_PLAN } from './plan/builtinPlan.js';
export { type PlanProblem, planDictionaryProblems } from './plan/checkPlan.js';
export {
  loadPlanFile,
  type PlanSource,
  parsePlan,
  parsePlanText,
  readPlanFile,
  validatePlan,
} from './plan/loadPlan.js';
export { planJsonSchema } from './plan/planJsonSchema.js';
export { type AnalysisPlan, type PlanInput, planSchema } from './plan/schema.js';
export { type RenderInput, renderReport } from './render/report.js';
export { type RunOptions, runReport } from './run.js';
