// The rows and geometry of a forest plot (forestPlot.ts draws them): one line per subgroup level
// (per arm under a level with k > 2 arms), their wrapped heights, the columns and the log axis.
import { hazardRatioTicks } from '../analysis/ticks.js';
import type { ForestArm, ForestLevel, ForestResult } from '../analysis/types.js';
import { formatP, formatStatistic } from '../format/index.js';
import type { DrawingSurface, FigureFrame } from './surface.js';

/** The figure's text size in points (its notes are set 0.4 pt smaller). */
export const FONT = 7.4;

/** One row of the plot: a variable, a subgroup level or an arm, with what its columns show. */
export interface Line {
  readonly text: string;
  readonly bold: boolean;
  /** 0: variable or Overall, 1: subgroup level, 2: arm under a level (k > 2 arms). */
  readonly depth: number;
  readonly level: ForestLevel | null;
  readonly arm: ForestArm | null;
  readonly armIndex: number;
  readonly interaction: string;
  /** Height of the label, which may wrap onto a second line. */
  height: number;
}

/** With two arms one line per level carries the only HR; with k arms each level gets one line per arm. */
export function buildLines(forest: ForestResult): Line[] {
  const k = forest.overall.arms.length;
  const lines: Line[] = [];
  const add = (text: string, bold: boolean, depth: number, level: ForestLevel | null, interaction = '') => {
    if (level === null || k === 1) {
      lines.push({
        text,
        bold,
        depth,
        level,
        arm: level?.arms[0] ?? null,
        armIndex: 0,
        interaction,
        height: 0,
      });
      return;
    }
    lines.push({ text, bold, depth, level, arm: null, armIndex: -1, interaction, height: 0 });
    level.arms.forEach((arm, i) => {
      lines.push({
        text: arm.label,
        bold: false,
        depth: depth + 1,
        level: null,
        arm,
        armIndex: i,
        interaction: '',
        height: 0,
      });
    });
  };
  add('Overall', true, 0, forest.overall);
  for (const v of forest.variables) {
    add(v.label, true, 0, null, formatP(v.interactionP));
    for (const l of v.levels) add(l.label, false, 1, l);
  }
  return lines;
}

/** Where everything of one forest plot sits: columns, the log axis and its ticks, the row height. */
export interface Geometry {
  readonly x0: number;
  readonly W: number;
  readonly rowH: number;
  readonly col: { label: number; n: number; events: number; plot: number; text: number; p: number };
  readonly plotW: number;
  readonly ticks: readonly number[];
  readonly sx: (hr: number) => number;
}

export function geometry(frame: FigureFrame, lines: readonly Line[], rowH: number): Geometry {
  const W = frame.width;
  const x0 = frame.left;
  const col = {
    label: x0,
    n: x0 + W * 0.27,
    events: x0 + W * 0.33,
    plot: x0 + W * 0.41,
    text: x0 + W * 0.74,
    p: x0 + W * 0.92,
  };
  const plotW = W * 0.31;
  const finite = lines
    .flatMap((l) =>
      l.arm !== null && l.arm.hazardRatio !== null
        ? [l.arm.lower ?? l.arm.hazardRatio, l.arm.upper ?? l.arm.hazardRatio]
        : [],
    )
    .filter((v) => Number.isFinite(v) && v > 0);
  const ticks = hazardRatioTicks(
    Math.max(0.05, Math.min(0.5, ...finite)),
    Math.min(20, Math.max(2, ...finite)),
  );
  const a = Math.log(ticks[0]!);
  const b = Math.log(ticks[ticks.length - 1]!);
  const sx = (hr: number) => col.plot + ((Math.log(hr) - a) / (b - a)) * plotW;
  return { x0, W, rowH, col, plotW, ticks, sx };
}

/** "Interaction: likelihood-ratio tests — Sex χ² = 7.68, 2 df; …": the df behind each P for interaction. */
export function interactionNote(forest: ForestResult): string {
  const tests = forest.variables.flatMap((v) =>
    v.interaction === null
      ? []
      : [`${v.label} χ² = ${formatStatistic(v.interaction.statistic)}, ${v.interaction.df} df`],
  );
  const notConverged = forest.variables.filter((v) => v.interactionNotEstimable === 'not-converged');
  return [
    tests.length === 0
      ? ''
      : `P for interaction: likelihood-ratio test of the group × subgroup interaction (${tests.join('; ')}).`,
    notConverged.length === 0
      ? ''
      : `P for interaction: ${notConverged.map((v) => v.label).join(', ')}: not estimable — ${NOT_CONVERGED_REASON}.`,
  ]
    .filter((t) => t !== '')
    .join(' ');
}

/** In the words of Tables 2–3's footnote for such a model (coxTableSpec.ts). */
const NOT_CONVERGED_REASON =
  'the interaction model’s iterations ran out before converging (R’s coxph: “Ran out of iterations and did not converge”)';

/** Label widths: a quarter of the figure, less the indent of a level or an arm. */
export function labelWidth(width: number, line: Line): number {
  return width * 0.26 - 8 * line.depth;
}

/** Sets each line's height: a long label wraps and its row grows, rather than overprint the row below. */
export function measureLines(s: DrawingSurface, lines: readonly Line[], width: number, rowH: number): void {
  for (const line of lines) {
    s.font(line.bold ? 'sans-bold' : 'sans', FONT);
    line.height = Math.max(rowH, s.heightOfString(line.text, labelWidth(width, line)) + rowH - FONT);
  }
}

/** The height of the parts of a forest plot other than its rows; `captionH` 0 for a figure file. */
export function fixedHeight(forest: ForestResult, noteH: number, captionH: number): number {
  return 3 * 12 + 30 + captionH + 12 + (forest.overall.arms.length > 1 ? 12 : 0) + noteH;
}

/** Height of the interaction note at `width`, with the gap under it; 0 without one. */
export function noteHeight(s: DrawingSurface, note: string, width: number): number {
  return note === '' ? 0 : s.font('sans', FONT - 0.4).heightOfString(note, width) + 2;
}
