import type { AnalysisResult } from '../analysis/types.js';
import type { ReportDocument } from './document.js';
import { STYLE } from './document.js';

const FONT = 7.8;

/**
 * The patient-flow diagram: screened → analysed, with one side box listing each exclusion reason and
 * its count, and one box per group below.
 */
export function drawFlow(report: ReportDocument, result: AnalysisResult): void {
  const doc = report.doc;
  const flow = result.flow;
  doc.font('sans').fontSize(FONT);
  const lineH = doc.currentLineHeight(true) + 1;
  const boxW = report.width * 0.36;
  const cx = report.left + report.width * 0.22;
  const excluded = flow.excluded.filter((e) => e.n > 0);
  const excludedTotal = flow.excluded.reduce((a, e) => a + e.n, 0);
  const sideLines = [`Excluded (n = ${excludedTotal})`, ...excluded.map((e) => `${e.reason} (n = ${e.n})`)];
  const sideW = report.width * 0.5;
  const sideH = sideLines.reduce((a, l) => a + doc.heightOfString(`• ${l}`, { width: sideW - 12 }), 0) + 10;
  const boxH = lineH + 10;
  const groups = result.group.levels;
  const total = boxH + (excludedTotal === 0 ? 0 : Math.max(sideH, 20)) + 24 + boxH + 24 + boxH + 10;
  report.ensureSpace(total);

  const box = (x: number, y: number, w: number, h: number, lines: string[], bold = false) => {
    doc.save().lineWidth(0.6).strokeColor('#000000').rect(x, y, w, h).stroke().restore();
    let ty = y + 5;
    lines.forEach((l, i) => {
      doc
        .font(bold && i === 0 ? 'sans-bold' : 'sans')
        .fontSize(FONT)
        .fillColor(STYLE.ink);
      doc.text(l, x + 6, ty, { width: w - 12, align: 'center' });
      ty += doc.heightOfString(l, { width: w - 12 });
    });
  };
  const arrow = (x1: number, y1: number, x2: number, y2: number) => {
    doc.save().lineWidth(0.6).strokeColor('#000000').moveTo(x1, y1).lineTo(x2, y2).stroke();
    const a = Math.atan2(y2 - y1, x2 - x1);
    const p = (d: number, s: number): [number, number] => [
      x2 - 4.5 * Math.cos(a) + s * Math.sin(a) * d,
      y2 - 4.5 * Math.sin(a) - s * Math.cos(a) * d,
    ];
    doc.polygon([x2, y2], p(2.2, 1), p(2.2, -1)).fill('#000000').restore();
  };

  let y = report.y;
  const bx = cx - boxW / 2;
  box(bx, y, boxW, boxH, [`Patients screened (n = ${flow.screened})`], true);
  const midTop = y + boxH;
  y += boxH + 14;
  // Exclusion side box (omitted when nobody was excluded).
  if (excludedTotal > 0) {
    const sx = report.left + report.width - sideW;
    doc.save().lineWidth(0.6).rect(sx, y, sideW, sideH).stroke().restore();
    let ty = y + 5;
    sideLines.forEach((l, i) => {
      doc
        .font(i === 0 ? 'sans-bold' : 'sans')
        .fontSize(FONT)
        .fillColor(STYLE.ink);
      const text = i === 0 ? l : `• ${l}`;
      doc.text(text, sx + 6, ty, { width: sideW - 12 });
      ty += doc.heightOfString(text, { width: sideW - 12 });
    });
    arrow(cx, y + sideH / 2, sx, y + sideH / 2);
    y += Math.max(sideH, 20) + 14;
  } else y += 4;
  arrow(cx, midTop, cx, y);
  // Patients with an unknown or uncompared group are exclusions in the side box, so this n is the
  // n of every table and figure.
  const analysedLines = [`Patients analysed (n = ${flow.analysed})`];
  const aH = analysedLines.length * lineH + 10;
  box(bx, y, boxW, aH, analysedLines, true);
  const aBottom = y + aH;
  y = aBottom + 24;
  // One box per group, spread under the analysed box.
  const gw = Math.min(boxW, (report.width - 10 * (groups.length - 1)) / groups.length);
  const totalW = groups.length * gw + (groups.length - 1) * 10;
  let gx = Math.max(report.left, cx - totalW / 2);
  for (const g of groups) {
    arrow(cx, aBottom, gx + gw / 2, y);
    box(gx, y, gw, boxH, [`${g.label} (n = ${g.n})`]);
    gx += gw + 10;
  }
  report.y = y + boxH + 12;
}
