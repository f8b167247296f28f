/**
 * The Word document's typography. Units are Word's own: font sizes in half-points, lengths in twips
 * (1/20 pt), rules in eighths of a point. Times New Roman is what journals' author guidelines ask
 * for and what every editor's Word has; the PDF's sans face (DejaVu) is not installed on most of them.
 */
export const WORD_STYLE = {
  font: 'Times New Roman',
  bodySize: 22,
  titleSize: 32,
  headingSize: 24,
  captionSize: 22,
  tableSize: 20,
  /** Line height of table body text (11.5 pt for 10 pt type). */
  tableLeading: 230,
  footnoteSize: 18,
  /** The top and bottom rules (1 pt) and the rule under the header (½ pt). */
  thickRule: 8,
  thinRule: 4,
  /** One inch all round: the text block is the table's width. */
  margin: 1440,
  cellPadY: 30,
  cellPadX: 80,
  /** A level row under its variable: 9 pt per level, as the PDF. */
  indent: 180,
  captionBefore: 0,
  captionAfter: 100,
  footnoteGap: 40,
  /** Page sizes in twips. */
  pages: {
    a4: { width: 11906, height: 16838 },
    letter: { width: 12240, height: 15840 },
  },
} as const;
