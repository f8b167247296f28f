// Whether a Kaplan–Meier curve's "+" censoring marks can be read one by one. On a large cohort with
// continuous censoring (registry data: thousands of censorings at hundreds of distinct times) the
// marks print as a solid bar along the curve that hides its steps; the figure then omits them and
// its caption says so, as journals ask ("censoring marks omitted because of their density").
import type { KmCurve } from '../analysis/survivalTypes.js';

/** The time axis cut into this many slots: about 2 pt each on a report's plot, half a mark's width. */
const SLOTS = 200;
/** A curve's marks form a bar when this share of the slots between its first and last censoring hold one. */
const BAR_SHARE = 0.8;
/** Fewer marked slots than this stay readable however close together they are. */
const MIN_SLOTS = 40;

/**
 * Whether the curve's censoring marks would print as a bar: at least {@link BAR_SHARE} of the
 * slots (1/{@link SLOTS} of the time axis each) from its first to its last censoring hold one, and
 * at least {@link MIN_SLOTS} do. The rule reads times on the axis's own scale, so the PDF, the figure
 * files and the web page decide alike whatever their size.
 */
export function censorMarksFormBar(curve: Pick<KmCurve, 'time' | 'nCensor'>, xMax: number): boolean {
  if (!(xMax > 0)) return false;
  const occupied = new Uint8Array(SLOTS + 1);
  let first = SLOTS;
  let last = -1;
  let marked = 0;
  for (let k = 0; k < curve.time.length; k++) {
    if ((curve.nCensor[k] ?? 0) === 0) continue;
    const slot = Math.min(SLOTS, Math.max(0, Math.floor((curve.time[k]! / xMax) * SLOTS)));
    if (occupied[slot] === 1) continue;
    occupied[slot] = 1;
    marked++;
    if (slot < first) first = slot;
    if (slot > last) last = slot;
  }
  return marked >= MIN_SLOTS && marked >= BAR_SHARE * (last - first + 1);
}

/**
 * The caption's sentence for the curves whose marks are omitted ('' when none is): names the groups
 * when only some of a comparison's curves lose their marks.
 */
export function omittedMarksSentence(curves: readonly KmCurve[], xMax: number): string {
  const omitted = curves.filter((c) => censorMarksFormBar(c, xMax));
  if (omitted.length === 0) return '';
  const censored = (c: KmCurve) => c.nCensor.reduce((a, b) => a + b, 0);
  const whose =
    omitted.length === curves.length
      ? 'the curves'
      : `the ${omitted.map((c) => c.label).join(', ')} curve${omitted.length > 1 ? 's' : ''}`;
  const counts = omitted.map((c) => String(censored(c)));
  const listed = counts.length === 1 ? counts[0] : `${counts.slice(0, -1).join(', ')} and ${counts.at(-1)}`;
  return ` Censoring marks are omitted on ${whose} (${listed} censored observations): at this density they would print as a solid bar over the curve.`;
}
