import type { ForestArm, ForestResult } from '../analysis/types.js';
import { formatTick } from '../format/index.js';
import type { ReportFormat } from '../format/reportFormat.js';
import type { ReportDocument } from './document.js';
import { STYLE } from './document.js';
import {
  buildLines,
  FONT,
  fixedHeight,
  type Geometry,
  geometry,
  interactionNote,
  labelWidth,
  measureLines,
  noteHeight,
} from './forestLayout.js';
import { groupColour } from './palette.js';
import { PdfSurface } from './pdfSurface.js';
import type { DrawingSurface, FigureFrame } from './surface.js';

export interface ForestFigureOptions {
  readonly label: string;
  readonly caption: string;
  /** Group level names in display order, so each arm keeps its Kaplan–Meier colour. */
  readonly groupLevels: readonly string[];
  /** The report's number formats (interval separator). */
  readonly format: ReportFormat;
}

/** Marker shapes by arm, so arms differ in greyscale print as well as by colour. */
const SHAPES = ['square', 'circle', 'triangle', 'diamond'] as const;
type Shape = (typeof SHAPES)[number];

function marker(
  surface: DrawingSurface,
  shape: Shape,
  x: number,
  y: number,
  s: number,
  colour: string,
): void {
  if (shape === 'square') surface.rect(x - s, y - s, 2 * s, 2 * s).fill(colour);
  else if (shape === 'circle') surface.circle(x, y, s * 1.1).fill(colour);
  else if (shape === 'triangle')
    surface.polygon([x, y - s * 1.2], [x + s * 1.2, y + s], [x - s * 1.2, y + s]).fill(colour);
  else surface.polygon([x, y - s * 1.3], [x + s * 1.3, y], [x, y + s * 1.3], [x - s * 1.3, y]).fill(colour);
}

/**
 * Draws a forest plot on a report page: the hazard ratio of each non-reference arm against the
 * reference within each subgroup level — columns for the subgroup, n, events, the estimate with its
 * CI on a log axis (a marker and a line; arrows where the CI leaves the axis), HR (CI) as text and the
 * interaction p on the variable's row — then the caption. Rows shrink (down to 9 pt) rather than
 * split the plot across pages.
 */
export function drawForestFigure(
  report: ReportDocument,
  forest: ForestResult,
  options: ForestFigureOptions,
): void {
  const s = new PdfSurface(report.doc);
  const lines = buildLines(forest);
  const noteH = noteHeight(s, interactionNote(forest), report.width);
  const captionH = report.measure(`${options.label}  ${options.caption}`, 'sans', STYLE.captionSize);
  const fixed = fixedHeight(forest, noteH, captionH);
  const rowH = Math.max(9, Math.min(12, (report.bottom - report.top - fixed) / (lines.length + 1)));
  measureLines(s, lines, report.width, rowH);
  report.placeFigure(fixed + rowH + lines.reduce((a, l) => a + l.height, 0), () => {
    report.space(4);
    const bottom = drawForestBody(
      s,
      forest,
      options,
      { left: report.left, top: report.y, width: report.width },
      rowH,
    );
    report.y = bottom + 4;
    report.caption(options.label, options.caption);
    report.space(8);
  });
}

/**
 * The forest plot without its caption, from `frame.top` with rows of at least `rowH` points; returns
 * the y of the closing rule.
 */
