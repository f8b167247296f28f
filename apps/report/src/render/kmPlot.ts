import type { KmComparison } from '../analysis/types.js';
import {
  formatAxisTime,
  formatMonths,
  formatNumber,
  formatStatistic,
  formatSurvivalPercent,
  pRelation,
  TIME_UNIT_ABBREVIATION,
  timeDigits,
} from '../format/index.js';
import type { ReportFormat } from '../format/reportFormat.js';
import type { ReportDocument } from './document.js';
import { STYLE } from './document.js';
import { drawCurve, type Plot } from './kmCurve.js';
import { groupColour, groupDash } from './palette.js';
import { PdfSurface } from './pdfSurface.js';
import type { DrawingSurface, FigureFrame } from './surface.js';

export interface KmFigureOptions {
  readonly label: string;
  readonly caption: string;
  readonly confidenceBands: boolean;
  readonly confLevel: number;
  readonly yLabel: string;
  /** The x-axis title; default "Time (<unit>)". */
  readonly xLabel?: string;
  readonly format: ReportFormat;
  /**
   * Weighted curves (IPTW): events and numbers at risk are sums of weights, shown to one decimal
   * and headed so (as survminer's weighted risk table); n stays the count of patients.
   */
  readonly weighted?: boolean;
  /**
   * The line under the legend when the comparison is not a log-rank test (the matched sample's
   * Cox test); default: the log-rank test, or the comparison's note on why there is none.
   */
  readonly testLine?: string;
}

const PLOT_HEIGHT = 190;
const FONT = 7.6;

/** Where the parts of one Kaplan–Meier figure sit, measured before anything is drawn. */
interface KmLayout {
  readonly lineH: number;
  readonly riskLabelW: number;
  readonly axisLeft: number;
  readonly axisRight: number;
  readonly warningLines: readonly string[];
  readonly sampleW: number;
  readonly cols: { label: number; n: number; events: number; median: number };
  readonly medianHeading: string;
  readonly landmarkX0: number;
  readonly landmarkW: number;
  readonly fitting: number;
  readonly overflowLines: readonly string[];
  /** Height from the legend's top to the last number-at-risk row (what ensureSpace reserves). */
  readonly bodyH: number;
}

function landmarkLabel(km: KmComparison, t: number): string {
  return `${formatMonths(t)} ${TIME_UNIT_ABBREVIATION[km.timeUnit]}`;
}

function kmLayout(
  s: DrawingSurface,
  km: KmComparison,
  options: KmFigureOptions,
  frame: FigureFrame,
): KmLayout {
  s.font('sans', FONT);
  const lineH = s.lineHeight() + 1.5;
  const groups = km.curves;
  const riskLabelW = Math.max(...groups.map((g) => s.widthOfString(g.label)), s.widthOfString('0.00')) + 24;
  const axisLeft = frame.left + Math.max(riskLabelW, 44);
  const axisRight = frame.left + frame.width - 12;
  const warningLines = km.warnings.map((w) => `Warning: ${w}`);
  const warningsH = warningLines.reduce((h, w) => h + s.heightOfString(w, axisRight - axisLeft) + 1.5, 0);
  // The legend spans the text width (not only the plot's), so that the survival columns at the
  // plan's landmark times fit beside a long group label; any that still do not fit are given on a
  // line of their own under the legend rather than dropped.
  const pct = Math.round(options.confLevel * 100);
  const sampleW = 20;
  s.font('sans-bold');
  const labelW = Math.max(...groups.map((g) => s.widthOfString(g.label)), 30);
  const legendLeft = frame.left;
  const legendRight = frame.left + frame.width;
  const cols = {
    label: legendLeft + sampleW + 4,
    n: legendLeft + sampleW + 4 + labelW + 10,
    events: legendLeft + sampleW + 4 + labelW + 46,
    median: legendLeft + sampleW + 4 + labelW + 92,
  };
  const medianHeading = `Median (${pct}% CI), ${km.timeUnit}`;
  const medianW = Math.max(
    s.widthOfString(medianHeading),
    ...groups.map((g) => s.widthOfString(options.format.median(g.median, timeDigits(km.timeUnit)))),
  );
  const allLandmarks = groups[0]?.landmarks ?? [];
  const landmarkW =
    Math.max(
      s.widthOfString('100.0%'),
      ...allLandmarks.map((lm) => s.widthOfString(landmarkLabel(km, lm.time))),
    ) + 8;
  const landmarkX0 = cols.median + medianW + 6;
  const fitting = allLandmarks.filter((_, k) => landmarkX0 + (k + 1) * landmarkW <= legendRight).length;
  const overflowLines = allLandmarks.slice(fitting).map((lm, k) => {
    const values = groups.map(
      (g) => `${formatSurvivalPercent(g.landmarks[fitting + k]?.survival)} (${g.label})`,
    );
    return `Survival at ${landmarkLabel(km, lm.time)}: ${values.join(', ')}`;
  });
  s.font('sans');
  const legendH = (groups.length + 2 + overflowLines.length) * lineH + warningsH + 6;
  const riskH = (groups.length + 1) * lineH + 4;
  const bodyH = legendH + PLOT_HEIGHT + 30 + riskH;
  return {
    lineH,
    riskLabelW,
    axisLeft,
    axisRight,
    warningLines,
    sampleW,
    cols,
    medianHeading,
    landmarkX0,
    landmarkW,
    fitting,
    overflowLines,
    bodyH,
  };
}

