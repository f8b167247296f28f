import { constants } from 'node:buffer';
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import {
  builtinDictionary,
  type Cohort,
  CohortError,
  type ColumnMemory,
  type CsvDelimiter,
  type CsvEncoding,
  formatImportIssues,
  importCohortCsv,
  importCohortSav,
  importCohortXlsx,
  loadBuiltinCohort,
  loadDictionaryFile,
  loadDictionaryInput,
  type StudyDictionary,
} from '@survkit/cohort';
import type { DataSource } from './analysis/types.js';
import { asFileSystemError, ReportError } from './errors.js';

export interface LoadedCohort {
  readonly cohort: Cohort;
  readonly source: DataSource;
  readonly warnings: readonly string[];
}

function sha256(bytes: string | Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function readDictionary(path: string | undefined): { dictionary: StudyDictionary; name: string } {
  if (path === undefined)
    return { dictionary: builtinDictionary, name: `built-in (${builtinDictionary.study.name})` };
  try {
    const dictionary = loadDictionaryFile(path);
    return { dictionary, name: `${basename(path)} (${dictionary.study.name})` };
  } catch (error) {
    if (error instanceof CohortError)
      throw new ReportError(`the data dictionary ${path} is not valid:\n${error.message}`);
    throw error;
  }
}

/** How the data file is written, as the CLI's options say (all optional; checked per file type). */
export interface DataFormat {
  readonly encoding?: CsvEncoding | undefined;
  readonly delimiter?: CsvDelimiter | undefined;
  /** The sheet of an .xlsx workbook (`--sheet`): its name or 1-based number. */
  readonly sheet?: string | undefined;
  /** Where a CSV's columns are allocated: shared when a worker thread is to read them (ColumnMemory). */
  readonly columnMemory?: ColumnMemory | undefined;
}

/**
 * Loads the cohort: the built-in synthetic one, or a CSV read with the given (or built-in)
 * dictionary. Import problems become one {@link ReportError} listing every problem with its row.
 */
export function loadCohort(
  dataPath: string | undefined,
  dictionaryPath: string | undefined,
  planSource: string,
  format: DataFormat = {},
): LoadedCohort {
  if (dataPath === undefined) {
    if (dictionaryPath !== undefined)
      throw new ReportError('--dictionary needs --data: the built-in cohort has its own dictionary');
    if (format.encoding !== undefined || format.delimiter !== undefined)
      throw new ReportError('--encoding and --delimiter need --data: they say how that file is written');
    if (format.sheet !== undefined)
      throw new ReportError('--sheet needs --data: it chooses a sheet of that workbook');
    let builtin: ReturnType<typeof loadBuiltinCohort>;
    try {
      builtin = loadBuiltinCohort();
    } catch (error) {
      if (error instanceof CohortError)
        throw new ReportError(`the built-in cohort does not import:\n${error.message}`);
      throw error;
    }
    return {
      cohort: builtin.cohort,
      source: {
        fileName: builtin.fileName,
        sha256: sha256(builtin.csvText),
        synthetic: true,
        seed: builtin.seed,
        dictionaryName: `built-in (${builtinDictionary.study.name})`,
        planSource,
      },
      warnings: [],
    };
  }
  if (extname(dataPath).toLowerCase() === '.sav')
    return loadSav(dataPath, dictionaryPath, planSource, format);
  const { dictionary, name } = readDictionary(dictionaryPath);
  const bytes = readData(dataPath);
  const fileName = basename(dataPath);
  const result = importData(bytes, fileName, dictionary, format);
  if (!result.ok) {
    // Issues of the whole file (too large, not text, no header) are not about the dictionary.
    const unreadable = result.errors.every((e) => e.row === null && e.column === null);
    const lead = unreadable
      ? `${fileName} cannot be read as a cohort table`
      : `${fileName} does not fit the dictionary ${name}${dictionaryPath === undefined ? ' (no --dictionary was given, so the built-in one was used)' : ''}`;
    throw new ReportError(`${lead}.\n${formatImportIssues(result.errors, fileName)}`);
  }
  return loaded(result, bytes, fileName, name, planSource);
}

/** The loaded cohort of an imported user file, with its source record for the appendix. */
function loaded(
  result: { readonly cohort: Cohort; readonly warnings: readonly { readonly message: string }[] },
  bytes: Uint8Array,
  fileName: string,
  dictionaryName: string,
  planSource: string,
): LoadedCohort {
  return {
    cohort: result.cohort,
    source: {
      fileName,
      sha256: sha256(bytes),
      // A user's file is never labelled synthetic unless its name says so (the generator's files do).
      synthetic: /synthetic/i.test(fileName),
      seed: null,
      dictionaryName,
      planSource,
    },
    warnings: result.warnings.map((w) => w.message),
  };
}

/** Dispatches on the file's extension: an .xlsx workbook (`--sheet`), else CSV (`--encoding`, `--delimiter`). */
function importData(bytes: Uint8Array, fileName: string, dictionary: StudyDictionary, format: DataFormat) {
  const { sheet, ...csvFormat } = format;
  if (/\.xlsx$/i.test(fileName)) {
    if (csvFormat.encoding !== undefined || csvFormat.delimiter !== undefined)
      throw new ReportError(`--encoding and --delimiter are for CSV files; ${fileName} is an .xlsx workbook`);
    return importCohortXlsx(bytes, dictionary, { fileName, sheet });
  }
  if (sheet !== undefined)
    throw new ReportError(`--sheet is for .xlsx workbooks; ${fileName} is read as CSV`);
  return importCohortCsv(bytes, dictionary, { fileName, ...csvFormat });
}

function readData(dataPath: string): Buffer {
  try {
    return readWhole(dataPath);
  } catch (error) {
    if (error instanceof ReportError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new ReportError(`data file not found: ${dataPath}`);
    throw asFileSystemError(error, dataPath, 'read', 'the data file');
  }
}

/** What `readFileSync` reads at most (Node's kIoMaxLength, 2 GiB − 1 byte). */
const READ_FILE_MAX = 2 ** 31 - 1;

/**
 * The file's bytes. `readFileSync` stops at 2 GiB, so a larger file (a plain CSV of ≈ 1.2·10⁷
 * patients) is read into one buffer in pieces; the import decodes it a chunk at a time. One buffer
 * holds at most `buffer.constants.MAX_LENGTH` bytes (4 GiB in Node 20).
 */
function readWhole(dataPath: string): Buffer {
  const size = statSync(dataPath).size;
  if (size <= READ_FILE_MAX) return readFileSync(dataPath);
  if (size > constants.MAX_LENGTH)
    throw new ReportError(
      `the data file ${dataPath} is too large (${(size / 2 ** 30).toFixed(1)} GiB; at most ${(constants.MAX_LENGTH / 2 ** 30).toFixed(0)} GiB can be read): split the cohort into smaller files, or leave out the columns the dictionary does not define`,
    );
  const bytes = Buffer.allocUnsafe(size);
  const fd = openSync(dataPath, 'r');
  try {
    for (let at = 0; at < size; ) {
      const read = readSync(fd, bytes, at, Math.min(size - at, 2 ** 30), at);
      if (read === 0)
        throw new ReportError(`the data file ${dataPath} ended early while being read (was it changed?)`);
      at += read;
    }
  } finally {
    closeSync(fd);
  }
  return bytes;
}

/**
 * An SPSS file: its metadata supplies the variables, the dictionary (optional) what a file cannot
 * say — endpoints, group, eligibility, derived variables — and any variable it lists overrides
 * the file's (see `importCohortSav`). The built-in dictionary is never used for a .sav.
 */
function loadSav(
  dataPath: string,
  dictionaryPath: string | undefined,
  planSource: string,
  format: DataFormat,
): LoadedCohort {
  if (format.encoding !== undefined || format.delimiter !== undefined)
    throw new ReportError(
      '--encoding and --delimiter apply to CSV files; an SPSS file records its own encoding',
    );
  if (format.sheet !== undefined)
    throw new ReportError('--sheet is for .xlsx workbooks; an SPSS file has no sheets');
  const fileName = basename(dataPath);
  let input: unknown;
  try {
    input = dictionaryPath === undefined ? undefined : loadDictionaryInput(dictionaryPath);
  } catch (error) {
    if (error instanceof CohortError)
      throw new ReportError(`the data dictionary ${dictionaryPath} is not valid:\n${error.message}`);
    throw error;
  }
  const bytes = readData(dataPath);
  const dictionaryName =
    dictionaryPath === undefined
      ? `${fileName} metadata`
      : `${basename(dictionaryPath)} completed from ${fileName}`;
  let result: ReturnType<typeof importCohortSav>;
  try {
    result = importCohortSav(new Uint8Array(bytes), input, { fileName, dictionaryName });
  } catch (error) {
    if (error instanceof CohortError)
      throw new ReportError(`the data dictionary ${dictionaryName} is not valid:\n${error.message}`);
    throw error;
  }
  if (!result.ok) {
    throw new ReportError(
      `${fileName} was not imported (dictionary: ${dictionaryName}).\n${formatImportIssues(result.errors, fileName)}`,
    );
  }
  return loaded(result, bytes, fileName, `${dictionaryName} (${result.dictionary.study.name})`, planSource);
}
