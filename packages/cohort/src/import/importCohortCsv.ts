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
import {
  type PlainColumn,
  plainDataRows,
  plainLineEnd,
  plainLines,
  readPlainCells,
} from './csv/plainRows.js';
import type { ImportOptions, ImportResult } from './csv/types.js';
import type { CsvFormat } from './detectFormat.js';

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
 * 2. parse (`parseRecords.ts`): text to records — or, for a plain file (no double quote, one kind of
 *    line end, as large exports are), line by line straight into the typed columns (`plainRows.ts`,
 *    stages 2 and 4 in one pass, the same issues);
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
  const body = readBody(source, { format, dictionary, raw, known, file, errors, warnings });
  if (body === null) return fail();
  const { n, columns, ids, fileRows } = body;

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
    (spec, i) => ({ row: fileRows[i]!, value: body.cell(i, spec.name) }),
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

/** Stages 2–4 done: the typed columns, ids, row numbers, and the raw text of any cell (for messages). */
interface Body {
  readonly n: number;
  readonly columns: Map<string, Column>;
  readonly ids: string[] | null;
  readonly fileRows: Int32Array;
  /** Data row i's untrimmed value in the named column, as written (null when the file lacks it). */
  cell(i: number, name: string): string | null;
}

/** What stages 2–4 need besides the text. */
interface BodyContext {
  readonly format: CsvFormat;
  readonly dictionary: StudyDictionary;
  readonly raw: readonly VariableSpec[];
  readonly known: ReadonlySet<string>;
  readonly file: string;
  readonly errors: ImportIssue[];
  readonly warnings: ImportIssue[];
}

/**
 * Stages 2–4: parse, header, cells. A plain file (no double quote, one kind of line end) is read
 * line by line straight into the typed columns (`plainRows.ts`); any other through csv-parse's
 * records. Both report the same issues. Null when the import must stop here.
 */
function readBody(source: string, ctx: BodyContext): Body | null {
  const { delimiter } = ctx.format;
  const lineEnd = plainLineEnd(source);
  if (lineEnd !== null) {
    const lines = plainLines(source, lineEnd);
    const { columnIndex, width } = header(lines[0]!.split(delimiter), ctx);
    const { lineOf, fileRows } = plainDataRows(lines, width, delimiter, ctx.errors, ctx.warnings);
    const start = startColumns(fileRows, columnIndex, ctx);
    if (start === null) return null;
    const ids = readPlainCells(lines, lineOf, delimiter, start.toRead, start.idColumn, fileRows, ctx.errors);
    return finish(start, ids, columnIndex, ctx, (i, j) => lines[lineOf[i]!]!.split(delimiter)[j] ?? null);
  }
  const records = parseRecords(source, delimiter, ctx.file, ctx.errors);
  if (records === null) return null;
  const { columnIndex, width } = header(records[0], ctx);
  const { dataRecords, fileRows } = dataRows(records, width, delimiter, ctx.errors, ctx.warnings);
  const start = startColumns(fileRows, columnIndex, ctx);
  if (start === null) return null;
  for (const c of start.toRead)
    readColumn(c.spec, c.reader, c.column, dataRecords, c.j, fileRows, ctx.errors);
  const { idColumn } = start;
  const ids =
    idColumn === null ? null : readIds(idColumn.name, dataRecords, idColumn.j, fileRows, ctx.errors);
  return finish(start, ids, columnIndex, ctx, (i, j) => dataRecords[i]![j] ?? null);
}

function header(record: readonly string[] | undefined, ctx: BodyContext) {
  return readHeader(record, ctx.dictionary, ctx.known, ctx.errors, ctx.warnings);
}

interface Start {
  readonly fileRows: Int32Array;
  readonly columns: Map<string, Column>;
  readonly toRead: readonly PlainColumn[];
  readonly idColumn: { readonly name: string; readonly j: number } | null;
}

/** The typed columns (all missing) and the file columns to read into them; null with no patient row. */
function startColumns(
  fileRows: Int32Array,
  columnIndex: ReadonlyMap<string, number>,
  ctx: BodyContext,
): Start | null {
  const n = fileRows.length;
  if (n === 0 && ctx.errors.length === 0) {
    ctx.errors.push(
      makeIssue({
        problem: `${ctx.file} has a header but no patients`,
        expected: 'one row per patient after the header',
      }),
    );
  }
  if (ctx.errors.length > 0 && n === 0) return null;
  const columns = new Map<string, Column>();
  const toRead: PlainColumn[] = [];
  for (const spec of ctx.raw) {
    const column = emptyColumn(spec, n);
    columns.set(spec.name, column);
    const j = columnIndex.get(spec.name);
    if (j !== undefined) toRead.push({ j, spec, reader: cellReader(spec, ctx.format.decimalComma), column });
  }
  const id = ctx.dictionary.id;
  const idJ = id === undefined ? undefined : columnIndex.get(id);
  return { fileRows, columns, toRead, idColumn: idJ === undefined ? null : { name: id!, j: idJ } };
}

function finish(
  start: Start,
  ids: string[] | null,
  columnIndex: ReadonlyMap<string, number>,
  ctx: BodyContext,
  cell: (i: number, j: number) => string | null,
): Body | null {
  if (ctx.errors.length > 0) return null;
  const { fileRows, columns } = start;
  return {
    n: fileRows.length,
    columns,
    ids,
    fileRows,
    cell: (i, name) => cell(i, columnIndex.get(name) ?? 0),
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