/**
 * Draws a Kaplan–Meier figure on a report page: a legend above the plot (each group's n, events and
 * median with CI, the log-rank test), step curves with "+" censoring marks, optional confidence bands,
 * dashed lines at the medians, and the number-at-risk table under the plot with its numbers centred
 * on the same x ticks, then the caption. Everything is vector graphics.
 */
export function drawKmFigure(report: ReportDocument, km: KmComparison, options: KmFigureOptions): void {
  const s = new PdfSurface(report.doc);
  const frame = { left: report.left, top: report.y, width: report.width };
  const { bodyH } = kmLayout(s, km, options, frame);
  const captionH = report.measure(`${options.label}  ${options.caption}`, 'sans', STYLE.captionSize);
  report.placeFigure(bodyH + captionH + 10, () => {
    report.space(4);
    report.y = drawKmBody(s, km, options, { ...frame, top: report.y }) + 6;
    report.caption(options.label, options.caption);
    report.space(8);
  });
}

/** The figure without its caption, from `frame.top`; returns the y under the number-at-risk table. */
export function drawKmBody(
  s: DrawingSurface,
  km: KmComparison,
  options: KmFigureOptions,
  frame: FigureFrame,
): number {
  const layout = kmLayout(s, km, options, frame);
  const top = drawLegend(s, km, options, frame, layout);
  const bottom = top + PLOT_HEIGHT;
  const xMax = km.xMax;
  const plotW = layout.axisRight - layout.axisLeft;
  const sx = (t: number) => layout.axisLeft + (Math.min(t, xMax) / xMax) * plotW;
  const sy = (v: number) => bottom - v * PLOT_HEIGHT;
  drawAxes(s, km, options, layout, { top, bottom, sx, sy });
  km.curves.forEach((g, i) => {
    drawCurve(s, g, i, options.confidenceBands, { top, bottom, sx, sy }, layout.axisLeft, xMax);
  });
  return drawRiskTable(s, km, frame, layout, bottom, sx, options.weighted === true);
}

/**
 * The legend: a small table above the plot — group, n, events, median (CI), survival at the
 * landmarks — and the test; returns the y where the plot starts.
 */
function drawLegend(
  s: DrawingSurface,
  km: KmComparison,
  options: KmFigureOptions,
  frame: FigureFrame,
  layout: KmLayout,
): number {
  const { cols, lineH, landmarkX0, landmarkW, fitting, sampleW } = layout;
  const groups = km.curves;
  let y = frame.top;
  s.font('sans-bold', FONT).fillColor(STYLE.ink);
  // An empty panel (a subgroup without patients) has no rows for these headings.
  if (groups.length > 0) {
    s.text('n', cols.n, y, { width: 30, align: 'right', lineBreak: false });
    s.text('Events', cols.events, y, { width: 36, align: 'right', lineBreak: false });
    s.text(layout.medianHeading, cols.median, y, { lineBreak: false });
  }
  const landmarks = (groups[0]?.landmarks ?? []).slice(0, fitting);
  landmarks.forEach((lm, k) => {
    s.text(landmarkLabel(km, lm.time), landmarkX0 + k * landmarkW, y, {
      width: landmarkW,
      align: 'right',
      lineBreak: false,
    });
  });
  y += lineH;
  s.font('sans');
  groups.forEach((g, i) => {
    s.save()
      .lineWidth(1.3)
      .strokeColor(groupColour(i))
      .dash(groupDash(i))
      .moveTo(frame.left, y + lineH / 2 - 1)
      .lineTo(frame.left + sampleW, y + lineH / 2 - 1)
      .stroke()
      .restore();
    s.font('sans', FONT).fillColor(STYLE.ink);
    s.text(g.label, cols.label, y, { lineBreak: false });
    s.text(String(g.n), cols.n, y, { width: 30, align: 'right', lineBreak: false });
    const events = options.weighted === true ? formatNumber(g.events, 1) : String(g.events);
    s.text(events, cols.events, y, { width: 36, align: 'right', lineBreak: false });
    s.text(options.format.median(g.median, timeDigits(km.timeUnit)), cols.median, y, { lineBreak: false });
    landmarks.forEach((_, k) => {
      s.text(formatSurvivalPercent(g.landmarks[k]?.survival), landmarkX0 + k * landmarkW, y, {
        width: landmarkW,
        align: 'right',
        lineBreak: false,
      });
    });
    y += lineH;
  });
  const test =
    options.testLine ??
    (km.logRank === null
      ? (km.logRankNote ?? 'log-rank test not computed')
      : `Log-rank χ² = ${formatStatistic(km.logRank.statistic)}, df = ${km.logRank.df}, p ${pRelation(km.logRank.pValue)}`);
  for (const line of layout.overflowLines) {
    s.fillColor(STYLE.ink).text(line, cols.label, y, { lineBreak: false });
    y += lineH;
  }
  s.fillColor(STYLE.ink).text(test, cols.label, y, { lineBreak: false });
  y += lineH;
  // Warnings belong beside the figure they qualify, not only in the appendix.
  const warnW = layout.axisRight - layout.axisLeft;
  for (const w of layout.warningLines) {
    s.fillColor(STYLE.muted).text(w, layout.axisLeft, y, { width: warnW });
    y += s.heightOfString(w, warnW) + 1.5;
  }
  s.fillColor(STYLE.ink);
  return y + 6;
}

