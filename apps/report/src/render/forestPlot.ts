import { hazardRatioTicks } from '../analysis/ticks.js';
import type { ForestArm, ForestLevel, ForestResult } from '../analysis/types.js';
import { formatP, formatStatistic, formatTick } from '../format/index.js';
import type { ReportFormat } from '../format/reportFormat.js';
import type { ReportDocument } from './document.js';
import { STYLE } from './document.js';
import { groupColour } from './palette.js';

export interface ForestFigureOptions {
  readonly label: string;
  readonly caption: string;
  /** Group level names in display order, so each arm keeps its Kaplan–Meier colour. */
  readonly groupLevels: readonly string[];
  /** The report's number formats (interval separator). */
  readonly format: ReportFormat;
}

const FONT = 7.4;
/** Marker shapes by arm, so arms differ in greyscale print as well as by colour. */
const SHAPES = ['square', 'circle', 'triangle', 'diamond'] as const;
type Shape = (typeof SHAPES)[number];

interface Line {
  readonly text: string;
  readonly bold: boolean;
  /** 0: variable or Overall, 1: subgroup level, 2: arm under a level (k > 2 arms). */
  readonly depth: number;
  readonly level: ForestLevel | null;
  readonly arm: ForestArm | null;
  readonly armIndex: number;
  readonly interaction: string;
  /** Height of the label, which may wrap onto a second line. */
  height: number;
}

function marker(
  doc: PDFKit.PDFDocument,
  shape: Shape,
  x: number,
  y: number,
  s: number,
  colour: string,
): void {
  if (shape === 'square') doc.rect(x - s, y - s, 2 * s, 2 * s).fill(colour);
  else if (shape === 'circle') doc.circle(x, y, s * 1.1).fill(colour);
  else if (shape === 'triangle')
    doc.polygon([x, y - s * 1.2], [x + s * 1.2, y + s], [x - s * 1.2, y + s]).fill(colour);
  else doc.polygon([x, y - s * 1.3], [x + s * 1.3, y], [x, y + s * 1.3], [x - s * 1.3, y]).fill(colour);
}

/** With two arms one line per level carries the only HR; with k arms each level gets one line per arm. */
function buildLines(forest: ForestResult): Line[] {
  const k = forest.overall.arms.length;
  const lines: Line[] = [];
  const add = (text: string, bold: boolean, depth: number, level: ForestLevel | null, interaction = '') => {
    if (level === null || k === 1) {
      lines.push({
        text,
        bold,
        depth,
        level,
        arm: level?.arms[0] ?? null,
        armIndex: 0,
        interaction,
        height: 0,
      });
      return;
    }
    lines.push({ text, bold, depth, level, arm: null, armIndex: -1, interaction, height: 0 });
    level.arms.forEach((arm, i) => {
      lines.push({
        text: arm.label,
        bold: false,
        depth: depth + 1,
        level: null,
        arm,
        armIndex: i,
        interaction: '',
        height: 0,
      });
    });
  };
  add('Overall', true, 0, forest.overall);
  for (const v of forest.variables) {
    add(v.label, true, 0, null, formatP(v.interactionP));
    for (const l of v.levels) add(l.label, false, 1, l);
  }
  return lines;
}

/** Where everything of one forest plot sits: columns, the log axis and its ticks, the row height. */
interface Geometry {
  readonly x0: number;
  readonly W: number;
  readonly rowH: number;
  readonly col: { label: number; n: number; events: number; plot: number; text: number; p: number };
  readonly plotW: number;
  readonly ticks: readonly number[];
  readonly sx: (hr: number) => number;
}

function geometry(report: ReportDocument, lines: readonly Line[], rowH: number): Geometry {
  const W = report.width;
  const x0 = report.left;
  const col = {
    label: x0,
    n: x0 + W * 0.27,
    events: x0 + W * 0.33,
    plot: x0 + W * 0.41,
    text: x0 + W * 0.74,
    p: x0 + W * 0.92,
  };
  const plotW = W * 0.31;
  const finite = lines
    .flatMap((l) =>
      l.arm !== null && l.arm.hazardRatio !== null
        ? [l.arm.lower ?? l.arm.hazardRatio, l.arm.upper ?? l.arm.hazardRatio]
        : [],
    )
    .filter((v) => Number.isFinite(v) && v > 0);
  const ticks = hazardRatioTicks(
    Math.max(0.05, Math.min(0.5, ...finite)),
    Math.min(20, Math.max(2, ...finite)),
  );
  const a = Math.log(ticks[0]!);
  const b = Math.log(ticks[ticks.length - 1]!);
  const sx = (hr: number) => col.plot + ((Math.log(hr) - a) / (b - a)) * plotW;
  return { x0, W, rowH, col, plotW, ticks, sx };
}

