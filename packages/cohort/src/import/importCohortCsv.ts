import { CsvError, parse } from 'csv-parse/sync';
import { buildCohort, type Cohort } from '../cohort.js';
import { deriveVariables } from '../derive/deriveVariables.js';
import type { StudyDictionary, VariableSpec } from '../dictionary/schema.js';
import { applyEligibility } from '../eligibility/applyEligibility.js';
import { checkDateOrder, deriveEndpoints } from '../endpoints/deriveEndpoints.js';
import { type ImportIssue, makeIssue } from '../errors.js';
import { type Column, emptyColumn, isMissing, type Table } from '../table.js';
import { BAD, type CellReader, cellReader } from './cellReaders.js';
import {
  type CsvDelimiter,
  type CsvEncoding,
  type CsvFormat,
  delimiterName,
  readCsvText,
} from './detectFormat.js';

/** Either a complete, valid cohort or every problem found; never half of one. */
export type ImportResult =
  | {
      readonly ok: true;
      readonly cohort: Cohort;
      readonly warnings: readonly ImportIssue[];
      /** How the file was read: encoding, delimiter, decimal mark (given or detected). */
      readonly format: CsvFormat;
    }
  | {
      readonly ok: false;
      readonly errors: readonly ImportIssue[];
      readonly warnings: readonly ImportIssue[];
    };

export interface ImportOptions {
  /** Name of the file, for messages only. */
  readonly fileName?: string;
  /** The bytes' encoding; detected when not given (UTF-8, else Latin-1). Ignored for a string. */
  readonly encoding?: CsvEncoding | undefined;
  /** The column delimiter; detected from the header when not given. */
  readonly delimiter?: CsvDelimiter | undefined;
}

