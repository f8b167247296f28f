/** Group colours: distinguishable in print and for the common colour-vision deficiencies (Okabe–Ito). */
export const GROUP_COLOURS = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#000000',
] as const;

export function groupColour(i: number): string {
  return GROUP_COLOURS[i % GROUP_COLOURS.length] ?? '#000000';
}
