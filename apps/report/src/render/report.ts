import type { AnalysisResult } from '../analysis/types.js';
import { type ReportFormat, reportFormat } from '../format/reportFormat.js';
import type { AnalysisPlan } from '../plan/schema.js';
import { propensityMethodsText, propensityResultsText } from '../templates/propensityText.js';
import { drawReproducibilityAppendix, drawValidationAppendix } from './appendix.js';
import { type PaperSize, ReportDocument, STYLE } from './document.js';
import { type ReportFigure, reportFigures } from './figures.js';
import { drawFlow } from './flow.js';
import type { FontSet } from './fonts.js';
import {
  immortalTimeMethodsText,
  immortalTimeResultsText,
  immortalTimeTableSpec,
} from './immortalTimeSpecs.js';
import { balanceTableSpec, propensityEffectSpec } from './propensitySpecs.js';
import { methodsText, resultsText, sensitivityMethodsText, sensitivityResultsText } from './prose.js';
import { robustnessTableSpec } from './robustnessSpecs.js';
import { drawShortTable, effectTableSpec, phTableSpec } from './sensitivitySpecs.js';
import { drawTable } from './table.js';
import { coxTableSpec, pairwiseSpec, table1Spec } from './tableSpecs.js';

export interface RenderInput {
  readonly result: AnalysisResult;
  readonly plan: AnalysisPlan;
  /** One sentence per endpoint defining it (from the dictionary). */
  readonly endpointDefinitions: readonly string[];
  readonly paper: PaperSize;
  /** The DejaVu faces: `resolveFonts()` in Node, the bundled files' bytes in the web app. */
  readonly fonts: FontSet;
}

/**
 * Lays out the whole report in the order of a results section: title and provenance, patient flow,
 * methods, Table 1, survival figures, Cox tables, forest plots, subgroup survival, results text and
 * the appendix. Knows nothing about any particular study: every label comes from the dictionary and
 * the plan via the analysis result.
 */
export async function renderReport(input: RenderInput): Promise<Uint8Array> {
  const { result, plan } = input;
  const report = new ReportDocument(
    input.paper,
    {
      title: result.title,
      subject: `Survival analysis of ${result.source.fileName}`,
      creator: `survkit ${result.software.survkit}`,
    },
    input.fonts,
  );
  const fmt = reportFormat(plan.format);
  drawTitle(report, result);
  report.heading('Patient flow');
  drawFlow(report, result);
  drawMethods(report, input);

  const page: ResultsPage = { report, result, fmt, numbers: new Numbering(reportFigures(result, plan)) };
  drawMainResults(page);
  drawRobustness(page);
  if (result.sensitivity !== undefined) drawSensitivity(page, result.sensitivity);
  if (result.immortalTime !== undefined) drawImmortalTime(page, result.immortalTime);
  if (result.propensity !== undefined) drawPropensity(page, result.propensity);
  drawSummary(page);

  // The appendices start on a page of their own, after every figure of the results.
  report.placeWaitingFigures();
  report.newPage();
  drawValidationAppendix(report, result);
  drawReproducibilityAppendix(report, result, plan);

  report.finishPages(`${result.title} — survkit ${result.software.survkit}`);
  return report.toBuffer();
}

/**
 * The running table number and the figures still to draw. Figures come from reportFigures (one list
 * of numbers and captions for the page, the figure files and the Word document); the page must meet
 * them in that list's order, which `drawFigure` checks.
 */
class Numbering {
  private tableNo = 0;
  private nextFigure = 0;
  private readonly figures: readonly ReportFigure[];

  constructor(figures: readonly ReportFigure[]) {
    this.figures = figures.filter((f) => f.number !== null);
  }

  /** Numbers the next table: "TABLE 3". */
  table(): string {
    return `TABLE ${++this.tableNo}`;
  }

  /** The label the next table will get, for a spec that may turn out empty and take no number. */
  peekTable(): string {
    return `TABLE ${this.tableNo + 1}`;
  }

