import { stringify as toYaml } from 'yaml';
import type { AnalysisResult } from '../analysis/types.js';
import { reportFormat } from '../format/reportFormat.js';
import type { AnalysisPlan } from '../plan/schema.js';
import { propensityMethodsText, propensityResultsText } from '../templates/propensityText.js';
import { type PaperSize, ReportDocument, STYLE } from './document.js';
import { reportFigures } from './figures.js';
import { drawFlow } from './flow.js';
import type { FontSet } from './fonts.js';
import {
  immortalTimeMethodsText,
  immortalTimeResultsText,
  immortalTimeTableSpec,
} from './immortalTimeSpecs.js';
import { balanceTableSpec, propensityEffectSpec } from './propensitySpecs.js';
import {
  methodsText,
  resultsText,
  runtimeName,
  sensitivityMethodsText,
  sensitivityResultsText,
} from './prose.js';
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
  const doc = report.doc;
  const fmt = reportFormat(plan.format);

  // Title and provenance.
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
  if (result.source.synthetic) {
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

  report.heading('Patient flow');
  drawFlow(report, result);

  report.heading('Statistical methods');
  report.paragraph(methodsText(result, plan, input.endpointDefinitions));
  const sensitivityMethods = sensitivityMethodsText(result, plan);
  if (sensitivityMethods !== '') report.paragraph(sensitivityMethods);
  const immortalTimeMethods = immortalTimeMethodsText(result, plan);
  if (immortalTimeMethods !== '') report.paragraph(immortalTimeMethods);
  const propensityMethods = propensityMethodsText(result);
  if (propensityMethods !== '') report.paragraph(propensityMethods);

  let tableNo = 0;
  // The numbered figures, with their numbers and captions, in the order this page draws them.
  const figures = reportFigures(result, plan).filter((f) => f.number !== null);
  let nextFigure = 0;
  const drawFigure = (of: unknown): void => {
    const figure = figures[nextFigure++];
    if (figure === undefined || figure.of !== of)
      throw new Error('renderReport: the figures are drawn out of reportFigures’ order');
    figure.drawOnPage(report);
  };
  // Results opens with Table 1: keep the heading with the table's first quarter page.
  report.heading('Results', (report.bottom - report.top) / 4 + 60);
  drawTable(report, table1Spec(result, `TABLE ${++tableNo}`, fmt));

  for (const km of result.survival) drawFigure(km);
  for (const pairwise of result.pairwise)
    drawTable(report, pairwiseSpec(result, pairwise, `TABLE ${++tableNo}`));
  for (const cox of result.cox) drawTable(report, coxTableSpec(result, cox, `TABLE ${++tableNo}`, fmt));

  for (const forest of result.forest) if (forest.variables.length > 0) drawFigure(forest);
  for (const sub of result.subgroupKm) for (const km of sub.comparisons) drawFigure(km);

  if (result.sensitivity !== undefined) {
    report.heading('Sensitivity analyses', (report.bottom - report.top) / 4);
    for (const s of result.sensitivity) {
      const ph = phTableSpec(s, `TABLE ${tableNo + 1}`, fmt);
      if (ph !== null) drawShortTable(report, { ...ph, label: `TABLE ${++tableNo}` });
      for (const z of s.schoenfeld ?? []) drawFigure(z);
      const effect = effectTableSpec(result, s, `TABLE ${tableNo + 1}`, fmt);
      if (effect !== null) drawShortTable(report, { ...effect, label: `TABLE ${++tableNo}` });
    }
    for (const para of sensitivityResultsText(result, fmt).split('\n'))
      if (para !== '') report.paragraph(para);
  }

  if (result.immortalTime !== undefined) {
    report.heading('Treatment started during follow-up', (report.bottom - report.top) / 4);
    for (const r of result.immortalTime) {
      drawShortTable(report, immortalTimeTableSpec(result, r, `TABLE ${++tableNo}`, fmt));
      for (const l of r.landmarks) drawFigure(l.km);
    }
    for (const para of immortalTimeResultsText(result, fmt).split('\n'))
      if (para !== '') report.paragraph(para);
  }

  if (result.propensity !== undefined) {
    const balance = balanceTableSpec(result, `TABLE ${++tableNo}`);
    // Keep the heading with the whole balance table (drawn on one page), its notes included.
    report.heading(
      'Propensity-score analysis',
      (balance.rows.length + 1) * (STYLE.tableSize * 1.2 + 4.4) + 120,
    );
    drawShortTable(report, balance);
    drawShortTable(report, propensityEffectSpec(result, `TABLE ${++tableNo}`, fmt));
    const firstWeightedKm = nextFigure + 1;
    for (const e of result.propensity.endpoints)
      for (const km of [e.weightedKm, e.matchedKm]) if (km) drawFigure(km);
    report.paragraph(propensityResultsText(result, fmt, firstWeightedKm));
  }

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

  // Appendix.
  report.newPage();
  report.heading('Appendix A. Validation of the statistics engine');
  const run = result.validation;
  const rows = run?.rows ?? [];
  const totalChecks = rows.reduce((a, s) => a + s.checks, 0);
  const totalPassed = rows.reduce((a, s) => a + s.passed, 0);
  const totalCases = rows.reduce((a, s) => a + s.cases, 0);
  const failedSuites = rows.filter((s) => s.error !== null).length;
  report.paragraph(
    run === null
      ? 'The reference suites were not run for this report (--skip-validation).'
      : `The reference suites of @survkit/validation were run on this engine build (content hash ${run.buildHash.slice(0, 16)}…, ${run.ranAt}${run.cached ? '; the stored outcome of that run is used while the engine, the suites and their fixtures stay byte-identical' : ''}): the engine matched ${totalPassed} of ${totalChecks} reference numbers computed by R over ${totalCases} reference cases, each within the tolerance stated in its suite${failedSuites > 0 ? `; ${failedSuites} suite${failedSuites === 1 ? '' : 's'} could not be run (Table A1)` : ''}.`,
  );
  if (rows.length > 0) {
    drawTable(report, {
      label: 'TABLE A1',
      caption: 'Reference suites of the statistics engine.',
      widths: [1.3, 3.6, 0.7, 0.8, 0.8],
      align: ['left', 'left', 'right', 'right', 'right'],
      header: [
        [
          { text: 'Suite' },
          { text: 'Oracle' },
          { text: 'Cases', align: 'right' },
          { text: 'Checks', align: 'right' },
          { text: 'Passed', align: 'right' },
        ],
      ],
      rows: rows.map((s) => ({
        cells:
          s.error === null
            ? [s.suite, s.oracle, String(s.cases), String(s.checks), String(s.passed)]
            : [s.suite, { text: 'did not run', notes: [`error:${s.suite}`] }, '–', '–', '–'],
      })),
      footnotes: [],
      notes: rows
        .filter((s) => s.error !== null)
        .map((s) => ({ key: `error:${s.suite}`, text: `${s.suite}: ${s.error}` })),
    });
  }
  report.heading('Appendix B. Reproducibility record');
  const record = [
    `Data file: ${result.source.fileName}`,
    `SHA-256: ${result.source.sha256}`,
    `Synthetic: ${result.source.synthetic ? `yes${result.source.seed !== null ? `, seed ${result.source.seed}` : ''}` : 'no'}`,
    `Data dictionary: ${result.source.dictionaryName}`,
    `Analysis plan: ${result.source.planSource}`,
    `Software: survkit ${result.software.survkit}, ${runtimeName(result.software)}`,
    `Generated: ${result.generatedAt}`,
    ...result.importWarnings.map((w) => `Import warning: ${w}`),
    ...result.warnings.map((w) => `Analysis warning: ${w}`),
  ];
  for (const line of record) report.paragraph(line, { font: 'sans', size: 8, gapAfter: 1 });
  report.space(6);
  report.paragraph('Analysis plan as applied (defaults filled in):', {
    font: 'sans-bold',
    size: 8,
    gapAfter: 3,
  });
  planBlock(report, toYaml(plan, { lineWidth: 0 }));

  report.finishPages(`${result.title} — survkit ${result.software.survkit}`);
  return report.toBuffer();
}

