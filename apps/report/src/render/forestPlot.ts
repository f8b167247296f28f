import { hazardRatioTicks } from '../analysis/ticks.js';
import type { ForestLevel, ForestResult } from '../analysis/types.js';
import { formatHazardRatio, formatP, formatTick } from '../format/index.js';
import type { ReportFormat } from '../format/reportFormat.js';
import type { ReportDocument } from './document.js';
import { STYLE } from './document.js';

export interface ForestFigureOptions {
  readonly label: string;
  readonly caption: string;
  /** Label of the non-reference and reference group, for the "favours" annotations. */
  readonly favours: readonly [string, string];
  /** The report's interval separator; default: the formatter's. */
  readonly format?: ReportFormat;
}

const FONT = 7.4;

interface Line {
  readonly text: string;
  readonly bold: boolean;
  readonly indent: boolean;
  readonly level: ForestLevel | null;
  readonly interaction: string;
}

/**
 * Draws a forest plot of the group hazard ratio within each subgroup level: columns for the subgroup,
 * n, events, the estimate with its CI on a log axis (a square and a line; arrows where the CI leaves
 * the axis), HR (CI) as text and the interaction p on the variable's row.
 */
export function drawForestFigure(
  report: ReportDocument,
  forest: ForestResult,
  options: ForestFigureOptions,
): void {
  const doc = report.doc;
  const lines: Line[] = [
    { text: 'Overall', bold: true, indent: false, level: forest.overall, interaction: '' },
  ];
  for (const v of forest.variables) {
    lines.push({
      text: v.label,
      bold: true,
      indent: false,
      level: null,
      interaction: formatP(v.interactionP),
    });
    for (const l of v.levels)
      lines.push({ text: l.label, bold: false, indent: true, level: l, interaction: '' });
  }
  const captionH = report.measure(`${options.label}  ${options.caption}`, 'sans', STYLE.captionSize);
  const fixed = 3 * 12 + 30 + captionH + 12;
  // Rows shrink (down to 9 pt) rather than split the plot across pages.
  const rowH = Math.max(9, Math.min(12, (report.bottom - report.top - fixed) / (lines.length + 1)));
  report.ensureSpace(fixed + (lines.length + 1) * rowH);
  report.space(4);

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
  const estimates = lines.flatMap((l) =>
    l.level !== null && l.level.hazardRatio !== null
      ? [l.level.lower ?? l.level.hazardRatio, l.level.upper ?? l.level.hazardRatio]
      : [],
  );
  const finite = estimates.filter((v) => Number.isFinite(v) && v > 0);
  const lo = Math.max(0.05, Math.min(0.5, ...finite));
  const hi = Math.min(20, Math.max(2, ...finite));
  const ticks = hazardRatioTicks(lo, hi);
  const a = Math.log(ticks[0]!);
  const b = Math.log(ticks[ticks.length - 1]!);
  const sx = (hr: number) => col.plot + ((Math.log(hr) - a) / (b - a)) * plotW;
  const clampX = (hr: number) => Math.max(col.plot, Math.min(col.plot + plotW, sx(hr)));

  let y = report.y;
  doc.font('sans-bold').fontSize(FONT).fillColor(STYLE.ink);
  const head = (text: string, x: number, w: number, align: 'left' | 'center' | 'right') =>
    doc.text(text, x, y, { width: w, align, lineBreak: false });
  head('Subgroup', col.label, W * 0.26, 'left');
  head('n', col.n, W * 0.05, 'right');
  head('Events', col.events, W * 0.07, 'right');
  head(`${options.favours[0]} vs ${options.favours[1]}`, col.plot, plotW, 'center');
  head('HR (95% CI)', col.text, W * 0.18, 'center');
  head('P for interaction', col.p - 6, W * 0.08 + 6, 'right');
  y += 2 * rowH - 2;
  doc
    .save()
    .lineWidth(0.9)
    .moveTo(x0, report.y - 3)
    .lineTo(x0 + W, report.y - 3)
    .stroke();
  doc
    .lineWidth(0.45)
    .moveTo(x0, y - 3)
    .lineTo(x0 + W, y - 3)
    .stroke()
    .restore();
  const plotTop = y - 2;

  for (const line of lines) {
    doc
      .font(line.bold ? 'sans-bold' : 'sans')
      .fontSize(FONT)
      .fillColor(STYLE.ink);
    doc.text(line.text, col.label + (line.indent ? 8 : 0), y, {
      width: W * 0.26 - 8,
      lineBreak: false,
      ellipsis: true,
    });
    if (line.interaction !== '')
      doc
        .font('sans')
        .text(line.interaction, col.p - 6, y, { width: W * 0.08 + 6, align: 'right', lineBreak: false });
    const l = line.level;
    if (l !== null) {
      doc.font('sans');
      doc.text(String(l.n), col.n, y, { width: W * 0.05, align: 'right', lineBreak: false });
      doc.text(String(l.events), col.events, y, { width: W * 0.07, align: 'right', lineBreak: false });
      const estimable = l.hazardRatio !== null && Number.isFinite(l.hazardRatio) && l.hazardRatio > 0;
      doc.text(
        estimable
          ? (options.format?.hazardRatio ?? formatHazardRatio)(
              l.hazardRatio!,
              l.lower ?? Number.NaN,
              l.upper ?? Number.NaN,
              2,
            )
          : (l.note ?? '–'),
        col.text,
        y,
        { width: W * 0.18, align: 'center', lineBreak: false },
      );
      if (estimable) {
        const cy = y + FONT / 2;
        const lower = l.lower ?? l.hazardRatio!;
        const upper = l.upper ?? l.hazardRatio!;
        doc.save().lineWidth(0.8).strokeColor('#000000');
        doc.moveTo(clampX(lower), cy).lineTo(clampX(upper), cy).stroke();
        // Arrow heads where the interval runs off the axis.
        if (!(lower >= ticks[0]!))
          doc.polygon([col.plot, cy], [col.plot + 4, cy - 2.2], [col.plot + 4, cy + 2.2]).fill('#000000');
        if (!(upper <= ticks[ticks.length - 1]!))
          doc
            .polygon(
              [col.plot + plotW, cy],
              [col.plot + plotW - 4, cy - 2.2],
              [col.plot + plotW - 4, cy + 2.2],
            )
            .fill('#000000');
        const hr = l.hazardRatio!;
        if (hr >= ticks[0]! && hr <= ticks[ticks.length - 1]!) {
          const s = line.bold ? 3.4 : 2.6;
          doc.rect(sx(hr) - s, cy - s, 2 * s, 2 * s).fill(line.bold ? '#000000' : '#0072B2');
        }
        doc.restore();
      }
    }
    y += rowH;
  }
  const plotBottom = y;
  // Axis with ticks and the line of no effect.
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
  y = plotBottom + 4 + rowH;
  doc
    .font('sans')
    .fontSize(FONT - 0.4)
    .fillColor(STYLE.muted);
  doc.text(`← favours ${options.favours[0]}`, col.plot, y, {
    width: sx(1) - col.plot - 2,
    align: 'right',
    lineBreak: false,
  });
  doc.text(`favours ${options.favours[1]} →`, sx(1) + 2, y, { lineBreak: false });
  doc.fillColor(STYLE.ink);
  y += rowH + 2;
  doc
    .save()
    .lineWidth(0.9)
    .moveTo(x0, y)
    .lineTo(x0 + W, y)
    .stroke()
    .restore();
  report.y = y + 4;
  report.caption(options.label, options.caption);
  report.space(8);
}
