import { buildCohort } from '../cohort.js';
import { deriveVariables } from '../derive/deriveVariables.js';
import type { StudyDictionary, VariableSpec } from '../dictionary/schema.js';
import { applyEligibility, type EligibilityResult } from '../eligibility/applyEligibility.js';
import { checkDateOrder, deriveEndpoints } from '../endpoints/deriveEndpoints.js';
import { type ImportIssue, makeIssue } from '../errors.js';
import { type Column, type ColumnMemory, emptyColumn, isMissing, type Table } from '../table.js';
import { cellReader } from './cellReaders.js';
import { byteHeader, readByteRows } from './csv/byteRows.js';
import { type ByteText, CHUNK_BYTES, LineTooLong, lineCount } from './csv/byteText.js';
import { dataRows, readColumn, readIds } from './csv/cells.js';
import { decodeCsv } from './csv/decode.js';
import { MAX_TEXT_LENGTH, mib } from './csv/encoding.js';
import { readHeader } from './csv/header.js';
import { parseRecords } from './csv/parseRecords.js';
import { type PlainColumn, PlainRowSink, plainLineEnd, plainLines } from './csv/plainRows.js';
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
 *    stages 2 and 4 in one pass, the same issues); plain bytes are decoded a chunk at a time
 *    (`byteText.ts`), so their size is limited by memory only, never by the longest string
 *    (2²⁹ − 24 characters, which caps a file csv-parse reads at 512 MiB);
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
  return importCsv(text, dictionary, options, CHUNK_BYTES);
}

/** `importCohortCsv` decoding bytes `chunkBytes` at a time (tests give small chunks). */
export function importCsv(
  text: string | Uint8Array,
  dictionary: StudyDictionary,
  options: ImportOptions,
  chunkBytes: number,
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
  const decoded = decodeCsv(text, options, file, known, errors, warnings, chunkBytes);
  if (decoded === null) return fail();
  const { source, format } = decoded;
  const memory = options.columnMemory;
  const body = readBody(source, { format, dictionary, raw, known, file, errors, warnings, memory });
  if (body === null) return fail();
  const { n, columns, ids, fileRows } = body;

  // Derived variables and eligibility over every screened row.
  const specs = new Map(dictionary.variables.map((v) => [v.name, v]));
  const table: Table = { n, columns, specs, memory };
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
  readonly memory: ColumnMemory | undefined;
}

/**
 * Stages 2–4: parse, header, cells. A plain file (no double quote, one kind of line end) is read
 * line by line straight into the typed columns (`plainRows.ts`) — as bytes decoded a chunk at a
 * time (`byteText.ts`), or as the lines of a string; any other file through csv-parse's records.
 * All report the same issues. Null when the import must stop here.
 */
function readBody(source: string | ByteText, ctx: BodyContext): Body | null {
  if (typeof source !== 'string') {
    try {
      const { header, from } = byteHeader(source);
      const { decimalComma } = ctx.format;
      return readPlainBody(header, lineCount(source.bytes), ctx, (rows) =>
        readByteRows(source, from, rows, decimalComma),
      );
    } catch (e) {
      if (!(e instanceof LineTooLong)) throw e;
      ctx.errors.push(
        makeIssue({
          row: e.row,
          problem: `the row is longer than the longest text a JavaScript engine can hold (${mib(MAX_TEXT_LENGTH)})`,
          expected: 'one patient per line',
        }),
      );
      return null;
    }
  }
  const lineEnd = plainLineEnd(source);
  if (lineEnd !== null) {
    const lines = plainLines(source, lineEnd);
    return readPlainBody(lines[0], lines.length, ctx, (rows) => {
      for (let i = 1; i < lines.length; i++) rows.line(lines[i]!);
    });
  }
  const { delimiter } = ctx.format;
  const records = parseRecords(source, delimiter, ctx.file, ctx.errors);
  if (records === null) return null;
  const { columnIndex, width } = header(records[0], ctx);
  const { dataRecords, fileRows } = dataRows(records, width, delimiter, ctx.errors, ctx.warnings);
  const n = fileRows.length;
  if (noPatients(n, ctx)) return null;
  const start = startColumns(n, columnIndex, ctx);
  for (const c of start.toRead)
    readColumn(c.spec, c.reader, c.column, dataRecords, c.j, fileRows, ctx.errors);
  const { idColumn } = start;
  const ids =
    idColumn === null ? null : readIds(idColumn.name, dataRecords, idColumn.j, fileRows, ctx.errors);
  if (ctx.errors.length > 0) return null;
  return {
    n,
    columns: start.columns,
    ids,
    fileRows,
    cell: (i, name) => {
      const j = columnIndex.get(name);
      return j === undefined ? null : (dataRecords[i]![j] ?? null);
    },
  };
}

