import { CsvError, parse } from 'csv-parse/sync';
import type { StudyDictionary } from '../dictionary/schema.js';
import { CohortError, type ImportIssue, makeIssue } from '../errors.js';
import { formatDay } from '../import/cellReaders.js';
import { type CsvDelimiter, type CsvEncoding, readCsvText } from '../import/detectFormat.js';
import { readSav, SavFormatError } from '../import/sav/readSav.js';
import { deriveVariable, isDateVariable, isUserMissing, numberText } from '../import/sav/savDictionary.js';
import { readSheet } from '../import/xlsx/readSheet.js';
import type { KnownVariable, RawColumn, RawTable } from './types.js';

export interface DraftReadOptions {
  readonly encoding?: CsvEncoding | undefined;
  readonly delimiter?: CsvDelimiter | undefined;
  /** The sheet of an .xlsx workbook, by name or 1-based number. */
  readonly sheet?: string | undefined;
}

/** No variables: the sheet reader then writes date-formatted cells as YYYY-MM-DD and the rest as typed. */
const NO_DICTIONARY: StudyDictionary = {
  study: { name: 'draft', title: 'draft' },
  missingValues: [],
  variables: [],
  endpoints: [],
  eligibility: [],
  dateOrder: [],
};

const SPSS_EPOCH_DAYS = 141_428;

/**
 * Reads a data file for drafting a dictionary, by its name's extension: `.sav` (with the file's
 * labels, value labels and dates as known facts), `.xlsx` (typed cells, as the import reads them),
 * otherwise CSV (encoding and delimiter detected as the import does). No Node APIs.
 *
 * @throws CohortError naming the file and the problem when it cannot be read as a table
 */
export function readDraftTable(
  bytes: Uint8Array,
  fileName: string,
  options: DraftReadOptions = {},
): RawTable {
  if (/\.sav$/i.test(fileName)) return readSavTable(bytes, fileName);
  if (/\.xlsx$/i.test(fileName)) {
    const sheet = readSheet(bytes, NO_DICTIONARY, fileName, options.sheet);
    if (!sheet.ok) throw refused(fileName, sheet.errors);
    return fromRecords(sheet.value.records, fileName, false, (r) => `sheet row ${sheet.value.firstRow + r}`);
  }
  const warnings: ImportIssue[] = [];
  const text = readCsvText(bytes, options, fileName, new Set(), warnings);
  if (!text.ok) throw refused(fileName, [text.issue]);
  let records: string[][];
  try {
    records = parse(text.value.source, {
      delimiter: text.value.format.delimiter,
      relax_column_count: true,
    });
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    throw refused(fileName, [
      makeIssue({
        problem: `${fileName} is not valid CSV (${e.message})`,
        expected: 'balanced double quotes',
      }),
    ]);
  }
  return fromRecords(records, fileName, text.value.format.decimalComma, (r) => `row ${r + 1}`);
}

function refused(fileName: string, issues: readonly ImportIssue[]): CohortError {
  return new CohortError(`Cannot draft a dictionary from ${fileName}:`, issues);
}

/** Header + rows → columns; blank rows are skipped, a row of another width is refused with its row. */
function fromRecords(
  records: readonly string[][],
  fileName: string,
  decimalComma: boolean,
  rowName: (r: number) => string,
): RawTable {
  const header = (records[0] ?? []).map((h) => h.trim());
  const rows: string[][] = [];
  const bad: ImportIssue[] = [];
  for (let r = 1; r < records.length; r++) {
    const rec = records[r]!;
    if (rec.every((c) => c.trim() === '')) continue;
    if (rec.length !== header.length) {
      bad.push(
        makeIssue({
          problem: `${rowName(r)} has ${rec.length} values but the header has ${header.length} columns`,
          expected: `${header.length} values in every row`,
        }),
      );
      continue;
    }
    rows.push(rec.map((c) => c.trim()));
  }
  if (bad.length > 0) throw refused(fileName, bad.slice(0, 10));
  const columns: RawColumn[] = header.map((name, j) => ({ name, values: rows.map((row) => row[j]!) }));
  return { fileName, columns, rows: rows.length, decimalComma };
}

/** An SPSS file: its metadata (as the .sav import derives it) is known, not guessed. */
function readSavTable(bytes: Uint8Array, fileName: string): RawTable {
  let sav: ReturnType<typeof readSav>;
  try {
    sav = readSav(bytes);
  } catch (e) {
    if (!(e instanceof SavFormatError)) throw e;
    throw refused(fileName, [
      makeIssue({
        problem: `${fileName} cannot be read as an SPSS file: ${e.message}`,
        expected: 'an SPSS system file (.sav)',
      }),
    ]);
  }
  const columns = sav.variables.map((v, j): RawColumn => {
    const column = sav.columns[j]!;
    const values = Array.from(column as ArrayLike<number | string>, (x) => {
      if (typeof x === 'number' && Number.isNaN(x)) return '';
      if (isUserMissing(v.missing, x)) return '';
      if (typeof x === 'string') return x.trim();
      if (isDateVariable(v)) return formatDay(Math.floor(x / 86_400 - SPSS_EPOCH_DAYS));
      return numberText(x);
    });
    const derived = deriveVariable(v, column);
    const known: KnownVariable = { label: derived.label };
    if (derived.type === 'date') return { name: v.name, values, known: { ...known, date: true } };
    // Value labels make levels; a variable without them says no more than a CSV column would.
    if (derived.type !== 'categorical' || v.valueLabels.length === 0) return { name: v.name, values, known };
    const levels = derived.levels.map((l) =>
      typeof l === 'string' ? { value: l, label: l } : { value: l.value, label: l.label ?? l.value },
    );
    return { name: v.name, values, known: { ...known, levels } };
  });
  return { fileName, columns, rows: sav.cases, decimalComma: false };
}