export function drawForestBody(
  s: DrawingSurface,
  forest: ForestResult,
  options: ForestFigureOptions,
  frame: FigureFrame,
  rowH: number,
): number {
  const lines = buildLines(forest);
  const arms = forest.overall.arms;
  const note = interactionNote(forest);
  const noteH = noteHeight(s, note, frame.width);
  measureLines(s, lines, frame.width, rowH);
  const g = geometry(frame, lines, rowH);
  const colourOf = (arm: ForestArm) => groupColour(Math.max(0, options.groupLevels.indexOf(arm.level)));

  let y = drawHeader(s, g, forest, frame.top);
  const plotTop = y - 2;
  for (const line of lines) {
    s.font(line.bold ? 'sans-bold' : 'sans')
      .fontSize(FONT)
      .fillColor(STYLE.ink);
    s.text(line.text, g.col.label + 8 * line.depth, y, { width: labelWidth(frame.width, line) });
    s.font('sans');
    if (line.interaction !== '')
      s.text(line.interaction, g.col.p - 6, y, { width: g.W * 0.08 + 6, align: 'right', lineBreak: false });
    const l = line.level;
    if (l !== null) {
      s.text(String(l.n), g.col.n, y, { width: g.W * 0.05, align: 'right', lineBreak: false });
      s.text(String(l.events), g.col.events, y, { width: g.W * 0.07, align: 'right', lineBreak: false });
    }
    if (line.arm !== null) {
      // Two arms: the overall estimate in black, as the paper's plot; k arms: each arm its colour.
      const colour = line.bold && arms.length === 1 ? '#000000' : colourOf(line.arm);
      drawEstimate(
        s,
        g,
        line.arm,
        y,
        line.bold,
        colour,
        SHAPES[line.armIndex % SHAPES.length]!,
        options.format,
      );
    }
    y += line.height;
  }
  drawAxis(s, g, plotTop, y);
  y = drawFavours(s, forest, g.sx(1), g.col.plot, g.col.plot + g.plotW, y + 4 + rowH) + 2;
  if (arms.length > 1) y = drawArmKey(s, forest, g.x0, y, colourOf) + 2;
  if (note !== '') {
    s.font('sans')
      .fontSize(FONT - 0.4)
      .fillColor(STYLE.ink)
      .text(note, g.x0, y, { width: g.W });
    y += noteH;
  }
  s.save()
    .lineWidth(0.9)
    .moveTo(g.x0, y)
    .lineTo(g.x0 + g.W, y)
    .stroke()
    .restore();
  return y;
}

/** Column headings between a thick and a thin rule; returns the y of the first row. */
function drawHeader(s: DrawingSurface, g: Geometry, forest: ForestResult, top: number): number {
  const { col, W, x0 } = g;
  s.font('sans-bold').fontSize(FONT).fillColor(STYLE.ink);
  const head = (text: string, x: number, w: number, align: 'left' | 'center' | 'right') =>
    s.text(text, x, top, { width: w, align, lineBreak: false });
  head('Subgroup', col.label, W * 0.26, 'left');
  head('n', col.n, W * 0.05, 'right');
  head('Events', col.events, W * 0.07, 'right');
  head(forest.contrast, col.plot, g.plotW, 'center');
  head('HR (95% CI)', col.text, W * 0.18, 'center');
  head('P for interaction', col.p - 6, W * 0.08 + 6, 'right');
  const y = top + 2 * g.rowH - 2;
  s.save()
    .lineWidth(0.9)
    .moveTo(x0, top - 3)
    .lineTo(x0 + W, top - 3)
    .stroke();
  s.lineWidth(0.5)
    .moveTo(x0, y - 3)
    .lineTo(x0 + W, y - 3)
    .stroke()
    .restore();
  return y;
}

/** One arm's HR (CI) as text, and its interval and marker on the log axis. */
function drawEstimate(
  s: DrawingSurface,
  g: Geometry,
  arm: ForestArm,
  top: number,
  bold: boolean,
  colour: string,
  shape: Shape,
  format: ReportFormat,
): void {
  const { col, plotW, ticks, sx } = g;
  const clampX = (hr: number) => Math.max(col.plot, Math.min(col.plot + plotW, sx(hr)));
  const estimable = arm.hazardRatio !== null && Number.isFinite(arm.hazardRatio) && arm.hazardRatio > 0;
  s.fillColor(STYLE.ink).text(
    estimable
      ? format.hazardRatio(arm.hazardRatio!, arm.lower ?? Number.NaN, arm.upper ?? Number.NaN, 2)
      : (arm.note ?? '–'),
    col.text,
    top,
    { width: g.W * 0.18, align: 'center', lineBreak: false },
  );
  if (!estimable) return;
  const cy = top + FONT / 2;
  const lower = arm.lower ?? arm.hazardRatio!;
  const upper = arm.upper ?? arm.hazardRatio!;
  s.save().lineWidth(0.8).strokeColor('#000000');
  s.moveTo(clampX(lower), cy).lineTo(clampX(upper), cy).stroke();
  // Arrow heads where the interval runs off the axis.
  if (!(lower >= ticks[0]!))
    s.polygon([col.plot, cy], [col.plot + 4, cy - 2.2], [col.plot + 4, cy + 2.2]).fill('#000000');
  if (!(upper <= ticks[ticks.length - 1]!))
    s.polygon(
      [col.plot + plotW, cy],
      [col.plot + plotW - 4, cy - 2.2],
      [col.plot + plotW - 4, cy + 2.2],
    ).fill('#000000');
  const hr = arm.hazardRatio!;
  if (hr >= ticks[0]! && hr <= ticks[ticks.length - 1]!)
    marker(s, shape, sx(hr), cy, bold ? 3.4 : 2.6, colour);
  s.restore();
}