  /** The number the next figure will carry. */
  peekFigure(): number {
    return this.nextFigure + 1;
  }

  drawFigure(report: ReportDocument, of: unknown): void {
    const figure = this.figures[this.nextFigure++];
    if (figure === undefined || figure.of !== of)
      throw new Error('renderReport: the figures are drawn out of reportFigures’ order');
    figure.drawOnPage(report);
  }
}

interface ResultsPage {
  readonly report: ReportDocument;
  readonly result: AnalysisResult;
  readonly fmt: ReportFormat;
  readonly numbers: Numbering;
}

/** Title, the data file's hash and the dictionary/plan names, and the banner of the synthetic cohort. */
function drawTitle(report: ReportDocument, result: AnalysisResult): void {
  const doc = report.doc;
  const titleH = report.measure(result.title, 'sans-bold', STYLE.titleSize, report.width, 2);
  doc
    .font('sans-bold')
    .fontSize(STYLE.titleSize)
    .fillColor(STYLE.ink)
    .text(result.title, report.left, report.y, { width: report.width, lineGap: 2 });
  report.y += titleH + 8;
  report.paragraph(
    `Generated from ${result.source.fileName} (SHA-256 ${result.source.sha256}) on ${result.generatedAt} by survkit ${result.software.survkit}.`,
    // Left-aligned: the 64-digit hash would leave a justified first line with wide gaps.
    { font: 'sans', size: 8, color: STYLE.muted, gapAfter: 2, justify: false },
  );
  report.paragraph(
    `Data dictionary: ${result.source.dictionaryName}. Analysis plan: ${result.source.planSource}.`,
    {
      font: 'sans',
      size: 8,
      color: STYLE.muted,
      gapAfter: 8,
      justify: false,
    },
  );
  if (!result.source.synthetic) return;
  const text = `SYNTHETIC DATA — the built-in cohort is simulated by a seeded script${result.source.seed !== null ? ` (seed ${result.source.seed})` : ''}; it describes no real patient. Its numbers illustrate the method and are not clinical evidence.`;
  const h = report.measure(text, 'sans-bold', 8.5, report.width - 16);
  doc
    .save()
    .rect(report.left, report.y, report.width, h + 10)
    .fillAndStroke('#fff4e5', '#d55e00')
    .restore();
  doc
    .font('sans-bold')
    .fontSize(8.5)
    .fillColor('#8a3200')
    .text(text, report.left + 8, report.y + 5, { width: report.width - 16 });
  doc.fillColor(STYLE.ink);
  report.y += h + 18;
}

/** The methods section: the main analysis, then a paragraph for each optional analysis the plan asked for. */
function drawMethods(report: ReportDocument, input: RenderInput): void {
  const { result, plan } = input;
  report.heading('Statistical methods');
  report.paragraph(methodsText(result, plan, input.endpointDefinitions));
  for (const text of [
    sensitivityMethodsText(result, plan),
    immortalTimeMethodsText(result, plan),
    propensityMethodsText(result),
  ])
    if (text !== '') report.paragraph(text);
}

/** Table 1, the survival figures, pairwise tests, Cox tables, forest plots and subgroup survival. */
function drawMainResults({ report, result, fmt, numbers }: ResultsPage): void {
  // Results opens with Table 1: keep the heading with the table's first quarter page.
  report.heading('Results', (report.bottom - report.top) / 4 + 60);
  drawTable(report, table1Spec(result, numbers.table(), fmt));
  for (const km of result.survival) numbers.drawFigure(report, km);
  for (const pairwise of result.pairwise) drawTable(report, pairwiseSpec(result, pairwise, numbers.table()));
  for (const cox of result.cox) drawTable(report, coxTableSpec(result, cox, numbers.table(), fmt));
  for (const forest of result.forest) if (forest.variables.length > 0) numbers.drawFigure(report, forest);
  for (const sub of result.subgroupKm) for (const km of sub.comparisons) numbers.drawFigure(report, km);
}

