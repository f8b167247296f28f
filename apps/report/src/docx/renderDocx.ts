import {
  AlignmentType,
  Document,
  Footer,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  type Table,
  TextRun,
} from 'docx';
import type { AnalysisResult } from '../analysis/types.js';
import { reportFormat } from '../format/reportFormat.js';
import type { AnalysisPlan } from '../plan/schema.js';
import type { PaperSize } from '../render/document.js';
import { reportTableSpecs } from './reportTables.js';
import { type DocxFigure, wordFigure } from './wordFigure.js';
import { WORD_STYLE } from './wordStyle.js';
import { wordTable } from './wordTable.js';

export interface DocxInput {
  readonly result: AnalysisResult;
  readonly plan: AnalysisPlan;
  readonly paper: PaperSize;
  /** Figure images with their legends, placed after the tables, one per page (none: tables only). */
  readonly figures?: readonly DocxFigure[];
}

/** Room a figure leaves on its page for the legend under it. */
const LEGEND_ROOM = 2 * 1440;

/**
 * The report's tables (and figures, when given) as a Word document for a journal submission: a title
 * block with the provenance of the numbers, then each table on its own page as an editable Word
 * table with its caption and footnotes, then each figure on its own page above its legend.
 */
export async function renderDocx(input: DocxInput): Promise<Uint8Array> {
  const { result, plan } = input;
  const page = WORD_STYLE.pages[input.paper];
  const width = page.width - 2 * WORD_STYLE.margin;
  const height = page.height - 2 * WORD_STYLE.margin;
  const tables = reportTableSpecs(result, reportFormat(plan.format));
  const body: (Paragraph | Table)[] = [...titleBlock(result)];
  tables.forEach((spec, i) => {
    if (i > 0) body.push(new Paragraph({ pageBreakBefore: true, children: [] }));
    body.push(...wordTable(spec, width));
  });
  for (const figure of input.figures ?? []) {
    body.push(new Paragraph({ pageBreakBefore: true, children: [] }));
    body.push(...wordFigure(figure, { widthTwips: width, heightTwips: height - LEGEND_ROOM }));
  }
  const doc = new Document({
    title: result.title,
    subject: `Survival analysis of ${result.source.fileName}: tables`,
    creator: `survkit ${result.software.survkit}`,
    styles: {
      default: {
        document: {
          run: { font: WORD_STYLE.font, size: WORD_STYLE.bodySize },
          paragraph: { spacing: { after: 0 } },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: page.width, height: page.height },
            margin: {
              top: WORD_STYLE.margin,
              bottom: WORD_STYLE.margin,
              left: WORD_STYLE.margin,
              right: WORD_STYLE.margin,
            },
          },
        },
        footers: { default: pageNumberFooter() },
        children: body,
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/** The title, where the numbers come from, and the synthetic-data notice of the built-in cohort. */
function titleBlock(result: AnalysisResult): Paragraph[] {
  const small = (text: string) =>
    new Paragraph({
      spacing: { after: 60 },
      children: [new TextRun({ text, size: WORD_STYLE.footnoteSize, color: '555555' })],
    });
  const out = [
    new Paragraph({
      spacing: { after: 160 },
      keepLines: true,
      children: [new TextRun({ text: result.title, bold: true, size: WORD_STYLE.titleSize })],
    }),
    small(
      `Tables generated from ${result.source.fileName} (SHA-256 ${result.source.sha256}) on ${result.generatedAt} by survkit ${result.software.survkit}.`,
    ),
    small(`Data dictionary: ${result.source.dictionaryName}. Analysis plan: ${result.source.planSource}.`),
  ];
  if (result.source.synthetic)
    out.push(
      new Paragraph({
        spacing: { before: 120, after: 120 },
        shading: { type: ShadingType.CLEAR, fill: 'FFF4E5', color: 'auto' },
        children: [
          new TextRun({
            text: `SYNTHETIC DATA — the built-in cohort is simulated by a seeded script${result.source.seed !== null ? ` (seed ${result.source.seed})` : ''}; it describes no real patient. Its numbers illustrate the method and are not clinical evidence.`,
            bold: true,
            color: '8A3200',
            size: WORD_STYLE.footnoteSize,
          }),
        ],
      }),
    );
  out.push(new Paragraph({ spacing: { after: 240 }, children: [] }));
  return out;
}

function pageNumberFooter(): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ children: [PageNumber.CURRENT], size: WORD_STYLE.footnoteSize })],
      }),
    ],
  });
}
