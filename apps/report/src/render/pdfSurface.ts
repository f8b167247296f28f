import type { DrawingSurface, FontName, SurfaceTextOptions } from './surface.js';

/**
 * The drawing surface over a pdfkit document: every call is the pdfkit call the figures made before
 * the surface existed, in the same order, so the report's pages are unchanged. The document must
 * have the fonts 'sans' and 'sans-bold' registered (ReportDocument and figureFiles do).
 */
export class PdfSurface implements DrawingSurface {
  constructor(readonly doc: PDFKit.PDFDocument) {}

  font(name: FontName, size?: number): this {
    this.doc.font(name);
    if (size !== undefined) this.doc.fontSize(size);
    return this;
  }
  fontSize(size: number): this {
    this.doc.fontSize(size);
    return this;
  }
  widthOfString(text: string): number {
    return this.doc.widthOfString(text);
  }
  heightOfString(text: string, width: number): number {
    return this.doc.heightOfString(text, { width });
  }
  lineHeight(): number {
    return this.doc.currentLineHeight(true);
  }
  text(text: string, x: number, y: number, options: SurfaceTextOptions = {}): this {
    this.doc.text(text, x, y, { ...options });
    return this;
  }
  fillColor(colour: string): this {
    this.doc.fillColor(colour);
    return this;
  }
  fillOpacity(opacity: number): this {
    this.doc.fillOpacity(opacity);
    return this;
  }
  strokeColor(colour: string): this {
    this.doc.strokeColor(colour);
    return this;
  }
  lineWidth(width: number): this {
    this.doc.lineWidth(width);
    return this;
  }
  lineJoin(join: 'miter' | 'round' | 'bevel'): this {
    this.doc.lineJoin(join);
    return this;
  }
  dash(pattern: readonly number[] | null): this {
    // pdfkit accepts an array of lengths (a PDF dash array); its type declarations only know a number.
    if (pattern === null) this.doc.undash();
    else this.doc.dash([...pattern] as unknown as number, { phase: 0 });
    return this;
  }
  moveTo(x: number, y: number): this {
    this.doc.moveTo(x, y);
    return this;
  }
  lineTo(x: number, y: number): this {
    this.doc.lineTo(x, y);
    return this;
  }
  rect(x: number, y: number, w: number, h: number): this {
    this.doc.rect(x, y, w, h);
    return this;
  }
  circle(x: number, y: number, r: number): this {
    this.doc.circle(x, y, r);
    return this;
  }
  polygon(...points: readonly (readonly [number, number])[]): this {
    this.doc.polygon(...points.map((p) => [p[0], p[1]] as [number, number]));
    return this;
  }
  stroke(): this {
    this.doc.stroke();
    return this;
  }
  fill(colour?: string): this {
    if (colour === undefined) this.doc.fill();
    else this.doc.fill(colour);
    return this;
  }
  save(): this {
    this.doc.save();
    return this;
  }
  restore(): this {
    this.doc.restore();
    return this;
  }
  rotate(angle: number, origin: readonly [number, number]): this {
    this.doc.rotate(angle, { origin: [origin[0], origin[1]] });
    return this;
  }
}
