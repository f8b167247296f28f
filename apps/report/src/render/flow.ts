import type { AnalysisResult } from '../analysis/types.js';
import type { ReportDocument } from './document.js';
import { STYLE } from './document.js';
import { PdfSurface } from './pdfSurface.js';
import type { DrawingSurface, FigureFrame } from './surface.js';

const FONT = 7.8;

/**
 * The patient-flow diagram: screened → analysed, with one side box listing each exclusion reason and
 * its count, and one box per group below.
 */
export function drawFlow(report: ReportDocument, result: AnalysisResult): void {
  const frame = { left: report.left, top: report.y, width: report.width };
  const bottom = drawFlowBody(new PdfSurface(report.doc), result, frame, (height) => {
    report.ensureSpace(height);
    return report.y;
  });
  report.y = bottom + 12;
}

/** The diagram's measures, taken before anything is drawn. */
interface FlowGeometry {
  readonly lineH: number;
  readonly boxW: number;
  readonly boxH: number;
  /** The x of the main column's centre line. */
  readonly cx: number;
  readonly excludedTotal: number;
  /** The exclusion box: its heading, then one line per reason with patients. */
  readonly sideLines: readonly string[];
  readonly sideW: number;
  readonly sideH: number;
  /** The analysed box: its n, arms without patients, per endpoint the patients left out of its analyses. */
  readonly analysedLines: readonly string[];
  readonly analysedH: number;
  /** The height of the whole diagram. */
  readonly total: number;
}

function flowGeometry(s: DrawingSurface, result: AnalysisResult, frame: FigureFrame): FlowGeometry {
  const flow = result.flow;
  s.font('sans').fontSize(FONT);
  const lineH = s.lineHeight() + 1;
  const boxW = frame.width * 0.36;
  const cx = frame.left + frame.width * 0.22;
  const excluded = flow.excluded.filter((e) => e.n > 0);
  const excludedTotal = flow.excluded.reduce((a, e) => a + e.n, 0);
  const sideLines = [`Excluded (n = ${excludedTotal})`, ...excluded.map((e) => `${e.reason} (n = ${e.n})`)];
  const sideW = frame.width * 0.5;
  const sideH = sideLines.reduce((a, l) => a + s.heightOfString(`• ${l}`, sideW - 12), 0) + 10;
  const boxH = lineH + 10;
  // A patient without a known time or status for an endpoint is analysed, but not in that
  // endpoint's curves and models (R's na.omit): said in the box whose n it qualifies.
  const analysedLines = [
    `Patients analysed (n = ${flow.analysed})`,
    ...(flow.emptyArms ?? []).map((l) => `No patient in ${l.label} (arm not shown)`),
    ...(flow.missingFollowUp ?? []).map((m) => `Without ${m.abbreviation} time or status (n = ${m.n})`),
  ];
  const analysedH = analysedLines.reduce((a, l) => a + s.heightOfString(l, boxW - 12), 0) + 10;
  const total = boxH + (excludedTotal === 0 ? 0 : Math.max(sideH, 20)) + 24 + analysedH + 24 + boxH + 10;
  return { lineH, boxW, boxH, cx, excludedTotal, sideLines, sideW, sideH, analysedLines, analysedH, total };
}

/** A box with centred lines, the first in bold when `bold`. */
function box(
  s: DrawingSurface,
  x: number,
  y: number,
  w: number,
  h: number,
  lines: string[],
  bold = false,
): void {
  s.save().lineWidth(0.6).strokeColor('#000000').rect(x, y, w, h).stroke().restore();
  let ty = y + 5;
  lines.forEach((l, i) => {
    s.font(bold && i === 0 ? 'sans-bold' : 'sans')
      .fontSize(FONT)
      .fillColor(STYLE.ink);
    s.text(l, x + 6, ty, { width: w - 12, align: 'center' });
    ty += s.heightOfString(l, w - 12);
  });
}

function arrow(s: DrawingSurface, x1: number, y1: number, x2: number, y2: number): void {
  s.save().lineWidth(0.6).strokeColor('#000000').moveTo(x1, y1).lineTo(x2, y2).stroke();
  const a = Math.atan2(y2 - y1, x2 - x1);
  const p = (d: number, side: number): [number, number] => [
    x2 - 4.5 * Math.cos(a) + side * Math.sin(a) * d,
    y2 - 4.5 * Math.sin(a) - side * Math.cos(a) * d,
  ];
  s.polygon([x2, y2], p(2.2, 1), p(2.2, -1)).fill('#000000').restore();
}

/** The exclusion side box at `y`, left-aligned with bulleted reasons, and the arrow into it. */
function drawExclusions(s: DrawingSurface, g: FlowGeometry, frame: FigureFrame, y: number): void {
  const sx = frame.left + frame.width - g.sideW;
  s.save().lineWidth(0.6).rect(sx, y, g.sideW, g.sideH).stroke().restore();
  let ty = y + 5;
  g.sideLines.forEach((l, i) => {
    s.font(i === 0 ? 'sans-bold' : 'sans')
      .fontSize(FONT)
      .fillColor(STYLE.ink);
    const text = i === 0 ? l : `• ${l}`;
    s.text(text, sx + 6, ty, { width: g.sideW - 12 });
    ty += s.heightOfString(text, g.sideW - 12);
  });
  arrow(s, g.cx, y + g.sideH / 2, sx, y + g.sideH / 2);
}

/**
 * The diagram in `frame`; returns the y under its lowest box. `onMeasured`, given the height the
 * diagram needs before anything is drawn, may move it (to a new page) by returning another top.
 */
export function drawFlowBody(
  s: DrawingSurface,
  result: AnalysisResult,
  initial: FigureFrame,
  onMeasured?: (height: number) => number,
): number {
  const flow = result.flow;
  const g = flowGeometry(s, result, initial);
  const frame = onMeasured === undefined ? initial : { ...initial, top: onMeasured(g.total) };
  const { cx, boxW, boxH } = g;
  let y = frame.top;
  const bx = cx - boxW / 2;
  box(s, bx, y, boxW, boxH, [`Patients screened (n = ${flow.screened})`], true);
  const midTop = y + boxH;
  y += boxH + 14;
  // Exclusion side box (omitted when nobody was excluded).
  if (g.excludedTotal > 0) {
    drawExclusions(s, g, frame, y);
    y += Math.max(g.sideH, 20) + 14;
  } else y += 4;
  arrow(s, cx, midTop, cx, y);
  // Patients with an unknown or uncompared group are exclusions in the side box, so this n is the
  // n of every table and figure.
  const aH = g.analysedH;
  box(s, bx, y, boxW, aH, [...g.analysedLines], true);
  const aBottom = y + aH;
  y = aBottom + 24;
  // One box per group, spread under the analysed box.
  const groups = result.group.levels;
  const gw = Math.min(boxW, (frame.width - 10 * (groups.length - 1)) / groups.length);
  const totalW = groups.length * gw + (groups.length - 1) * 10;
  let gx = Math.max(frame.left, cx - totalW / 2);
  for (const group of groups) {
    arrow(s, cx, aBottom, gx + gw / 2, y);
    box(s, gx, y, gw, boxH, [`${group.label} (n = ${group.n})`]);
    gx += gw + 10;
  }
  return y + boxH;
}