/** The treatment effect across the analyses that follow, in one table (absent when there is nothing to compare). */
function drawRobustness({ report, result, fmt, numbers }: ResultsPage): void {
  const spec = robustnessTableSpec(result, numbers.peekTable(), fmt);
  if (spec === null) return;
  // The heading stays with the first endpoint's block of rows (the whole table when there is one
  // endpoint); a later endpoint's block may continue on the next page, as Table 1 does, instead of
  // the whole table leaving the rest of this page blank.
  const secondBlock = spec.rows.findIndex((r, i) => i > 0 && r.heading === true);
  const kept = secondBlock < 0 ? spec.rows.length : secondBlock;
  report.heading('Robustness of the treatment effect', (kept + 1) * (STYLE.tableSize * 1.2 + 4.4) + 120);
  if (secondBlock < 0) drawShortTable(report, { ...spec, label: numbers.table() });
  else drawTable(report, { ...spec, label: numbers.table() });
}

function drawSensitivity(
  { report, result, fmt, numbers }: ResultsPage,
  sensitivity: NonNullable<AnalysisResult['sensitivity']>,
): void {
  report.heading('Sensitivity analyses', (report.bottom - report.top) / 4);
  for (const s of sensitivity) {
    const ph = phTableSpec(s, numbers.peekTable(), fmt);
    if (ph !== null) drawShortTable(report, { ...ph, label: numbers.table() });
    for (const z of s.schoenfeld ?? []) numbers.drawFigure(report, z);
    const effect = effectTableSpec(result, s, numbers.peekTable(), fmt);
    if (effect !== null) drawShortTable(report, { ...effect, label: numbers.table() });
  }
  for (const para of sensitivityResultsText(result, fmt).split('\n')) if (para !== '') report.paragraph(para);
}

function drawImmortalTime(
  { report, result, fmt, numbers }: ResultsPage,
  immortalTime: NonNullable<AnalysisResult['immortalTime']>,
): void {
  report.heading('Treatment started during follow-up', (report.bottom - report.top) / 4);
  for (const r of immortalTime) {
    drawShortTable(report, immortalTimeTableSpec(result, r, numbers.table(), fmt));
    for (const l of r.landmarks) numbers.drawFigure(report, l.km);
  }
  for (const para of immortalTimeResultsText(result, fmt).split('\n'))
    if (para !== '') report.paragraph(para);
}

function drawPropensity(
  { report, result, fmt, numbers }: ResultsPage,
  propensity: NonNullable<AnalysisResult['propensity']>,
): void {
  const balance = balanceTableSpec(result, numbers.table());
  // Keep the heading with the whole balance table (drawn on one page), its notes included.
  report.heading(
    'Propensity-score analysis',
    (balance.rows.length + 1) * (STYLE.tableSize * 1.2 + 4.4) + 120,
  );
  drawShortTable(report, balance);
  drawShortTable(report, propensityEffectSpec(result, numbers.table(), fmt));
  const firstWeightedKm = numbers.peekFigure();
  for (const e of propensity.endpoints)
    for (const km of [e.weightedKm, e.matchedKm]) if (km) numbers.drawFigure(report, km);
  report.paragraph(propensityResultsText(result, fmt, firstWeightedKm));
}

/** The results in words, citing the forest plots by their figure numbers. */
function drawSummary({ report, result, fmt }: ResultsPage): void {
  report.heading('Summary of results');
  const forestCount = result.forest.filter((f) => f.variables.length > 0).length;
  const firstForest = result.survival.length + 1;
  const forestFigures =
    forestCount === 0
      ? ''
      : forestCount === 1
        ? `Figure ${firstForest}`
        : `Figures ${firstForest}–${firstForest + forestCount - 1}`;
  for (const para of resultsText(result, fmt, forestFigures).split(/\n+/))
    if (para.trim() !== '') report.paragraph(para.trim());
}
