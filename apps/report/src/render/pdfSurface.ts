import type { DevicePoints } from './deviceCells.js';
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
  circles(points: DevicePoints, r: number): this {
    const n = points.x.length;
    if (n === 0) return this;
    const name = circleMark(this.doc, r);
    // One content string for all the marks: pdfkit turns every operator it writes into its own
    // byte array, which for a scatter of thousands of points is most of the figure's cost.
    const ops = new Array<string>(n);
    for (let k = 0; k < n; k++)
      ops[k] = `q 1 0 0 1 ${num(points.x[k]!)} ${num(points.y[k]!)} cm /${name} Do Q`;
    this.doc.addContent(ops.join('\n'));
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

/** The circle marks defined in each document, by radius: one Form XObject each, shared by its pages. */
const MARKS = new WeakMap<PDFKit.PDFDocument, Map<number, { name: string; ref: PDFKit.PDFKitReference }>>();

/** pdfkit's circle (four Bézier quarters, KAPPA = 4(√2 − 1)/3), so a mark looks as `circle` drew it. */
const KAPPA = (4 * (Math.SQRT2 - 1)) / 3;

/**
 * The name, on the current page, of a Form XObject stroking a circle of radius `r` about the
 * origin: drawn at a point by translating to it (`cm`) and invoking it (`Do`), in the stroke colour
 * and line width in force there (a form inherits the graphics state), ~40 bytes a mark instead of
 * the ~200 of four curves.
 */
function circleMark(doc: PDFKit.PDFDocument, r: number): string {
  let marks = MARKS.get(doc);
  if (marks === undefined) MARKS.set(doc, (marks = new Map()));
  let mark = marks.get(r);
  if (mark === undefined) {
    const b = r + 4;
    const ref = doc.ref({
      Type: 'XObject',
      Subtype: 'Form',
      FormType: 1,
      BBox: [-b, -b, b, b],
      Resources: {},
    });
    const o = num(r * KAPPA);
    const e = num(r);
    ref.end(
      `-${e} 0 m -${e} -${o} -${o} -${e} 0 -${e} c ${o} -${e} ${e} -${o} ${e} 0 c ` +
        `${e} ${o} ${o} ${e} 0 ${e} c -${o} ${e} -${e} ${o} -${e} 0 c h S`,
    );
    mark = { name: `Circle${marks.size + 1}`, ref };
    marks.set(r, mark);
  }
  // The page's resources must name the form; pdfkit's page keeps them in `xobjects`.
  (doc.page as unknown as { xobjects: Record<string, unknown> }).xobjects[mark.name] = mark.ref;
  return mark.name;
}

/** A number in a content stream: two decimals (a hundredth of a point), as short as it goes. */
function num(v: number): string {
  return String(Math.round(v * 100) / 100);
}
