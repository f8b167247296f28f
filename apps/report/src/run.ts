import { basename, resolve } from 'node:path';
import type { CsvDelimiter, CsvEncoding } from '@survkit/cohort';
import type { AnalysisResult } from './analysis/types.js';
import { renderDocx } from './docx/renderDocx.js';
import type { DocxFigure } from './docx/wordFigure.js';
import { describeError, ReportError } from './errors.js';
import { formatTimestamp } from './format/index.js';
import { loadCohort } from './load.js';
import { CSV_TABLE_NAMES, csvTables } from './output/csv.js';
import { figureFiles, renderFigureImages } from './output/figureFiles.js';
import {
  checkOutputDirectory,
  checkOutputTargets,
  type OutputFile,
  writeOutputs,
} from './output/writeOutputs.js';
import { analyseInParallel } from './parallel/analyseInParallel.js';
import { type AnalysisThread, prestartAnalysisThread } from './parallel/analysisThread.js';
import { BUILTIN_PLAN } from './plan/builtinPlan.js';
import { readPlanFile, validatePlan } from './plan/loadPlan.js';
import type { AnalysisPlan } from './plan/schema.js';
import { Progress } from './progress.js';
import { endpointDefinition } from './render/endpointDefinition.js';
import { FIGURE_DPI } from './render/figures.js';
import { resolveFonts } from './render/fonts.js';
import { renderReport } from './render/report.js';
import { validationSummary } from './validation/validationSummary.js';
import { REPORT_VERSION } from './version.js';

export interface RunOptions {
  readonly data?: string | undefined;
  readonly dictionary?: string | undefined;
  readonly plan?: string | undefined;
  readonly out: string;
  readonly paper: 'a4' | 'letter';
  readonly json: boolean;
  readonly csv?: string | undefined;
  /** Also write the tables as an editable Word document here (`--docx`). */
  readonly docx?: string | undefined;
  /** Also write every figure as SVG, PDF and 300-dpi PNG into this directory (`--figures`). */
  readonly figures?: string | undefined;
  readonly quiet: boolean;
  /** How the data file is written, when detection cannot tell (`--encoding`, `--delimiter`). */
  readonly encoding?: CsvEncoding | undefined;
  readonly delimiter?: CsvDelimiter | undefined;
  /** The sheet of an .xlsx data file (`--sheet`): its name or 1-based number; default the first. */
  readonly sheet?: string | undefined;
  /** Print the stack trace of any error (default: a one-line message). */
  readonly debug?: boolean;
  /** Directory that relative paths are resolved against. */
  readonly cwd: string;
  /** Run the validation suites for the appendix (default true). */
  readonly validation?: boolean;
  /** Where messages go (default: the process's streams); tests capture them. */
  readonly io?: { readonly stdout: (text: string) => void; readonly stderr: (text: string) => void };
}

/**
 * JSON keeps its arrays: a typed array of the result (a figure's points, a curve's Uint32Array
 * counts) is written as a list, not as an object of indices.
 */
function typedAsArrays(_key: string, value: unknown): unknown {
  return ArrayBuffer.isView(value) && !(value instanceof DataView)
    ? Array.from(value as unknown as ArrayLike<number>)
    : value;
}

/**
 * Runs the report pipeline (load → validate → analyse → render → write) and returns the process exit
 * code. Nothing is written unless every stage succeeds: the PDF and the CSV tables appear together,
 * complete, or not at all (see writeOutputs).
 */
export async function runReport(options: RunOptions): Promise<number> {
  const progress = new Progress(options.quiet || options.io !== undefined);
  const io = options.io ?? {
    stdout: (t: string) => process.stdout.write(t),
    stderr: (t: string) => process.stderr.write(t),
  };
  try {
    const targets = checkTargets(options);
    // The reference suites run in a worker while the cohort is loaded and analysed.
    const validationRun = options.validation === false ? null : validationSummary();
    validationRun?.catch(() => undefined);
    // The analysis worker starts now, while this thread loads the cohort (parallel/analysisThread.ts).
    const thread = prestartAnalysisThread(
      options.data === undefined ? undefined : resolve(options.cwd, options.data),
    );
    const { result, plan, endpointDefinitions } = await analyseStages(
      options,
      progress,
      validationRun,
      thread,
    ).finally(() => {
      void thread?.stop();
    });
    const rendered = await renderStages(options, progress, targets, result, plan, endpointDefinitions);
    writeOutputs(rendered.outputs);
    announce(options, io, targets, result, rendered);
    return 0;
  } catch (error) {
    io.stderr(`survkit report: ${describeError(error, options.debug === true)}\nNo report was written.\n`);
    return 1;
  }
}

