import { existsSync, readFileSync } from 'node:fs';
import { basename, extname, relative, resolve } from 'node:path';
import {
  CohortError,
  type CsvDelimiter,
  type CsvEncoding,
  draftStudy,
  readDraftTable,
} from '@survkit/cohort';
import { asFileSystemError, describeError, ReportError } from '../errors.js';
import { dictionaryYaml } from '../init/dictionaryYaml.js';
import { planYaml } from '../init/planYaml.js';
import { checkOutputTargets, writeOutputs } from '../output/writeOutputs.js';
import { REPORT_VERSION } from '../version.js';

export interface InitOptions {
  readonly data: string;
  readonly sheet?: string | undefined;
  readonly encoding?: CsvEncoding | undefined;
  readonly delimiter?: CsvDelimiter | undefined;
  /** Directory for the drafted files (default: the directory the command runs in). */
  readonly out?: string | undefined;
  /** Replace drafted files that already exist (default: refuse, so hand edits are never lost). */
  readonly force?: boolean;
  readonly debug?: boolean;
  /** Directory that relative paths are resolved against. */
  readonly cwd: string;
  readonly io?: { readonly stdout: (text: string) => void; readonly stderr: (text: string) => void };
}

/**
 * `survkit init`: reads a data file, drafts its dictionary and plan (`draftStudy`), writes
 * `<stem>-dictionary.yaml` and `<stem>-plan.yaml` (both or neither) and prints what a person must
 * decide and the report command that uses them. Returns the exit code.
 */
export function runInit(options: InitOptions): number {
  const io = options.io ?? {
    stdout: (t: string) => process.stdout.write(t),
    stderr: (t: string) => process.stderr.write(t),
  };
  try {
    const dataPath = resolve(options.cwd, options.data);
    const outDir = resolve(options.cwd, options.out ?? '.');
    const fileName = basename(dataPath);
    const stem = basename(dataPath, extname(dataPath));
    const dictionaryPath = resolve(outDir, `${stem}-dictionary.yaml`);
    const planPath = resolve(outDir, `${stem}-plan.yaml`);
    if (options.force !== true)
      for (const p of [dictionaryPath, planPath])
        if (existsSync(p))
          throw new ReportError(
            `${p} exists; survkit init does not overwrite it (use --force to replace it)`,
          );
    checkOutputTargets([dictionaryPath, planPath]);
    let bytes: Buffer;
    try {
      bytes = readFileSync(dataPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new ReportError(`data file not found: ${dataPath}`);
      throw asFileSystemError(error, dataPath, 'read', 'the data file');
    }
    const draft = draftStudy(readDraftTable(new Uint8Array(bytes), fileName, formatOf(options, fileName)));
    const by = `survkit init ${REPORT_VERSION}`;
    writeOutputs([
      { path: dictionaryPath, bytes: dictionaryYaml(draft, by) },
      { path: planPath, bytes: planYaml(draft, basename(dictionaryPath), by) },
    ]);
    // Paths below the working directory as typed there, others in full.
    const shown = (p: string) => {
      const r = relative(options.cwd, p);
      return r === '' || r.startsWith('..') ? p : r;
    };
    io.stdout(`${dictionaryPath}\n${planPath}\n`);
    const lines = [
      `Drafted from ${fileName}: ${draft.rows} rows, ${draft.columns.length} columns.`,
      draft.decisions.length === 0
        ? 'Nothing needs a decision.'
        : `Needs a human decision (${draft.decisions.length}):`,
      ...draft.decisions.map((d) => `  - ${d.message}`),
      'Then run:',
      `  survkit report --data ${shown(dataPath)} --dictionary ${shown(dictionaryPath)} --plan ${shown(planPath)} --out ${stem}-report.pdf`,
    ];
    io.stdout(`${lines.join('\n')}\n`);
    return 0;
  } catch (error) {
    const cause = error instanceof CohortError ? new ReportError(error.message) : error;
    io.stderr(`survkit init: ${describeError(cause, options.debug === true)}\nNothing was written.\n`);
    return 1;
  }
}

/** The CSV options apply to CSV files and --sheet to workbooks, as for `survkit report`. */
function formatOf(options: InitOptions, fileName: string) {
  const isSav = /\.sav$/i.test(fileName);
  const isXlsx = /\.xlsx$/i.test(fileName);
  if ((isSav || isXlsx) && (options.encoding !== undefined || options.delimiter !== undefined))
    throw new ReportError(`--encoding and --delimiter are for CSV files; ${fileName} is not one`);
  if (!isXlsx && options.sheet !== undefined)
    throw new ReportError(`--sheet is for .xlsx workbooks; ${fileName} is not one`);
  return { sheet: options.sheet, encoding: options.encoding, delimiter: options.delimiter };
}
