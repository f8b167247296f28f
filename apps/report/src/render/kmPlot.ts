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
import { applyGroupDash, groupColour } from './palette.js';

export interface KmFigureOptions {
  readonly label: string;
  readonly caption: string;
  readonly confidenceBands: boolean;
  readonly confLevel: number;
  readonly yLabel: string;
  /** The x-axis title; default "Time (<unit>)". */
  readonly xLabel?: string;
  readonly format: ReportFormat;
}

const PLOT_HEIGHT = 190;
const FONT = 7.6;

/**
 * Draws a Kaplan–Meier figure: a legend above the plot (each group's n, events and median with CI, the
 * log-rank test), step curves with "+" censoring marks, optional confidence bands, dashed lines at the
 * medians, and the number-at-risk table under the plot with its numbers centred on the same x ticks.
 * Everything is vector graphics.
 */
export function drawKmFigure(report: ReportDocument, km: KmComparison, options: KmFigureOptions): void {
  const doc = report.doc;
  doc.font('sans').fontSize(FONT);
  const lineH = doc.currentLineHeight(true) + 1.5;
  const groups = km.curves;
  const riskLabelW =
    Math.max(...groups.map((g) => doc.widthOfString(g.label)), doc.widthOfString('0.00')) + 24;
  const axisLeft = report.left + Math.max(riskLabelW, 44);
  const axisRight = report.left + report.width - 12;
  const plotW = axisRight - axisLeft;
  const warningLines = km.warnings.map((w) => `Warning: ${w}`);
  const warningsH = warningLines.reduce(
    (h, w) => h + doc.heightOfString(w, { width: axisRight - axisLeft }) + 1.5,
    0,
  );
  // The legend spans the text width (not only the plot's), so that the survival columns at the
  // plan's landmark times fit beside a long group label; any that still do not fit are given on a
  // line of their own under the legend rather than dropped.
  const pct = Math.round(options.confLevel * 100);
  const sampleW = 20;
  doc.font('sans-bold');
  const labelW = Math.max(...groups.map((g) => doc.widthOfString(g.label)), 30);
  const legendLeft = report.left;
  const legendRight = report.left + report.width;
  const cols = {
    label: legendLeft + sampleW + 4,
    n: legendLeft + sampleW + 4 + labelW + 10,
    events: legendLeft + sampleW + 4 + labelW + 46,
    median: legendLeft + sampleW + 4 + labelW + 92,
  };
  const medianHeading = `Median (${pct}% CI), ${km.timeUnit}`;
  const medianW = Math.max(
    doc.widthOfString(medianHeading),
    ...groups.map((g) => doc.widthOfString(options.format.median(g.median, timeDigits(km.timeUnit)))),
  );
  const allLandmarks = groups[0]?.landmarks ?? [];
  const landmarkLabel = (t: number) => `${formatMonths(t)} ${TIME_UNIT_ABBREVIATION[km.timeUnit]}`;
  const landmarkW =
    Math.max(
      doc.widthOfString('100.0%'),
      ...allLandmarks.map((lm) => doc.widthOfString(landmarkLabel(lm.time))),
    ) + 8;
  const landmarkX0 = cols.median + medianW + 6;
  const fitting = allLandmarks.filter((_, k) => landmarkX0 + (k + 1) * landmarkW <= legendRight).length;
  const overflowLines = allLandmarks.slice(fitting).map((lm, k) => {
    const values = groups.map(
      (g) => `${formatSurvivalPercent(g.landmarks[fitting + k]?.survival)} (${g.label})`,
    );
    return `Survival at ${landmarkLabel(lm.time)}: ${values.join(', ')}`;
  });
  doc.font('sans');
  const legendH = (groups.length + 2 + overflowLines.length) * lineH + warningsH + 6;
  const riskH = (groups.length + 1) * lineH + 4;
  const captionH = report.measure(`${options.label}  ${options.caption}`, 'sans', STYLE.captionSize);
  const total = legendH + PLOT_HEIGHT + 30 + riskH + captionH + 10;
  report.ensureSpace(total);
  report.space(4);

  // Legend: a small table above the plot — group, n, events, median (CI), survival at the
  // landmarks — and the test.
  let y = report.y;
  doc.font('sans-bold').fontSize(FONT).fillColor(STYLE.ink);
  // An empty panel (a subgroup without patients) has no rows for these headings.
  if (groups.length > 0) {
    doc.text('n', cols.n, y, { width: 30, align: 'right', lineBreak: false });
    doc.text('Events', cols.events, y, { width: 36, align: 'right', lineBreak: false });
    doc.text(medianHeading, cols.median, y, { lineBreak: false });
  }
  const landmarks = allLandmarks.slice(0, fitting);
  landmarks.forEach((lm, k) => {
    doc.text(landmarkLabel(lm.time), landmarkX0 + k * landmarkW, y, {
      width: landmarkW,
      align: 'right',
      lineBreak: false,
    });
  });
  y += lineH;
  doc.font('sans');
  groups.forEach((g, i) => {
    const colour = groupColour(i);
    doc.save().lineWidth(1.3).strokeColor(colour);
    applyGroupDash(doc, i)
      .moveTo(legendLeft, y + lineH / 2 - 1)
      .lineTo(legendLeft + sampleW, y + lineH / 2 - 1)
      .stroke()
      .restore();
    doc.font('sans').fontSize(FONT).fillColor(STYLE.ink);
    doc.text(g.label, cols.label, y, { lineBreak: false });
    doc.text(String(g.n), cols.n, y, { width: 30, align: 'right', lineBreak: false });
    doc.text(String(g.events), cols.events, y, { width: 36, align: 'right', lineBreak: false });
    doc.text(options.format.median(g.median, timeDigits(km.timeUnit)), cols.median, y, { lineBreak: false });
    landmarks.forEach((_, k) => {
      doc.text(formatSurvivalPercent(g.landmarks[k]?.survival), landmarkX0 + k * landmarkW, y, {
        width: landmarkW,
        align: 'right',
        lineBreak: false,
      });
    });
    y += lineH;
  });
  const test =
    km.logRank === null
      ? (km.logRankNote ?? 'log-rank test not computed')
      : `Log-rank χ² = ${formatStatistic(km.logRank.statistic)}, df = ${km.logRank.df}, p ${pRelation(km.logRank.pValue)}`;
  for (const line of overflowLines) {
    doc.fillColor(STYLE.ink).text(line, cols.label, y, { lineBreak: false });
    y += lineH;
  }
  doc.fillColor(STYLE.ink).text(test, cols.label, y, { lineBreak: false });
  y += lineH;
  // Warnings belong beside the figure they qualify, not only in the appendix.
  for (const w of warningLines) {
    doc.fillColor(STYLE.muted).text(w, axisLeft, y, { width: axisRight - axisLeft });
    y += doc.heightOfString(w, { width: axisRight - axisLeft }) + 1.5;
  }
  doc.fillColor(STYLE.ink);
  y += 6;

  // Axes.
  const top = y;
  const bottom = top + PLOT_HEIGHT;
  const xMax = km.xMax;
  const sx = (t: number) => axisLeft + (Math.min(t, xMax) / xMax) * plotW;
  const sy = (s: number) => bottom - s * PLOT_HEIGHT;
  doc.save().lineWidth(0.6).strokeColor('#000000');
  doc.moveTo(axisLeft, top).lineTo(axisLeft, bottom).lineTo(axisRight, bottom).stroke();
  for (let k = 0; k <= 5; k++) {
    const v = k / 5;
    doc
      .moveTo(axisLeft - 3, sy(v))
      .lineTo(axisLeft, sy(v))
      .stroke();
    doc.text(formatNumber(v, 1), axisLeft - 30, sy(v) - FONT / 2 - 0.5, {
      width: 25,
      align: 'right',
      lineBreak: false,
    });
  }
  for (const t of km.xTicks) {
    doc
      .moveTo(sx(t), bottom)
      .lineTo(sx(t), bottom + 3)
      .stroke();
    doc.text(formatAxisTime(t), sx(t) - 20, bottom + 5, { width: 40, align: 'center', lineBreak: false });
  }
  doc.restore();
  if (groups.length === 0)
    doc.text('No patients', axisLeft, (top + bottom) / 2 - FONT / 2, {
      width: plotW,
      align: 'center',
      lineBreak: false,
    });
  doc.text(options.xLabel ?? `Time (${km.timeUnit})`, axisLeft, bottom + 5 + lineH, {
    width: plotW,
    align: 'center',
    lineBreak: false,
  });
  // Rotated y label, centred on the axis.
  doc.save();
  const yl = options.yLabel;
  const ylw = doc.widthOfString(yl);
  doc.rotate(-90, { origin: [axisLeft - 36, (top + bottom) / 2] });
  doc.text(yl, axisLeft - 36 - ylw / 2, (top + bottom) / 2 - FONT / 2, { lineBreak: false });
  doc.restore();

  groups.forEach((g, i) => {
    const colour = groupColour(i);
    const n = g.time.length;
    // Confidence band as a step polygon under the curve.
    if (options.confidenceBands && n > 0) {
      const up: [number, number][] = [[sx(0), sy(1)]];
      const lo: [number, number][] = [[sx(0), sy(1)]];
      let prevU = 1;
      let prevL = 1;
      for (let k = 0; k < n; k++) {
        const t = g.time[k]!;
        const u = g.upper[k]!;
        const l = g.lower[k]!;
        if (!Number.isFinite(u) || !Number.isFinite(l)) break;
        up.push([sx(t), sy(prevU)], [sx(t), sy(u)]);
        lo.push([sx(t), sy(prevL)], [sx(t), sy(l)]);
        prevU = u;
        prevL = l;
      }
      const last = sx(g.time[n - 1] ?? 0);
      up.push([last, sy(prevU)]);
      lo.push([last, sy(prevL)]);
      const poly = [...up, ...lo.reverse()];
      doc.save().fillColor(colour).fillOpacity(0.13);
      doc.polygon(...poly).fill();
      doc.restore();
    }
    // Step curve. Steps closer than a fifth of a point are merged: invisible at any print
    // resolution, and they keep a 100,000-patient curve from producing megabytes of path.
    doc.save().lineWidth(1.3).strokeColor(colour).lineJoin('miter');
    applyGroupDash(doc, i).moveTo(sx(0), sy(1));
    let prev = 1;
    let lastX = sx(0);
    for (let k = 0; k < n; k++) {
      const x = sx(g.time[k]!);
      const s = g.survival[k]!;
      if (x - lastX < 0.2 && k < n - 1) continue;
      doc.lineTo(x, sy(prev));
      doc.lineTo(x, sy(s));
      prev = s;
      lastX = x;
    }
    prev = n > 0 ? g.survival[n - 1]! : 1;
    if (n > 0) doc.lineTo(sx(g.time[n - 1]!), sy(prev));
    doc.stroke();
    // Censoring marks: a small "+" at the curve's height; marks that would overprint an earlier one
    // at the same height (within 1.5 pt) are drawn once.
    doc.undash().lineWidth(0.8);
    let markX = Number.NEGATIVE_INFINITY;
    let markY = Number.NaN;
    for (let k = 0; k < n; k++) {
      if ((g.nCensor[k] ?? 0) === 0) continue;
      const cx = sx(g.time[k]!);
      const cy = sy(g.survival[k]!);
      if (cx - markX < 1.5 && Math.abs(cy - markY) < 0.5) continue;
      markX = cx;
      markY = cy;
      doc
        .moveTo(cx - 2.2, cy)
        .lineTo(cx + 2.2, cy)
        .moveTo(cx, cy - 2.2)
        .lineTo(cx, cy + 2.2);
    }
    doc.stroke();
    // Median: a thin, solid, light grey drop line from the 0.5 line to the axis — no dash pattern, so
    // it is not read as one of the dashed or dotted curves.
    const m = g.median.estimate;
    if (m !== null && Number.isFinite(m) && m <= xMax) {
      doc.lineWidth(0.4).strokeColor('#999999').undash();
      doc.moveTo(axisLeft, sy(0.5)).lineTo(sx(m), sy(0.5)).lineTo(sx(m), bottom).stroke();
    }
    doc.restore();
  });

  // Number at risk, aligned to the x ticks.
  y = bottom + 5 + 2 * lineH + 4;
  doc
    .font('sans-bold')
    .fontSize(FONT)
    .fillColor(STYLE.ink)
    .text('Number at risk', report.left, y, { lineBreak: false });
  y += lineH;
  doc.font('sans').fontSize(FONT);
  groups.forEach((g, i) => {
    doc.fillColor(groupColour(i)).text(g.label, report.left, y, { lineBreak: false, width: riskLabelW });
    doc.fillColor(STYLE.ink);
    km.xTicks.forEach((t, k) => {
      doc.text(String(g.atRisk[k] ?? 0), sx(t) - 20, y, { width: 40, align: 'center', lineBreak: false });
    });
    y += lineH;
  });
  doc.fillColor(STYLE.ink);
  report.y = y + 6;
  report.caption(options.label, options.caption);
  report.space(8);
}
