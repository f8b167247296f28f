import type { TimeUnit } from '@survkit/cohort';
import type { SchoenfeldPlotData } from '../analysis/schoenfeldTypes.js';
import { formatTick, pRelation } from '../format/index.js';
import { inSentence } from '../format/reportFormat.js';
import { type DevicePoints, distinctCells } from './deviceCells.js';
import { type ReportDocument, STYLE } from './document.js';
import { GROUP_COLOURS } from './palette.js';
import { PdfSurface } from './pdfSurface.js';
import type { DrawingSurface, FigureFrame } from './surface.js';

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
  const s = new PdfSurface(report.doc);
  const captionH = report.measure(`${options.label}  ${options.caption}`, 'sans', STYLE.captionSize);
  const frame = { left: report.left, width: report.width };
  report.placeFigure(schoenfeldLegendHeight(s, d, frame.width) + PLOT_HEIGHT + 60 + captionH, () => {
    report.y = drawSchoenfeldBody(s, d, options, { ...frame, top: report.y }) + 6;
    report.caption(options.label, options.caption);
    report.space(8);
  });
}

function schoenfeldLegend(d: SchoenfeldPlotData): string {
  return `Points: scaled Schoenfeld residuals (one per event). Solid line: natural-spline smooth (4 df); dashed: ±2 SE; dotted: β̂ = ${minus(formatTick(d.coef))}, the constant log hazard ratio of proportional hazards.${d.pValue === null ? '' : ` Test of proportional hazards for ${inSentence(d.variableLabel)}${d.testDf !== null && d.testDf > 1 ? ` (all ${d.testDf} arms vs the reference jointly)` : ''}: p ${pRelation(d.pValue)}.`}`;
}

function schoenfeldLegendHeight(s: DrawingSurface, d: SchoenfeldPlotData, width: number): number {
  s.font('sans', FONT);
  return s.heightOfString(schoenfeldLegend(d), width) + 8;
}

/** The plot's box and scales: the residuals' time axis (1 − KM spacing) and β(t) upwards from `bottom`. */
interface SchoenfeldScales {
  readonly lineH: number;
  readonly axisLeft: number;
  readonly axisRight: number;
  readonly top: number;
  readonly bottom: number;
  readonly yTicks: readonly number[];
  readonly sx: (x: number) => number;
  readonly sy: (y: number) => number;
}

/** The figure without its caption, from `frame.top`; returns the y under the x-axis title. */
export function drawSchoenfeldBody(
  s: DrawingSurface,
  d: SchoenfeldPlotData,
  options: Pick<SchoenfeldFigureOptions, 'timeUnit'>,
  frame: FigureFrame,
): number {
  s.font('sans', FONT).fillColor(STYLE.ink);
  const scales = schoenfeldScales(s, d, frame);
  s.font('sans', FONT).text(schoenfeldLegend(d), frame.left, frame.top, { width: frame.width });
  drawSchoenfeldAxes(s, d, options, scales);
  drawSchoenfeldData(s, d, scales);
  return scales.bottom + 5 + 2 * scales.lineH;
}

/** The y range takes in every residual, the smooth's band, β̂ and 0, so none is clipped. */
function schoenfeldScales(s: DrawingSurface, d: SchoenfeldPlotData, frame: FigureFrame): SchoenfeldScales {
  const lineH = s.lineHeight() + 1.5;
  const axisLeft = frame.left + 52;
  const axisRight = frame.left + frame.width - 12;
  const plotW = axisRight - axisLeft;
  const top = frame.top + schoenfeldLegendHeight(s, d, frame.width);
  const bottom = top + PLOT_HEIGHT;
  // One residual per event: a large cohort has far more than a call's arguments can take (no spread).
  const [yMin, yMax] = extent([d.y, d.smooth.lower, d.smooth.upper, [d.coef, 0]]);
  const yTicks = niceSteps(yMin, yMax);
  const yLo = Math.min(yTicks[0]!, yMin);
  const yHi = Math.max(yTicks[yTicks.length - 1]!, yMax);
  const [xLo, xHi] = extent([d.x, d.smooth.x]);
  const sx = (x: number) => axisLeft + ((x - xLo) / (xHi - xLo || 1)) * plotW;
  const sy = (y: number) => bottom - ((y - yLo) / (yHi - yLo || 1)) * PLOT_HEIGHT;
  return { lineH, axisLeft, axisRight, top, bottom, yTicks, sx, sy };
}