/** The log axis with its ticks and the dashed line of no effect. */
function drawAxis(s: DrawingSurface, g: Geometry, plotTop: number, plotBottom: number): void {
  const { col, plotW, ticks, sx } = g;
  s.save().lineWidth(0.6).strokeColor('#000000');
  s.moveTo(col.plot, plotBottom)
    .lineTo(col.plot + plotW, plotBottom)
    .stroke();
  s.dash([2, 2]).moveTo(sx(1), plotTop).lineTo(sx(1), plotBottom).stroke().dash(null);
  s.font('sans')
    .fontSize(FONT - 0.4)
    .fillColor(STYLE.ink);
  for (const t of ticks) {
    s.moveTo(sx(t), plotBottom)
      .lineTo(sx(t), plotBottom + 3)
      .stroke();
    s.text(formatTick(t), sx(t) - 12, plotBottom + 4, { width: 24, align: 'center', lineBreak: false });
  }
  s.restore();
}

/**
 * "← favours Lev+5FU | favours Obs →" under the axis: each phrase measured and set either side of the
 * line of no effect with a fixed gap, so they can never run into each other.
 */
function drawFavours(
  s: DrawingSurface,
  forest: ForestResult,
  x1: number,
  left: number,
  right: number,
  y: number,
): number {
  const others = forest.overall.arms.map((a) => a.label);
  const gap = 6;
  const size = FONT - 0.4;
  s.font('sans').fontSize(size).fillColor(STYLE.muted);
  const leftText = `← favours ${others.length === 1 ? others[0] : 'the compared arm'}`;
  const rightText = `favours ${forest.reference.label} →`;
  // Long arm names wrap within their half instead of crossing the line of no effect.
  const leftW = Math.max(40, x1 - gap - left + 40);
  const rightW = Math.max(40, right - x1 - gap + 40);
  const hl = s.heightOfString(leftText, leftW);
  const hr = s.heightOfString(rightText, rightW);
  s.text(leftText, x1 - gap - leftW, y, { width: leftW, align: 'right' });
  s.text(rightText, x1 + gap, y, { width: rightW, align: 'left' });
  s.fillColor(STYLE.ink);
  return y + Math.max(hl, hr) + 2;
}

/** Marker key for k > 2 arms: shape and colour of each arm's HR against the reference. */
function drawArmKey(
  s: DrawingSurface,
  forest: ForestResult,
  x0: number,
  y: number,
  colourOf: (arm: ForestArm) => string,
): number {
  s.font('sans')
    .fontSize(FONT - 0.4)
    .fillColor(STYLE.ink);
  let x = x0;
  forest.overall.arms.forEach((arm, i) => {
    marker(s, SHAPES[i % SHAPES.length]!, x + 3, y + FONT / 2, 2.6, colourOf(arm));
    const text = `${arm.label} vs ${forest.reference.label}`;
    s.fillColor(STYLE.ink).text(text, x + 9, y, { lineBreak: false });
    x += 9 + s.widthOfString(text) + 14;
  });
  return y + FONT + 4;
}
