// The browser-safe part of @survkit/report (`@survkit/report/browser`): the same plan checks, analysis,
// formatter, tables and PDF layout as the CLI, with nothing that reads files or needs Node. The web
// app (apps/web) uses only this entry; a test there checks its bundle has no Node built-in left.
export { type AnalyseContext, analyse } from './analysis/analyse.js';
export { hazardRatioTicks } from './analysis/ticks.js';
export type * from './analysis/types.js';
export { ReportError } from './errors.js';
export * from './format/index.js';
export { reportFormat } from './format/reportFormat.js';
export { CSV_TABLE_NAMES, csvTables } from './output/csv.js';
export { BUILTIN_PLAN } from './plan/builtinPlan.js';
export { type PlanProblem, planDictionaryProblems } from './plan/checkPlan.js';
export { type AnalysisPlan, type PlanInput, planSchema } from './plan/schema.js';
export { issuePath, type PlanSource, parsePlan, parsePlanText, validatePlan } from './plan/validatePlan.js';
export { censorMarksFormBar, omittedMarksSentence } from './render/censorMarks.js';
export { endpointDefinition } from './render/endpointDefinition.js';
export type { FontSet, FontSource } from './render/fonts.js';
export { resolveNotes } from './render/footnotes.js';
export { type RenderInput, renderReport } from './render/report.js';
export type { Cell, TableSpec } from './render/table.js';
export { coxTableSpec, table1Spec } from './render/tableSpecs.js';
