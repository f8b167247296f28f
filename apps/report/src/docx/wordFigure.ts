import { AlignmentType, ImageRun, Paragraph, TextRun } from 'docx';
import { ReportError } from '../errors.js';
import { WORD_STYLE } from './wordStyle.js';

/** A figure image for the Word document, as the figure files are written (PNG). */
export interface DocxFigure {
  /** "FIGURE 1", as the PDF labels it. */
  readonly title: string;
  /** The legend, as in the PDF. */
  readonly caption: string;
  readonly png: Uint8Array;
  readonly widthPx: number;
  readonly heightPx: number;
  /** Resolution the PNG was rendered at, which sets its size on the page (default 300, print quality). */
  readonly dpi?: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** docx sizes images in CSS pixels, 96 to the inch. */
const DOCX_PX_PER_INCH = 96;
const TWIPS_PER_INCH = 1440;

/**
 * The figure as two paragraphs, the image kept with its legend below it. The image keeps its aspect
 * ratio at its printed size (pixels / dpi), shrunk to fit the text block when larger.
 * @throws ReportError when the bytes are not a PNG or the stated size is not a positive pixel count.
 */
export function wordFigure(
  figure: DocxFigure,
  box: { readonly widthTwips: number; readonly heightTwips: number },
): Paragraph[] {
  const { widthPx, heightPx } = figure;
  const dpi = figure.dpi ?? 300;
  if (!PNG_SIGNATURE.every((b, i) => figure.png[i] === b))
    throw new ReportError(`Word figure ${figure.title}: the image is not a PNG file (no PNG signature)`);
  for (const [name, value] of [
    ['widthPx', widthPx],
    ['heightPx', heightPx],
    ['dpi', dpi],
  ] as const)
    if (!Number.isInteger(value) || value <= 0)
      throw new ReportError(`Word figure ${figure.title}: ${name} is ${value}; expected a positive integer`);
  const inches = (twips: number) => twips / TWIPS_PER_INCH;
  const scale = Math.min(
    1,
    inches(box.widthTwips) / (widthPx / dpi),
    inches(box.heightTwips) / (heightPx / dpi),
  );
  const px = (n: number) => Math.round((n / dpi) * scale * DOCX_PX_PER_INCH);
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      keepNext: true,
      children: [
        new ImageRun({
          type: 'png',
          data: figure.png,
          transformation: { width: px(widthPx), height: px(heightPx) },
          altText: { name: figure.title, title: figure.title, description: figure.caption },
        }),
      ],
    }),
    new Paragraph({
      spacing: { before: 120 },
      children: [
        new TextRun({ text: `${figure.title}  `, bold: true, size: WORD_STYLE.captionSize }),
        new TextRun({ text: figure.caption, size: WORD_STYLE.captionSize }),
      ],
    }),
  ];
}
