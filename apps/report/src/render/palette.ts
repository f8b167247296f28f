/**
 * How the groups of a figure are told apart: a colour from the Okabe–Ito palette (safe for the
 * common colour-vision deficiencies) and a line style, so that the curves still differ when the
 * page is printed in greyscale, where several Okabe–Ito colours have nearly the same grey.
 */
export const GROUP_COLOURS = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#000000',
] as const;

/**
 * Dash patterns (on, off, … in points) in the order solid, dashed, dotted, dash-dot, long dash,
 * dash-dot-dot, long dash-dot; `null` is a solid line. Seven styles for seven colours: the pairing
 * repeats only after seven groups.
 */
export const GROUP_DASHES: readonly (readonly number[] | null)[] = [
  null,
  [5, 2.5],
  [1.5, 1.5],
  [6, 2, 1.2, 2],
  [10, 3],
  [6, 2, 1.2, 2, 1.2, 2],
  [10, 2.5, 2, 2.5],
];

export function groupColour(i: number): string {
  return GROUP_COLOURS[i % GROUP_COLOURS.length] ?? '#000000';
}

export function groupDash(i: number): readonly number[] | null {
  return GROUP_DASHES[i % GROUP_DASHES.length] ?? null;
}

/** Strokes the current path of `doc` in group `i`'s line style (solid or dashed). */
export function applyGroupDash(doc: PDFKit.PDFDocument, i: number): PDFKit.PDFDocument {
  const dash = groupDash(i);
  // pdfkit accepts an array of lengths (a PDF dash array); its type declarations only know a number.
  return dash === null ? doc.undash() : doc.dash([...dash] as unknown as number, { phase: 0 });
}