/**
 * Stages 2–4 for a plain file: its header line, then `feed` gives the lines after it to the row
 * reader (as text, or as bytes read in place). The columns are made for `lineCapacity` − 1
 * patients (at least as many as there are) before the lines are read, and cut to the patients found.
 */
function readPlainBody(
  headerLine: string | undefined,
  lineCapacity: number,
  ctx: BodyContext,
  feed: (rows: PlainRowSink) => void,
) {
  const { columnIndex, width } = header(headerLine?.split(ctx.format.delimiter), ctx);
  const capacity = Math.max(lineCapacity - 1, 0);
  const start = startColumns(capacity, columnIndex, ctx);
  const { delimiter } = ctx.format;
  const { toRead, idColumn } = start;
  const sink = new PlainRowSink(
    capacity,
    width,
    delimiter,
    toRead,
    idColumn,
    ctx.errors,
    ctx.warnings,
    ctx.memory,
  );
  feed(sink);
  const rows = sink.finish();
  if (noPatients(rows.n, ctx) || ctx.errors.length > 0) return null;
  const columns = new Map<string, Column>();
  for (const [name, c] of start.columns) {
    columns.set(
      name,
      c.kind === 'codes'
        ? { kind: 'codes', codes: c.codes.subarray(0, rows.n) }
        : { kind: 'values', values: c.values.subarray(0, rows.n) },
    );
  }
  const { n, ids, fileRows, missingCells } = rows;
  return {
    n,
    columns,
    ids,
    fileRows,
    cell: (i, name) => missingCells.get(name)?.get(i) ?? null,
  } satisfies Body;
}

function header(record: readonly string[] | undefined, ctx: BodyContext) {
  return readHeader(record, ctx.dictionary, ctx.known, ctx.errors, ctx.warnings);
}

/**
 * With no patient row: an issue saying so (unless an earlier one explains it), and true — the
 * import stops. False when there are patients.
 */
function noPatients(n: number, ctx: BodyContext): boolean {
  if (n > 0) return false;
  if (ctx.errors.length === 0) {
    ctx.errors.push(
      makeIssue({
        problem: `${ctx.file} has a header but no patients`,
        expected: 'one row per patient after the header',
      }),
    );
  }
  return true;
}

interface Start {
  readonly columns: Map<string, Column>;
  readonly toRead: readonly PlainColumn[];
  readonly idColumn: { readonly name: string; readonly j: number } | null;
}

/** The typed columns for `n` patients (all missing) and the file columns to read into them. */
function startColumns(n: number, columnIndex: ReadonlyMap<string, number>, ctx: BodyContext): Start {
  const columns = new Map<string, Column>();
  const toRead: PlainColumn[] = [];
  for (const spec of ctx.raw) {
    const column = emptyColumn(spec, n, ctx.memory);
    columns.set(spec.name, column);
    const j = columnIndex.get(spec.name);
    if (j !== undefined) toRead.push({ j, spec, reader: cellReader(spec, ctx.format.decimalComma), column });
  }
  const id = ctx.dictionary.id;
  const idJ = id === undefined ? undefined : columnIndex.get(id);
  return { columns, toRead, idColumn: idJ === undefined ? null : { name: id!, j: idJ } };
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
