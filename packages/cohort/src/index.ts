export { SYNTHETIC_COHORT_FILE, SYNTHETIC_COHORT_SEED } from './builtin/builtinCohortFile.js';
export { type BuiltinCohort, loadBuiltinCohort } from './builtin/loadBuiltinCohort.js';
export type { Cohort, CohortEndpoint, CohortFlow, CohortParts, CohortVariable } from './cohort.js';
export { assembleCohort, cohortParts } from './cohort.js';
export { builtinDictionary, builtinDictionaryInput } from './dictionary/builtinDictionary.js';
export { dictionaryJsonSchema } from './dictionary/dictionaryJsonSchema.js';
export { loadDictionaryFile, loadDictionaryInput } from './dictionary/loadDictionaryFile.js';
export { parseDictionary } from './dictionary/parseDictionary.js';
export type {
  Condition,
  DateOrderRule,
  DictionaryInput,
  EligibilityRule,
  EndpointSpec,
  LevelSpec,
  StudyDictionary,
  TreatmentStartSpec,
  VariableSpec,
} from './dictionary/schema.js';
export * from './draft/index.js';
export {
  convertTime,
  DAYS_PER_MONTH,
  DAYS_PER_UNIT,
  TIME_UNITS,
  type TimeUnit,
} from './endpoints/timeUnits.js';
export { CohortError, type ImportIssue } from './errors.js';
export { formatImportIssues } from './formatImportIssues.js';
export type { CsvDelimiter, CsvEncoding, CsvFormat } from './import/detectFormat.js';
export { type ImportOptions, type ImportResult, importCohortCsv } from './import/importCohortCsv.js';
export {
  type ImportXlsxOptions,
  type ImportXlsxResult,
  importCohortXlsx,
} from './import/importCohortXlsx.js';
export { importCohortSav, type SavImportResult } from './import/sav/importCohortSav.js';
export { readSav, type SavFile, SavFormatError, type SavVariable } from './import/sav/readSav.js';
export { generateSyntheticCohortCsv } from './synthetic/generateSyntheticCohort.js';
export type { ColumnMemory } from './table.js';
