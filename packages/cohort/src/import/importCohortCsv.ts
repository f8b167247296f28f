import { buildCohort } from '../cohort.js';
import { deriveVariables } from '../derive/deriveVariables.js';
import type { StudyDictionary, VariableSpec } from '../dictionary/schema.js';
import { applyEligibility, type EligibilityResult } from '../eligibility/applyEligibility.js';
import { checkDateOrder, deriveEndpoints } from '../endpoints/deriveEndpoints.js';
import { type ImportIssue, makeIssue } from '../errors.js';
import { type Column, emptyColumn, isMissing, type Table } from '../table.js';
import { cellReader } from './cellReaders.js';
import { dataRows, readColumn, readIds } from './csv/cells.js';
import { decodeCsv } from './csv/decode.js';
import { readHeader } from './csv/header.js';
import { parseRecords } from './csv/parseRecords.js';
import type { ImportOptions, ImportResult } from './csv/types.js';

export type { ImportOptions, ImportResult } from './csv/types.js';

/**
 * Imports a cohort CSV according to a study dictionary.
 *
 * Reads UTF-8 or Latin-1 text (a byte-order mark is dropped), delimited by commas, semicolons
 * (with decimal commas allowed, as R's read.csv2) or tabs, LF or CRLF line ends, quoted fields
 * with delimiters, quotes or line breaks (RFC 4180, via csv-parse); encoding and delimiter are
 * detected unless given (see `detectFormat.ts`), binary files refused first. The stages, each in
 * its own module under `csv/`, in order:
 * 1. decode (`decode.ts`): binary check, encoding and delimiter;
 * 2. parse (`parseRecords.ts`): text to records;
 * 3. header (`header.ts`): a missing required column is an error, an unknown column a warning;
 * 4. cells (`cells.ts`): every cell of every row read by its variable's type (all problems collected);
 * 5. derive and eligibility: derived variables computed, eligibility rules applied (the patient flow);
 * 6. dates and endpoints (`analysedRows` below): for the analysed patients, values that may not
 *    be missing, date order, endpoints.
 * Each stage adds every problem it finds; the import stops after a stage that found errors.
 * Rows are numbered as in a spreadsheet: header = row 1, first patient = row 2 (a quoted
 * value spanning lines still counts as one row). Blank lines are skipped.
 *
 * @returns `{ ok: true, cohort, warnings }`, or `{ ok: false, errors, warnings }` listing every problem
 * @example
 * const result = importCohortCsv(readFileSync('cohort.csv'), builtinDictionary, { fileName: 'cohort.csv' });
 * if (!result.ok) throw new CohortError(formatImportIssues(result.errors, 'cohort.csv'), result.errors);
 * const pfs = result.cohort.endpoint('PFS'); // { time (months), event }
 */
export function importCohortCsv(
  text: string | Uint8Array,
  dictionary: StudyDictionary,
  options: ImportOptions = {},
): ImportResult {
  const errors: ImportIssue[] = [];
  const warnings: ImportIssue[] = [];
  // Problems are found column by column and rule by rule; a person reads them row by row.
  const byRow = (issues: ImportIssue[]) => issues.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  const fail = (): ImportResult => ({ ok: false, errors: byRow(errors), warnings: byRow(warnings) });
  const file = options.fileName ?? 'The file';

  const raw = dictionary.variables.filter((v) => v.derive === undefined);
  const known = new Set(raw.map((v) => v.name));
  if (dictionary.id !== undefined) known.add(dictionary.id);
  const decoded = decodeCsv(text, options, file, known, errors, warnings);
  if (decoded === null) return fail();
  const { source, format } = decoded;
  const records = parseRecords(source, format.delimiter, file, errors);
  if (records === null) return fail();
  const { columnIndex, width } = readHeader(records[0], dictionary, known, errors, warnings);

  const { dataRecords, fileRows } = dataRows(records, width, format.delimiter, errors, warnings);
  if (dataRecords.length === 0 && errors.length === 0) {
    errors.push(
      makeIssue({
        problem: `${file} has a header but no patients`,
        expected: 'one row per patient after the header',
      }),
    );
  }
  if (errors.length > 0 && dataRecords.length === 0) return fail();
  const n = dataRecords.length;
  const columns = new Map<string, Column>();
  for (const spec of raw) {
    const j = columnIndex.get(spec.name);
    const column = emptyColumn(spec, n);
    columns.set(spec.name, column);
    if (j === undefined) continue;
    readColumn(spec, cellReader(spec, format.decimalComma), column, dataRecords, j, fileRows, errors);
  }
  let ids: string[] | null = null;
  if (dictionary.id !== undefined) {
    const j = columnIndex.get(dictionary.id);
    if (j !== undefined) ids = readIds(dictionary.id, dataRecords, j, fileRows, errors);
  }
  if (errors.length > 0) return fail();

  // Derived variables and eligibility over every screened row.
  const specs = new Map(dictionary.variables.map((v) => [v.name, v]));
  const table: Table = { n, columns, specs };
  deriveVariables(dictionary.variables, table);
  const eligibility = applyEligibility(dictionary.eligibility, table);

  const endpoints = analysedRows(
    dictionary,
    raw,
    table,
    eligibility,
    (spec, i) => ({
      row: fileRows[i]!,
      value: dataRecords[i]![columnIndex.get(spec.name) ?? 0] ?? null,
    }),
    fileRows,
    errors,
  );
  if (errors.length > 0) return fail();
  const { keep, flow } = eligibility;
  return {
    ok: true,
    cohort: buildCohort(dictionary, table, keep, fileRows, ids, endpoints, flow),
    warnings,
    format,
  };
}

/**
 * Stage 6, dates and endpoints, for the analysed patients only: a screened patient excluded for,
 * say, another primary tumour need not have complete follow-up. Values that may not be missing,
 * the dictionary's date order, then the endpoints; and at least one patient must be eligible.
 */
function analysedRows(
  dictionary: StudyDictionary,
  raw: readonly VariableSpec[],
  table: Table,
  { keep, flow }: EligibilityResult,
  cell: (spec: VariableSpec, i: number) => { row: number; value: string | null },
  fileRows: Int32Array,
  errors: ImportIssue[],
): ReturnType<typeof deriveEndpoints> {
  for (const spec of raw) {
    if (spec.allowMissing) continue;
    const column = table.columns.get(spec.name)!;
    for (const i of keep) {
      if (isMissing(column, i)) {
        const { row, value } = cell(spec, i);
        errors.push(
          makeIssue({
            row,
            column: spec.name,
            value,
            problem: `${spec.label} is missing`,
            expected: `a value (${spec.label} may not be missing for an analysed patient)`,
          }),
        );
      }
    }
  }
  const badDates = checkDateOrder(dictionary.dateOrder, table, keep, fileRows, errors);
  const endpoints = deriveEndpoints(dictionary.endpoints, table, keep, fileRows, badDates, errors);
  if (keep.length === 0) {
    errors.push(
      makeIssue({
        problem: `No patient meets every eligibility rule (${flow.excluded.map((e) => `${e.n} ${e.reason}`).join('; ')})`,
        expected: 'at least one eligible patient',
      }),
    );
  }
  return endpoints;
}
