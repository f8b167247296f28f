/// <reference lib="webworker" />
// The analysis runs here, off the page's thread: import (the CLI's @survkit/cohort importers), plan
// checks, analysis and PDF layout (the CLI's @survkit/report/browser). Nothing leaves the tab.
import './workerDocumentShim.ts';
import {
  builtinDictionary,
  type Cohort,
  CohortError,
  type ImportIssue,
  importCohortCsv,
  importCohortSav,
  importCohortXlsx,
  parseDictionary,
  type StudyDictionary,
  SYNTHETIC_COHORT_FILE,
  SYNTHETIC_COHORT_SEED,
} from '@survkit/cohort';
import builtinCsv from '@survkit/cohort/data/synthetic-her2-stage4-cohort.csv?raw';
import {
  type AnalysisPlan,
  type AnalysisResult,
  analyse,
  coxTableSpec,
  csvTables,
  endpointDefinition,
  formatTimestamp,
  ReportError,
  renderReport,
  reportFormat,
  table1Spec,
  validatePlan,
} from '@survkit/report/browser';
import reportPackage from '@survkit/report/package.json';
import { loadFonts } from './fonts.ts';
import type { DataInput, WorkerRequest, WorkerResponse } from './protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: WorkerResponse, transfer: Transferable[] = []) => scope.postMessage(message, transfer);

/** The last analysis, kept for the PDF (rendered on request: it takes longer than the tables). */
let last: { result: AnalysisResult; plan: AnalysisPlan; dictionary: StudyDictionary } | null = null;

class ImportFailed extends Error {
  constructor(
    readonly heading: string,
    readonly issues: readonly ImportIssue[],
  ) {
    super(heading);
  }
}

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** "Chrome 156" or "Firefox 140", from the user agent, for the methods text and the appendix. */
function browserName(): string {
  const match = navigator.userAgent.match(/(Firefox|Chrome)\/(\d+)/);
  return match === null ? 'an unidentified browser' : `${match[1]} ${match[2]}`;
}

interface Imported {
  readonly cohort: Cohort;
  readonly fileName: string;
  readonly bytes: Uint8Array;
  readonly dictionaryName: string;
  readonly warnings: readonly string[];
}

/** The data's name and bytes: a file is read here, off the page's thread. */
async function readData(data: DataInput): Promise<{ fileName: string; bytes: Uint8Array }> {
  if (data.kind === 'builtin')
    return { fileName: SYNTHETIC_COHORT_FILE, bytes: new TextEncoder().encode(builtinCsv) };
  return { fileName: data.fileName, bytes: new Uint8Array(await data.file.arrayBuffer()) };
}

/** The same dispatch as the CLI's `load.ts`: .sav with its metadata, .xlsx first sheet, else CSV. */
function importData(
  { fileName, bytes }: { fileName: string; bytes: Uint8Array },
  dictionaryInput: unknown,
  dictionarySource: string,
): Imported {
  if (/\.sav$/i.test(fileName)) {
    const result = importCohortSav(bytes, dictionaryInput ?? undefined, {
      fileName,
      dictionaryName: dictionarySource,
    });
    if (!result.ok)
      throw new ImportFailed(`${fileName} was not imported (dictionary: ${dictionarySource})`, result.errors);
    return {
      cohort: result.cohort,
      fileName,
      bytes,
      dictionaryName: `${dictionarySource} (${result.dictionary.study.name})`,
      warnings: result.warnings.map((w) => w.message),
    };
  }
  let dictionary: StudyDictionary;
  try {
    dictionary = dictionaryInput === null ? builtinDictionary : parseDictionary(dictionaryInput);
  } catch (error) {
    if (error instanceof CohortError)
      throw new ImportFailed(`the data dictionary ${dictionarySource} is not valid`, error.issues);
    throw error;
  }
  const result = /\.xlsx$/i.test(fileName)
    ? importCohortXlsx(bytes, dictionary, { fileName })
    : importCohortCsv(bytes, dictionary, { fileName });
  if (!result.ok) {
    // Issues of the whole file (too large, not text, no header) are not about the dictionary (as the CLI says).
    const unreadable = result.errors.every((e) => e.row === null && e.column === null);
    throw new ImportFailed(
      unreadable
        ? `${fileName} cannot be read as a cohort table`
        : `${fileName} does not fit the dictionary ${dictionarySource}`,
      result.errors,
    );
  }
  return {
    cohort: result.cohort,
    fileName,
    bytes,
    dictionaryName: `${dictionarySource} (${dictionary.study.name})`,
    warnings: result.warnings.map((w) => w.message),
  };
}

