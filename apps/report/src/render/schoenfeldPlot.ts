import type { TimeUnit } from '@survkit/cohort';
import type { SchoenfeldPlotData } from '../analysis/schoenfeldTypes.js';
import { formatTick, pRelation } from '../format/index.js';
import { type ReportDocument, STYLE } from './document.js';
import { GROUP_COLOURS } from './palette.js';

const PLOT_HEIGHT = 170;
const FONT = 7.6;

/** About six round ticks (1, 2 or 5 × 10^k apart) covering [lo, hi]. */
function niceSteps(lo: number, hi: number): number[] {
  const span = hi - lo || 1;
  const raw = span / 6;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
    out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

/** A true minus sign for a negative number: "−2", not "-2". */
function minus(s: string): string {
  return s.replace(/^-/, '−');
}

export interface SchoenfeldFigureOptions {
  readonly label: string;
  readonly caption: string;
  readonly timeUnit: TimeUnit;
}

/**
 * Draws the scaled Schoenfeld residuals of one group column against transformed time (1 − KM, as
 * the test used; the axis labelled in time units where those times fall, as plot.cox.zph labels
 * it), the natural-spline smooth with its ±2 SE band (dashed), and a dotted line at β̂, the
 * constant β(t) of proportional hazards. A smooth that wanders off that line suggests the hazard
 * ratio changes over time.
 */
export function drawSchoenfeldFigure(
  report: ReportDocument,
  d: SchoenfeldPlotData,
  options: SchoenfeldFigureOptions,
): void {
  const doc = report.doc;
  const captionH = report.measure(`${options.label}  ${options.caption}`, 'sans', STYLE.captionSize);
  report.ensureSpace(PLOT_HEIGHT + 60 + captionH);
  doc.font('sans').fontSize(FONT).fillColor(STYLE.ink);
  const lineH = doc.currentLineHeight(true) + 1.5;
  const axisLeft = report.left + 52;
  const axisRight = report.left + report.width - 12;
  const plotW = axisRight - axisLeft;
  const legendY = report.y;
  const legend = `Points: scaled Schoenfeld residuals (one per event). Solid line: natural-spline smooth (4 df); dashed: ±2 SE; dotted: β̂ = ${minus(formatTick(d.coef))}, the constant log hazard ratio of proportional hazards.${d.pValue === null ? '' : ` Test of proportional hazards for ${d.variableLabel.toLowerCase()}${d.testDf !== null && d.testDf > 1 ? ` (all ${d.testDf} arms vs the reference jointly)` : ''}: p ${pRelation(d.pValue)}.`}`;
  const top = legendY + report.measure(legend, 'sans', FONT) + 8;
  doc.font('sans').fontSize(FONT);
  const bottom = top + PLOT_HEIGHT;
  const ys = [...d.y, ...d.smooth.lower, ...d.smooth.upper, d.coef, 0];
  const yTicks = niceSteps(Math.min(...ys), Math.max(...ys));
  const yLo = Math.min(yTicks[0]!, ...ys);
  const yHi = Math.max(yTicks[yTicks.length - 1]!, ...ys);
  const xLo = Math.min(...d.x, ...d.smooth.x);
  const xHi = Math.max(...d.x, ...d.smooth.x);
  const sx = (x: number) => axisLeft + ((x - xLo) / (xHi - xLo || 1)) * plotW;
  const sy = (y: number) => bottom - ((y - yLo) / (yHi - yLo || 1)) * PLOT_HEIGHT;
  const colour = GROUP_COLOURS[0];

  doc.text(legend, report.left, legendY, { width: report.width });

  doc.save().lineWidth(0.6).strokeColor('#000000');
  doc.moveTo(axisLeft, top).lineTo(axisLeft, bottom).lineTo(axisRight, bottom).stroke();
  for (const v of yTicks) {
    doc
      .moveTo(axisLeft - 3, sy(v))
      .lineTo(axisLeft, sy(v))
      .stroke();
    doc.text(minus(formatTick(v)), axisLeft - 40, sy(v) - FONT / 2 - 0.5, {
      width: 35,
      align: 'right',
      lineBreak: false,
    });
  }
  for (const t of d.ticks) {
    doc
      .moveTo(sx(t.x), bottom)
      .lineTo(sx(t.x), bottom + 3)
      .stroke();
    doc.text(formatTick(t.time), sx(t.x) - 20, bottom + 5, {
      width: 40,
      align: 'center',
      lineBreak: false,
    });
  }
  doc.restore();
  doc.text(`Time (${options.timeUnit}), spaced as 1 − Kaplan–Meier`, axisLeft, bottom + 5 + lineH, {
    width: plotW,
    align: 'center',
    lineBreak: false,
  });
  const yl = `β(t) for ${d.label}`;
  doc.save();
  const ylw = doc.widthOfString(yl);
  doc.rotate(-90, { origin: [axisLeft - 44, (top + bottom) / 2] });
  doc.text(yl, axisLeft - 44 - ylw / 2, (top + bottom) / 2 - FONT / 2, { lineBreak: false });
  doc.restore();

  // β̂ and the residuals.
  doc.save().lineWidth(0.6).strokeColor('#777777').dash(1.5, { space: 1.5 });
  doc.moveTo(axisLeft, sy(d.coef)).lineTo(axisRight, sy(d.coef)).stroke();
  doc.undash().restore();
  doc.save().lineWidth(0.5).strokeColor('#555555');
  d.x.forEach((x, k) => {
    doc.circle(sx(x), sy(d.y[k]!), 1.3).stroke();
  });
  doc.restore();
  const path = (ys: readonly number[]) => {
    doc.moveTo(sx(d.smooth.x[0]!), sy(ys[0]!));
    for (let k = 1; k < ys.length; k++) doc.lineTo(sx(d.smooth.x[k]!), sy(ys[k]!));
  };
  doc.save().lineWidth(1.3).strokeColor(colour);
  path(d.smooth.fit);
  doc.stroke();
  doc.lineWidth(0.8).dash(4, { space: 2 });
  path(d.smooth.lower);
  doc.stroke();
  path(d.smooth.upper);
  doc.stroke();
  doc.undash().restore();

  report.y = bottom + 5 + 2 * lineH + 6;
  report.caption(options.label, options.caption);
  report.space(8);
}