/**
 * Imports a cohort CSV according to a study dictionary.
 *
 * Reads UTF-8 or Latin-1 text (a byte-order mark is dropped), delimited by commas, semicolons
 * (with decimal commas allowed, as R's read.csv2) or tabs, LF or CRLF line ends, quoted fields
 * with delimiters, quotes or line breaks (RFC 4180, via csv-parse); encoding and delimiter are
 * detected unless given (see `detectFormat.ts`), binary files refused first. Then, in order:
 * 1. header: a missing required column is an error, an unknown column a warning;
 * 2. every cell of every row is read by its variable's type (all problems are collected);
 * 3. derived variables are computed, eligibility rules applied (the patient flow);
 * 4. for the analysed patients: values that may not be missing, date order, endpoints.
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

  // Checked before decoding: a binary file is usually not valid UTF-8 either, and "not a CSV text
  // file" says more than "not UTF-8" or thirty missing columns would.
  if (looksBinary(text)) {
    errors.push(
      makeIssue({
        problem: `${file} is not a CSV text file (it contains binary data)`,
        expected: 'a text file of comma-separated values saved as UTF-8',
      }),
    );
    return fail();
  }
  const known = new Set(dictionary.variables.filter((v) => v.derive === undefined).map((v) => v.name));
  if (dictionary.id !== undefined) known.add(dictionary.id);
  const read = readCsvText(text, options, file, known, warnings);
  if (!read.ok) {
    errors.push(read.issue);
    return fail();
  }
  const { source, format } = read.value;

  let records: string[][];
  try {
    records = parse(source, {
      delimiter: format.delimiter,
      relax_column_count: true,
      skip_empty_lines: false,
    });
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    const line = (e as CsvError & { lines?: number }).lines;
    errors.push(
      makeIssue({
        row: typeof line === 'number' ? line : null,
        problem: `${file} is not valid CSV (${e.message})`,
        expected: `${separatedValues(format.delimiter)} with balanced double quotes`,
      }),
    );
    return fail();
  }

  // Header.
  const header = (records[0] ?? []).map((h) => h.trim());
  const columnIndex = new Map<string, number>();
  header.forEach((h, j) => {
    if (h === '') {
      errors.push(
        makeIssue({ row: 1, problem: `header cell ${j + 1} is empty`, expected: 'a name for every column' }),
      );
    } else if (columnIndex.has(h)) {
      errors.push(
        makeIssue({
          row: 1,
          column: h,
          value: h,
          problem: `column "${h}" appears twice`,
          expected: 'unique column names',
        }),
      );
    } else {
      columnIndex.set(h, j);
    }
  });
  const specs = new Map(dictionary.variables.map((v) => [v.name, v]));
  const raw = dictionary.variables.filter((v) => v.derive === undefined);
  const derivedNames = new Set(dictionary.variables.filter((v) => v.derive !== undefined).map((v) => v.name));
  const unknownColumns = [...columnIndex.keys()].filter((h) => !known.has(h));
  const expectedColumns =
    dictionary.id === undefined ? raw.map((v) => v.name) : [dictionary.id, ...raw.map((v) => v.name)];
  for (const name of expectedColumns) {
    if (columnIndex.has(name)) continue;
    const spec = specs.get(name);
    if (spec !== undefined && !spec.required) continue;
    const near = unknownColumns.find((h) => simplify(h) === simplify(name));
    errors.push(
      makeIssue({
        row: 1,
        column: name,
        problem: `the required column "${name}"${spec ? ` (${spec.label})` : ''} is missing${
          near === undefined ? '' : ` (the file has "${near}" — names must match exactly)`
        }`,
        // Name only this column: one issue per missing column, and repeating the full header in each
        // would bury the message when a wrong file (or another study's export) is given.
        expected: `a column headed "${name}" in row 1`,
      }),
    );
  }
  for (const h of unknownColumns) {
    warnings.push(
      makeIssue({
        row: 1,
        column: h,
        value: h,
        problem: derivedNames.has(h)
          ? `column "${h}" is derived by the dictionary; the file's values are ignored`
          : `column "${h}" is not in the dictionary and is ignored`,
        expected: 'only the columns the dictionary defines',
      }),
    );
  }

  // Cells: every row, every raw variable, every problem.
  const width = header.length;
  const dataRecords: string[][] = [];
  const fileRowList: number[] = [];
  let blank = 0;
  for (let r = 1; r < records.length; r++) {
    const rec = records[r]!;
    if (rec.every((cell) => cell.trim() === '')) {
      blank++;
      continue;
    }
    if (rec.length !== width) {
      errors.push(
        makeIssue({
          row: r + 1,
          problem: `the row has ${rec.length} values but the header has ${width} columns`,
          expected: `${width} ${separatedValues(format.delimiter)} (quote values that contain ${delimiterName(format.delimiter)})`,
        }),
      );
      continue;
    }
    dataRecords.push(rec);
    fileRowList.push(r + 1);
  }
  if (blank > 0 && dataRecords.length > 0) {
    warnings.push(
      makeIssue({
        problem: `${blank} blank ${blank === 1 ? 'row was' : 'rows were'} skipped`,
        expected: 'one row per patient',
      }),
    );
  }
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
  const fileRows = Int32Array.from(fileRowList);
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
  const table: Table = { n, columns, specs };
  deriveVariables(dictionary.variables, table);
  const { keep, flow } = applyEligibility(dictionary.eligibility, table);

  // Completeness, date order and endpoints for the analysed patients only: a screened patient
  // excluded for, say, another primary tumour need not have complete follow-up.
  for (const spec of raw) {
    if (spec.allowMissing) continue;
    const column = columns.get(spec.name)!;
    for (const i of keep) {
      if (isMissing(column, i)) {
        errors.push(
          makeIssue({
            row: fileRows[i]!,
            column: spec.name,
            value: dataRecords[i]![columnIndex.get(spec.name) ?? 0] ?? null,
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
  if (errors.length > 0) return fail();
  return {
    ok: true,
    cohort: buildCohort(dictionary, table, keep, fileRows, ids, endpoints, flow),
    warnings,
    format,
  };
}

function readColumn(
  spec: VariableSpec,
  reader: CellReader,
  column: Column,
  records: readonly string[][],
  j: number,
  fileRows: Int32Array,
  errors: ImportIssue[],
): void {
  const n = records.length;
  // One typed target per column keeps the loop monomorphic (a 2 MB file has ~300 000 cells).
  const target: Int32Array | Float64Array = column.kind === 'codes' ? column.codes : column.values;
  for (let i = 0; i < n; i++) {
    const cell = records[i]![j]!.trim();
    const x = reader.read(cell);
    if (x === BAD) {
      errors.push(
        makeIssue({
          row: fileRows[i]!,
          column: spec.name,
          value: cell,
          problem: reader.problem(cell),
          expected: reader.expected,
        }),
      );
    } else {
      target[i] = x;
    }
  }
}

function readIds(
  name: string,
  records: readonly string[][],
  j: number,
  fileRows: Int32Array,
  errors: ImportIssue[],
): string[] {
  const seen = new Map<string, number>();
  return records.map((rec, i) => {
    const id = rec[j]!.trim();
    const row = fileRows[i]!;
    if (id === '') {
      errors.push(
        makeIssue({
          row,
          column: name,
          value: id,
          problem: 'the patient id is empty',
          expected: 'a unique id per row',
        }),
      );
    } else if (seen.has(id)) {
      errors.push(
        makeIssue({
          row,
          column: name,
          value: id,
          problem: `patient id ${JSON.stringify(id)} repeats row ${seen.get(id)}`,
          expected: 'a unique id per row',
        }),
      );
    } else {
      seen.set(id, row);
    }
    return id;
  });
}

function separatedValues(d: CsvDelimiter): string {
  return d === ',' ? 'comma-separated values' : `values separated by ${delimiterName(d)}`;
}

function simplify(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** How much of the start of a file the binary check reads (git's heuristic reads 8000 bytes). */
const SNIFF_LENGTH = 8000;

/**
 * Git's rule for binary content (a NUL byte in the first 8000 bytes), widened to files of control
 * bytes: more than 10% of the sniffed units are C0 controls other than tab, line feed, form feed,
 * carriage return and vertical tab. Text in any encoding a spreadsheet writes has neither.
 */
function looksBinary(text: string | Uint8Array): boolean {
  const n = Math.min(text.length, SNIFF_LENGTH);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const c = typeof text === 'string' ? text.charCodeAt(i) : text[i]!;
    if (c === 0) return true;
    if (c < 0x20 && (c < 0x09 || c > 0x0d)) controls++;
  }
  return controls > 0.1 * n;
}
