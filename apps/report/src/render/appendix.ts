// The report's appendices: A, the outcome of the engine's R reference suites (Table A1); B, the
// reproducibility record (file hash, software, warnings) and the analysis plan as applied.
import { stringify as toYaml } from 'yaml';
import type { AnalysisResult } from '../analysis/types.js';
import type { AnalysisPlan } from '../plan/schema.js';
import { type ReportDocument, STYLE } from './document.js';
import { runtimeName } from './prose.js';
import { drawTable } from './table.js';

/** Appendix A: one sentence on the reference suites' run and Table A1 with a row per suite. */
export function drawValidationAppendix(report: ReportDocument, result: AnalysisResult): void {
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
  if (rows.length === 0) return;
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

/** Appendix B: where the numbers came from, every import and analysis warning, and the plan as YAML. */
export function drawReproducibilityAppendix(
  report: ReportDocument,
  result: AnalysisResult,
  plan: AnalysisPlan,
): void {
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