/**
 * Indented text (the plan as YAML) in small type, two columns. A column or page breaks only between
 * top-level keys, so no list is split across columns; a key whose block is taller than a whole column
 * is the one exception and breaks line by line. Indentation is kept by position rather than by a
 * monospaced face (one font face fewer to embed).
 */
function planBlock(report: ReportDocument, text: string): void {
  const doc = report.doc;
  const size = 6.8;
  const gutter = 14;
  const colW = (report.width - gutter) / 2;
  doc.font('sans').fontSize(size);
  const lineH = doc.currentLineHeight(true) + 0.5;
  const indentW = doc.widthOfString('n');
  const lines = text
    .replace(/\n$/, '')
    .split('\n')
    .map((raw) => {
      const depth = raw.length - raw.trimStart().length;
      const w = colW - depth * indentW;
      return { raw, depth, w, h: Math.max(doc.heightOfString(raw.trim() || ' ', { width: w }), lineH) };
    });
  const blocks: (typeof lines)[] = [];
  for (const line of lines)
    if (line.depth === 0 || blocks.length === 0) blocks.push([line]);
    else blocks.at(-1)!.push(line);
  let column = 0;
  let columnTop = report.y;
  const nextColumn = () => {
    if (column === 0) column = 1;
    else {
      report.newPage();
      column = 0;
      columnTop = report.top;
    }
    report.y = columnTop;
  };
  const heights = blocks.map((b) => b.reduce((a, l) => a + l.h, 0));
  const balancedBreak = balancedSplit(heights, report.bottom - report.y);
  blocks.forEach((block, b) => {
    const h = heights[b]!;
    const fitsAColumn = h <= report.bottom - report.top;
    if (b === balancedBreak) nextColumn();
    else if (report.y + h > report.bottom && report.y > columnTop && fitsAColumn) nextColumn();
    for (const line of block) {
      if (report.y + line.h > report.bottom) nextColumn();
      doc
        .font('sans')
        .fontSize(size)
        .fillColor(STYLE.ink)
        .text(line.raw.trim(), report.left + column * (colW + gutter) + line.depth * indentW, report.y, {
          width: line.w,
        });
      report.y += line.h;
    }
  });
}

/**
 * Where to start the second column so that the two columns are as even as they can be when the whole
 * text fits beside itself in `available` points; -1 when it does not (then columns fill greedily).
 */
function balancedSplit(heights: readonly number[], available: number): number {
  const total = heights.reduce((a, h) => a + h, 0);
  let best = -1;
  let bestTaller = Number.POSITIVE_INFINITY;
  let first = 0;
  for (let i = 1; i < heights.length; i++) {
    first += heights[i - 1]!;
    const taller = Math.max(first, total - first);
    if (taller <= available && taller < bestTaller) {
      best = i;
      bestTaller = taller;
    }
  }
  return best;
}