/** Where the run writes, as absolute paths; null where the option was not given. */
interface Targets {
  readonly outPath: string;
  readonly csvDir: string | null;
  readonly docxPath: string | null;
  readonly figuresDir: string | null;
}

/** The options that cannot work together, and every output target, checked before any analysis. */
function checkTargets(options: RunOptions): Targets {
  const path = (p: string) => resolve(options.cwd, p);
  const outPath = path(options.out);
  if (!outPath.toLowerCase().endsWith('.pdf'))
    throw new ReportError(`--out is ${options.out}; expected a file name ending in .pdf`);
  if (options.dictionary !== undefined && options.plan === undefined)
    throw new ReportError(
      '--dictionary needs --plan: the built-in plan names the built-in dictionary’s variables',
    );
  if (options.data?.toLowerCase().endsWith('.sav') && options.plan === undefined)
    throw new ReportError(
      'an SPSS file (--data *.sav) needs --plan, and --dictionary for its endpoints: the built-in plan names the built-in study’s variables',
    );
  const csvDir = options.csv === undefined ? null : path(options.csv);
  const docxPath = options.docx === undefined ? null : path(options.docx);
  if (docxPath !== null && !docxPath.toLowerCase().endsWith('.docx'))
    throw new ReportError(`--docx is ${options.docx}; expected a file name ending in .docx`);
  const figuresDir = options.figures === undefined ? null : path(options.figures);
  // An unwritable target fails now, not after minutes of analysis.
  checkOutputTargets([
    outPath,
    ...(docxPath === null ? [] : [docxPath]),
    ...(csvDir === null ? [] : CSV_TABLE_NAMES.map((f) => resolve(csvDir, f))),
  ]);
  if (figuresDir !== null) checkOutputDirectory(figuresDir);
  return { outPath, csvDir, docxPath, figuresDir };
}

/** load → validate → analyse → verify: the analysis result with the reference suites' outcome. */
async function analyseStages(
  options: RunOptions,
  progress: Progress,
  validationRun: ReturnType<typeof validationSummary> | null,
  thread: AnalysisThread | null,
): Promise<{ result: AnalysisResult; plan: AnalysisPlan; endpointDefinitions: string[] }> {
  const path = (p: string) => resolve(options.cwd, p);
  const { plan: planSource, loaded } = await progress.stage(
    'load',
    options.data ?? 'built-in synthetic cohort',
    () => {
      // Read only: the plan's shape and names are checked together once the dictionary is known.
      const plan =
        options.plan === undefined
          ? { value: BUILTIN_PLAN, source: 'built-in plan' }
          : readPlanFile(path(options.plan));
      const planSource = options.plan === undefined ? 'built-in plan' : basename(options.plan);
      const loaded = loadCohort(
        options.data === undefined ? undefined : path(options.data),
        options.dictionary === undefined ? undefined : path(options.dictionary),
        planSource,
        {
          encoding: options.encoding,
          delimiter: options.delimiter,
          sheet: options.sheet,
          // A worker is waiting for the cohort: its columns go straight into shared memory.
          columnMemory: thread === null ? undefined : 'shared',
        },
      );
      return { plan, loaded };
    },
  );
  await signalPoint();
  const plan = await progress.stage('validate', `plan against ${loaded.cohort.dictionary.study.name}`, () =>
    validatePlan(planSource, loaded.cohort),
  );
  await signalPoint();
  const analysed = await progress.stage('analyse', `${loaded.cohort.n} patients`, () =>
    analyseInParallel(
      loaded.cohort,
      plan,
      {
        source: loaded.source,
        generatedAt: formatTimestamp(new Date()),
        version: REPORT_VERSION,
        validation: null,
        importWarnings: loaded.warnings,
      },
      { thread },
    ),
  );
  const validation =
    validationRun === null
      ? null
      : await progress.stage('verify', 'engine against R references', () => validationRun);
  const result: AnalysisResult = { ...analysed, validation };
  const endpointDefinitions = plan.endpoints.map((e) =>
    endpointDefinition(loaded.cohort.dictionary, e.name, e.abbreviation, plan.survival.timeUnit),
  );
  return { result, plan, endpointDefinitions };
}