/** "Interaction: likelihood-ratio tests — Sex χ² = 7.68, 2 df; …": the df behind each P for interaction. */
function interactionNote(forest: ForestResult): string {
  const tests = forest.variables.flatMap((v) =>
    v.interaction === null
      ? []
      : [`${v.label} χ² = ${formatStatistic(v.interaction.statistic)}, ${v.interaction.df} df`],
  );
  return tests.length === 0
    ? ''
    : `P for interaction: likelihood-ratio test of the group × subgroup interaction (${tests.join('; ')}).`;
}

/**
 * Draws a forest plot of the hazard ratio of each non-reference arm against the reference within each
 * subgroup level: columns for the subgroup, n, events, the estimate with its CI on a log axis (a marker
 * and a line; arrows where the CI leaves the axis), HR (CI) as text and the interaction p on the
 * variable's row. Long labels wrap and their row grows, rather than overprint the row below.
 */
export function drawForestFigure(
  report: ReportDocument,
  forest: ForestResult,
  options: ForestFigureOptions,
): void {
  const doc = report.doc;
  const lines = buildLines(forest);
  const arms = forest.overall.arms;
  const note = interactionNote(forest);
  const noteH = note === '' ? 0 : report.measure(note, 'sans', FONT - 0.4) + 2;
  const captionH = report.measure(`${options.label}  ${options.caption}`, 'sans', STYLE.captionSize);
  const fixed = 3 * 12 + 30 + captionH + 12 + (arms.length > 1 ? 12 : 0) + noteH;
  // Rows shrink (down to 9 pt) rather than split the plot across pages.
  const rowH = Math.max(9, Math.min(12, (report.bottom - report.top - fixed) / (lines.length + 1)));
  const labelW = (l: Line) => report.width * 0.26 - 8 * l.depth;
  for (const line of lines) {
    doc.font(line.bold ? 'sans-bold' : 'sans').fontSize(FONT);
    line.height = Math.max(rowH, doc.heightOfString(line.text, { width: labelW(line) }) + rowH - FONT);
  }
  report.ensureSpace(fixed + rowH + lines.reduce((a, l) => a + l.height, 0));
  report.space(4);
  const g = geometry(report, lines, rowH);
  const colourOf = (arm: ForestArm) => groupColour(Math.max(0, options.groupLevels.indexOf(arm.level)));

  let y = drawHeader(doc, g, forest, report.y);
  const plotTop = y - 2;
  for (const line of lines) {
    doc
      .font(line.bold ? 'sans-bold' : 'sans')
      .fontSize(FONT)
      .fillColor(STYLE.ink);
    doc.text(line.text, g.col.label + 8 * line.depth, y, { width: labelW(line) });
    doc.font('sans');
    if (line.interaction !== '')
      doc.text(line.interaction, g.col.p - 6, y, { width: g.W * 0.08 + 6, align: 'right', lineBreak: false });
    const l = line.level;
    if (l !== null) {
      doc.text(String(l.n), g.col.n, y, { width: g.W * 0.05, align: 'right', lineBreak: false });
      doc.text(String(l.events), g.col.events, y, { width: g.W * 0.07, align: 'right', lineBreak: false });
    }
    if (line.arm !== null) {
      // Two arms: the overall estimate in black, as the paper's plot; k arms: each arm its colour.
      const colour = line.bold && arms.length === 1 ? '#000000' : colourOf(line.arm);
      drawEstimate(
        doc,
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
  drawAxis(doc, g, plotTop, y);
  y = drawFavours(doc, forest, g.sx(1), g.col.plot, g.col.plot + g.plotW, y + 4 + rowH) + 2;
  if (arms.length > 1) y = drawLegend(doc, forest, g.x0, y, colourOf) + 2;
  if (note !== '') {
    doc
      .font('sans')
      .fontSize(FONT - 0.4)
      .fillColor(STYLE.ink)
      .text(note, g.x0, y, { width: g.W });
    y += noteH;
  }
  doc
    .save()
    .lineWidth(0.9)
    .moveTo(g.x0, y)
    .lineTo(g.x0 + g.W, y)
    .stroke()
    .restore();
  report.y = y + 4;
  report.caption(options.label, options.caption);
  report.space(8);
}

/** Column headings between a thick and a thin rule; returns the y of the first row. */
function drawHeader(doc: PDFKit.PDFDocument, g: Geometry, forest: ForestResult, top: number): number {
  const { col, W, x0 } = g;
  doc.font('sans-bold').fontSize(FONT).fillColor(STYLE.ink);
  const head = (text: string, x: number, w: number, align: 'left' | 'center' | 'right') =>
    doc.text(text, x, top, { width: w, align, lineBreak: false });
  head('Subgroup', col.label, W * 0.26, 'left');
  head('n', col.n, W * 0.05, 'right');
  head('Events', col.events, W * 0.07, 'right');
  head(forest.contrast, col.plot, g.plotW, 'center');
  head('HR (95% CI)', col.text, W * 0.18, 'center');
  head('P for interaction', col.p - 6, W * 0.08 + 6, 'right');
  const y = top + 2 * g.rowH - 2;
  doc
    .save()
    .lineWidth(0.9)
    .moveTo(x0, top - 3)
    .lineTo(x0 + W, top - 3)
    .stroke();
  doc
    .lineWidth(0.45)
    .moveTo(x0, y - 3)
    .lineTo(x0 + W, y - 3)
    .stroke()
    .restore();
  return y;
}

/** One arm's HR (CI) as text, and its interval and marker on the log axis. */
function drawEstimate(
  doc: PDFKit.PDFDocument,
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
  doc
    .fillColor(STYLE.ink)
    .text(
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
  doc.save().lineWidth(0.8).strokeColor('#000000');
  doc.moveTo(clampX(lower), cy).lineTo(clampX(upper), cy).stroke();
  // Arrow heads where the interval runs off the axis.
  if (!(lower >= ticks[0]!))
    doc.polygon([col.plot, cy], [col.plot + 4, cy - 2.2], [col.plot + 4, cy + 2.2]).fill('#000000');
  if (!(upper <= ticks[ticks.length - 1]!))
    doc
      .polygon([col.plot + plotW, cy], [col.plot + plotW - 4, cy - 2.2], [col.plot + plotW - 4, cy + 2.2])
      .fill('#000000');
  const hr = arm.hazardRatio!;
  if (hr >= ticks[0]! && hr <= ticks[ticks.length - 1]!)
    marker(doc, shape, sx(hr), cy, bold ? 3.4 : 2.6, colour);
  doc.restore();
}

/** The log axis with its ticks and the dashed line of no effect. */
function drawAxis(doc: PDFKit.PDFDocument, g: Geometry, plotTop: number, plotBottom: number): void {
  const { col, plotW, ticks, sx } = g;
  doc.save().lineWidth(0.6).strokeColor('#000000');
  doc
    .moveTo(col.plot, plotBottom)
    .lineTo(col.plot + plotW, plotBottom)
    .stroke();
  doc.dash(2, { space: 2 }).moveTo(sx(1), plotTop).lineTo(sx(1), plotBottom).stroke().undash();
  doc
    .font('sans')
    .fontSize(FONT - 0.4)
    .fillColor(STYLE.ink);
  for (const t of ticks) {
    doc
      .moveTo(sx(t), plotBottom)
      .lineTo(sx(t), plotBottom + 3)
      .stroke();
    doc.text(formatTick(t), sx(t) - 12, plotBottom + 4, { width: 24, align: 'center', lineBreak: false });
  }
  doc.restore();
}

/**
 * "← favours Lev+5FU | favours Obs →" under the axis: each phrase measured and set either side of the
 * line of no effect with a fixed gap, so they can never run into each other.
 */
function drawFavours(
  doc: PDFKit.PDFDocument,
  forest: ForestResult,
  x1: number,
  left: number,
  right: number,
  y: number,
): number {
  const others = forest.overall.arms.map((a) => a.label);
  const gap = 6;
  const size = FONT - 0.4;
  doc.font('sans').fontSize(size).fillColor(STYLE.muted);
  const leftText = `← favours ${others.length === 1 ? others[0] : 'the compared arm'}`;
  const rightText = `favours ${forest.reference.label} →`;
  // Long arm names wrap within their half instead of crossing the line of no effect.
  const leftW = Math.max(40, x1 - gap - left + 40);
  const rightW = Math.max(40, right - x1 - gap + 40);
  const hl = doc.heightOfString(leftText, { width: leftW });
  const hr = doc.heightOfString(rightText, { width: rightW });
  doc.text(leftText, x1 - gap - leftW, y, { width: leftW, align: 'right' });
  doc.text(rightText, x1 + gap, y, { width: rightW, align: 'left' });
  doc.fillColor(STYLE.ink);
  return y + Math.max(hl, hr) + 2;
}

/** Marker key for k > 2 arms: shape and colour of each arm's HR against the reference. */
function drawLegend(
  doc: PDFKit.PDFDocument,
  forest: ForestResult,
  x0: number,
  y: number,
  colourOf: (arm: ForestArm) => string,
): number {
  doc
    .font('sans')
    .fontSize(FONT - 0.4)
    .fillColor(STYLE.ink);
  let x = x0;
  forest.overall.arms.forEach((arm, i) => {
    marker(doc, SHAPES[i % SHAPES.length]!, x + 3, y + FONT / 2, 2.6, colourOf(arm));
    const text = `${arm.label} vs ${forest.reference.label}`;
    doc.fillColor(STYLE.ink).text(text, x + 9, y, { lineBreak: false });
    x += 9 + doc.widthOfString(text) + 14;
  });
  return y + FONT + 4;
}