async function runAnalysis(request: Extract<WorkerRequest, { type: 'analyse' }>): Promise<void> {
  const { id } = request;
  const started = performance.now();
  const step = (stage: string, n: number) => post({ type: 'progress', id, stage, step: n, of: 4 });
  step('Importing the data', 1);
  const imported = importData(await readData(request.data), request.dictionary, request.dictionarySource);
  step('Checking the plan', 2);
  const plan = validatePlan({ value: request.plan, source: request.planSource }, imported.cohort);
  step(`Analysing ${imported.cohort.n} patients`, 3);
  const result = analyse(imported.cohort, plan, {
    source: {
      fileName: imported.fileName,
      sha256: await sha256(imported.bytes),
      synthetic: request.data.kind === 'builtin' || /synthetic/i.test(imported.fileName),
      seed: request.data.kind === 'builtin' ? SYNTHETIC_COHORT_SEED : null,
      dictionaryName: imported.dictionaryName,
      planSource: request.planSource,
    },
    generatedAt: formatTimestamp(new Date()),
    version: reportPackage.version,
    validation: null,
    importWarnings: imported.warnings,
    browser: browserName(),
  });
  step('Laying out the tables', 4);
  const fmt = reportFormat(plan.format);
  const tables = {
    table1: table1Spec(result, 'TABLE 1', fmt),
    cox: result.cox.map((c, i) => coxTableSpec(result, c, `TABLE ${i + 2}`, fmt)),
    csv: csvTables(result),
  };
  last = { result, plan, dictionary: imported.cohort.dictionary };
  post({ type: 'result', id, result, tables, warnings: imported.warnings, ms: performance.now() - started });
}

async function renderPdf(request: Extract<WorkerRequest, { type: 'pdf' }>): Promise<void> {
  if (last === null) throw new ReportError('nothing has been analysed yet');
  const { result, plan, dictionary } = last;
  post({ type: 'progress', id: request.id, stage: 'Laying out the PDF', step: 1, of: 1 });
  const endpointDefinitions = plan.endpoints.map((e) =>
    endpointDefinition(dictionary, e.name, e.abbreviation, plan.survival.timeUnit),
  );
  const bytes = await renderReport({
    result,
    plan,
    endpointDefinitions,
    paper: request.paper,
    fonts: loadFonts(),
  });
  const fileName = `${result.source.fileName.replace(/\.[^.]+$/, '')}-report.pdf`;
  post({ type: 'pdf', id: request.id, bytes, fileName }, [bytes.buffer as ArrayBuffer]);
}

scope.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  try {
    if (request.type === 'analyse') await runAnalysis(request);
    else await renderPdf(request);
  } catch (error) {
    if (error instanceof ImportFailed)
      post({ type: 'import-errors', id: request.id, heading: error.heading, issues: error.issues });
    else if (error instanceof ReportError || error instanceof CohortError)
      post({ type: 'error', id: request.id, task: request.type, message: error.message });
    else
      post({
        type: 'error',
        id: request.id,
        task: request.type,
        message: `unexpected error: ${(error as Error).message ?? String(error)}`,
      });
  }
};

post({ type: 'ready' });