function drawAxes(
  s: DrawingSurface,
  km: KmComparison,
  options: KmFigureOptions,
  layout: KmLayout,
  p: Plot,
): void {
  const { axisLeft, axisRight, lineH } = layout;
  const plotW = axisRight - axisLeft;
  const { top, bottom, sx, sy } = p;
  s.save().lineWidth(0.6).strokeColor('#000000');
  s.moveTo(axisLeft, top).lineTo(axisLeft, bottom).lineTo(axisRight, bottom).stroke();
  for (let k = 0; k <= 5; k++) {
    const v = k / 5;
    s.moveTo(axisLeft - 3, sy(v))
      .lineTo(axisLeft, sy(v))
      .stroke();
    s.text(formatNumber(v, 1), axisLeft - 30, sy(v) - FONT / 2 - 0.5, {
      width: 25,
      align: 'right',
      lineBreak: false,
    });
  }
  for (const t of km.xTicks) {
    s.moveTo(sx(t), bottom)
      .lineTo(sx(t), bottom + 3)
      .stroke();
    s.text(formatAxisTime(t), sx(t) - 20, bottom + 5, { width: 40, align: 'center', lineBreak: false });
  }
  s.restore();
  if (km.curves.length === 0)
    s.text('No patients', axisLeft, (top + bottom) / 2 - FONT / 2, {
      width: plotW,
      align: 'center',
      lineBreak: false,
    });
  s.text(options.xLabel ?? `Time (${km.timeUnit})`, axisLeft, bottom + 5 + lineH, {
    width: plotW,
    align: 'center',
    lineBreak: false,
  });
  // Rotated y label, centred on the axis.
  s.save();
  const yl = options.yLabel;
  const ylw = s.widthOfString(yl);
  s.rotate(-90, [axisLeft - 36, (top + bottom) / 2]);
  s.text(yl, axisLeft - 36 - ylw / 2, (top + bottom) / 2 - FONT / 2, { lineBreak: false });
  s.restore();
}

/** Number at risk, aligned to the x ticks; returns the y under its last row. */
function drawRiskTable(
  s: DrawingSurface,
  km: KmComparison,
  frame: FigureFrame,
  layout: KmLayout,
  bottom: number,
  sx: (t: number) => number,
  weighted: boolean,
): number {
  const { lineH } = layout;
  let y = bottom + 5 + 2 * lineH + 4;
  const heading = weighted ? 'Weighted number at risk (sum of the weights)' : 'Number at risk';
  s.font('sans-bold', FONT).fillColor(STYLE.ink).text(heading, frame.left, y, { lineBreak: false });
  y += lineH;
  s.font('sans', FONT);
  km.curves.forEach((g, i) => {
    s.fillColor(groupColour(i)).text(g.label, frame.left, y, { lineBreak: false, width: layout.riskLabelW });
    s.fillColor(STYLE.ink);
    km.xTicks.forEach((t, k) => {
      const n = g.atRisk[k] ?? 0;
      s.text(weighted ? formatNumber(n, 1) : String(n), sx(t) - 20, y, {
        width: 40,
        align: 'center',
        lineBreak: false,
      });
    });
    y += lineH;
  });
  s.fillColor(STYLE.ink);
  return y;
}