/** Every file of the run, the PDF first; `figureFiles` counts the --figures files among them. */
interface Rendered {
  readonly outputs: readonly OutputFile[];
  readonly figureFiles: number;
}

/** The PDF, then each asked-for extra (Word tables, figure files, CSV tables), as files not yet written. */
async function renderStages(
  options: RunOptions,
  progress: Progress,
  { outPath, csvDir, docxPath, figuresDir }: Targets,
  result: AnalysisResult,
  plan: AnalysisPlan,
  endpointDefinitions: readonly string[],
): Promise<Rendered> {
  await signalPoint();
  const pdf = await progress.stage('render', basename(outPath), () =>
    renderReport({ result, plan, endpointDefinitions, paper: options.paper, fonts: resolveFonts() }),
  );
  const docx =
    docxPath === null
      ? null
      : await progress.stage('render', basename(docxPath), () =>
          renderDocx({ result, plan, paper: options.paper, figures: docxFigures(result, plan) }),
        );
  await signalPoint();
  const figures =
    figuresDir === null
      ? []
      : await progress.stage('figures', 'SVG, PDF and PNG', () => figureFiles(result, plan));
  await signalPoint();
  const outputs: OutputFile[] = [{ path: outPath, bytes: pdf }];
  if (docxPath !== null && docx !== null) outputs.push({ path: docxPath, bytes: docx });
  if (csvDir !== null)
    for (const [name, text] of Object.entries(csvTables(result)))
      outputs.push({ path: resolve(csvDir, name), bytes: text });
  if (figuresDir !== null)
    for (const f of figures) outputs.push({ path: resolve(figuresDir, f.name), bytes: f.bytes });
  return { outputs, figureFiles: figures.length };
}

/** The PDF's path (and the JSON with --json) on stdout; what else was written on stderr unless --quiet. */
function announce(
  options: RunOptions,
  io: NonNullable<RunOptions['io']>,
  { outPath, docxPath, figuresDir }: Targets,
  result: AnalysisResult,
  { outputs, figureFiles }: Rendered,
): void {
  const written = outputs.slice(1).map((o) => o.path);
  if (options.json) io.stdout(`${JSON.stringify(result, typedAsArrays, 2)}\n`);
  // With --json, stdout is the JSON document; the path goes to stderr.
  (options.json ? io.stderr : io.stdout)(`${outPath}\n`);
  const csvWritten = written.filter((p) => p.endsWith('.csv'));
  if (!options.quiet && docxPath !== null) io.stderr(`Word tables: ${docxPath}\n`);
  if (!options.quiet && csvWritten.length > 0) io.stderr(`CSV tables: ${csvWritten.join(', ')}\n`);
  if (!options.quiet && figuresDir !== null)
    io.stderr(`Figures: ${figureFiles / 3} (with the flow diagram) as SVG, PDF and PNG in ${figuresDir}\n`);
}

/**
 * Returns to the event loop, where Node runs signal handlers: the stages are synchronous work chained
 * by already-settled promises, so without this a Ctrl-C would wait for the whole run to finish.
 */
function signalPoint(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The report's numbered figures as the Word document embeds them: the 300-dpi PNGs with their legends. */
function docxFigures(result: AnalysisResult, plan: AnalysisPlan): DocxFigure[] {
  return renderFigureImages(result, plan)
    .filter((f) => f.number !== null)
    .map((f) => ({
      // Labelled as in the PDF and as the document's tables are ("FIGURE 2", "TABLE 2").
      title: `FIGURE ${f.number}`,
      caption: f.caption,
      png: f.png,
      widthPx: f.size.widthPx,
      heightPx: f.size.heightPx,
      dpi: FIGURE_DPI,
    }));
}
