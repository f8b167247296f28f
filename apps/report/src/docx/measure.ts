import PDFDocument from 'pdfkit';

/**
 * Widths of words in Times (pdfkit's built-in Adobe metrics, which Times New Roman and Liberation
 * Serif share closely), so a header word too wide for its column can be set smaller, as the PDF does,
 * instead of Word breaking it inside the word ("Adenocarcino / ma").
 */
let metrics: PDFKit.PDFDocument | null = null;

/** Width in points of the widest word of `text` in Times (bold or regular) at `sizePt`. */
export function widestWordPt(text: string, bold: boolean, sizePt: number): number {
  metrics ??= new PDFDocument({ autoFirstPage: false });
  metrics.font(bold ? 'Times-Bold' : 'Times-Roman').fontSize(sizePt);
  const doc = metrics;
  return Math.max(0, ...text.split(/\s+/).map((word) => doc.widthOfString(word)));
}

/**
 * The font size, in Word's half-points, at which every word of `text` fits `widthPt`: `halfPoints`
 * when it already fits, otherwise smaller down to 70 % of it (the PDF's floor), rounded down to a
 * half-point.
 */
export function fittingSize(text: string, bold: boolean, halfPoints: number, widthPt: number): number {
  const widest = widestWordPt(text, bold, halfPoints / 2);
  if (widest <= widthPt) return halfPoints;
  return Math.max(Math.ceil(halfPoints * 0.7), Math.floor((halfPoints * widthPt) / widest));
}