function drawSchoenfeldAxes(
  s: DrawingSurface,
  d: SchoenfeldPlotData,
  options: Pick<SchoenfeldFigureOptions, 'timeUnit'>,
  { lineH, axisLeft, axisRight, top, bottom, yTicks, sx, sy }: SchoenfeldScales,
): void {
  const plotW = axisRight - axisLeft;
  s.save().lineWidth(0.6).strokeColor('#000000');
  s.moveTo(axisLeft, top).lineTo(axisLeft, bottom).lineTo(axisRight, bottom).stroke();
  for (const v of yTicks) {
    s.moveTo(axisLeft - 3, sy(v))
      .lineTo(axisLeft, sy(v))
      .stroke();
    s.text(minus(formatTick(v)), axisLeft - 40, sy(v) - FONT / 2 - 0.5, {
      width: 35,
      align: 'right',
      lineBreak: false,
    });
  }
  for (const t of d.ticks) {
    s.moveTo(sx(t.x), bottom)
      .lineTo(sx(t.x), bottom + 3)
      .stroke();
    s.text(formatTick(t.time), sx(t.x) - 20, bottom + 5, {
      width: 40,
      align: 'center',
      lineBreak: false,
    });
  }
  s.restore();
  s.text(`Time (${options.timeUnit}), spaced as 1 − Kaplan–Meier`, axisLeft, bottom + 5 + lineH, {
    width: plotW,
    align: 'center',
    lineBreak: false,
  });
  const yl = `β(t) for ${d.label}`;
  s.save();
  const ylw = s.widthOfString(yl);
  s.rotate(-90, [axisLeft - 44, (top + bottom) / 2]);
  s.text(yl, axisLeft - 44 - ylw / 2, (top + bottom) / 2 - FONT / 2, { lineBreak: false });
  s.restore();
}

/** β̂ as a dotted line, the residuals as open circles, and the smooth with its dashed band. */
function drawSchoenfeldData(
  s: DrawingSurface,
  d: SchoenfeldPlotData,
  { axisLeft, axisRight, sx, sy }: SchoenfeldScales,
): void {
  s.save().lineWidth(0.6).strokeColor('#777777').dash([1.5, 1.5]);
  s.moveTo(axisLeft, sy(d.coef)).lineTo(axisRight, sy(d.coef)).stroke();
  s.dash(null).restore();
  s.save()
    .lineWidth(0.5)
    .strokeColor('#555555')
    .circles(residualMarks(d, sx, sy), 1.3)
    .restore();
  const path = (values: readonly number[]) => {
    s.moveTo(sx(d.smooth.x[0]!), sy(values[0]!));
    for (let k = 1; k < values.length; k++) s.lineTo(sx(d.smooth.x[k]!), sy(values[k]!));
  };
  s.save().lineWidth(1.3).strokeColor(GROUP_COLOURS[0]);
  path(d.smooth.fit);
  s.stroke();
  s.lineWidth(0.8).dash([4, 2]);
  path(d.smooth.lower);
  s.stroke();
  path(d.smooth.upper);
  s.stroke();
  s.dash(null).restore();
}

/**
 * The residuals where they fall on the plot, one per device cell: a large cohort has one residual
 * per event, and most of a million circles would overprint others (deviceCells.ts).
 */
function residualMarks(
  d: SchoenfeldPlotData,
  sx: (x: number) => number,
  sy: (y: number) => number,
): DevicePoints {
  const n = d.x.length;
  const px = new Float64Array(n);
  const py = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    px[k] = sx(d.x[k]!);
    py[k] = sy(d.y[k]!);
  }
  return distinctCells(px, py);
}

/** The smallest and largest value of several arrays, by a loop: spread arguments overflow the stack for large arrays. */
function extent(arrays: readonly (readonly number[] | Float64Array)[]): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const a of arrays)
    for (const v of a) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  return [lo, hi];
}
