import type { SchoenfeldPlotData } from '../analysis/schoenfeldTypes.js';
import type { AnalysisResult, ForestResult, KmComparison, SensitivityResult } from '../analysis/types.js';
import { inSentence, type ReportFormat, reportFormat } from '../format/reportFormat.js';
import type { AnalysisPlan } from '../plan/schema.js';
import { omittedMarksSentence } from './censorMarks.js';
import type { ReportDocument } from './document.js';
import { drawFlow, drawFlowBody } from './flow.js';
import { drawForestBody, drawForestFigure } from './forestPlot.js';
import { landmarkCaption } from './immortalTimeSpecs.js';
import { drawKmBody, drawKmFigure, type KmFigureOptions } from './kmPlot.js';
import { matchedKmCaption, matchedKmTestLine, weightedKmCaption } from './propensitySpecs.js';
import { hazardRatioPhrase } from './prose.js';
import { drawSchoenfeldBody, drawSchoenfeldFigure } from './schoenfeldPlot.js';
import { schoenfeldCaption } from './sensitivitySpecs.js';
import type { DrawingSurface, FigureFrame } from './surface.js';

/**
 * Journal column widths in millimetres: most clinical journals (Elsevier, Springer, Frontiers) set
 * figures at one column of about 85 mm or the full text width of about 175 mm.
 */
export const COLUMN_WIDTH_MM = { single: 85, double: 175 } as const;
export type ColumnWidth = keyof typeof COLUMN_WIDTH_MM;

/** Figure files are sized in whole pixels at 300 dpi, so the SVG, the PDF and the PNG agree exactly. */
export const FIGURE_DPI = 300;

/** White space around a figure file's drawing, in points: the forest plot's top rule sits 3 pt above its frame. */
const PAD = 6;

/**
 * Why a Kaplan–Meier figure is double column: its legend is a table (group, n, events, median with
 * CI in a column about 30 mm wide, survival at each landmark time) and the median column alone ends
 * past 85 mm at 7.6 pt; in one column the landmark survival would move onto lines of its own and the
 * number-at-risk columns would crowd at 9 ticks.
 */
export const KM_COLUMN_REASON =
  'double column (175 mm): the legend is a table of n, events, median (CI) and landmark survival that needs about 130 mm at 7.6 pt';

/** Why a forest plot is double column. */
export const FOREST_COLUMN_REASON =
  'double column (175 mm): six columns of 7–7.4 pt text (subgroup, n, events, the log axis, HR (95% CI), P for interaction) need the full width';

/** Why a Schoenfeld residual plot is double column. */
export const SCHOENFELD_COLUMN_REASON =
  'double column (175 mm): a legend sentence above the plot, and the residuals of every event spread along the time axis';

/** Why the flow diagram is double column. */
export const FLOW_COLUMN_REASON =
  'double column (175 mm): the exclusion box lists each reason beside the main boxes, as on the report page';

/** One figure of the report, independent of where it is drawn. */
export interface ReportFigure {
  /** 1-based, as in the PDF ("FIGURE 2"); null for the patient-flow diagram, which the PDF does not number. */
  readonly number: number | null;
  /** The PDF's label, "FIGURE 2", or the flow diagram's heading, "Patient flow". */
  readonly label: string;
  /** The PDF's caption after the label (the flow diagram's is written here: the PDF has none). */
  readonly caption: string;
  /** A stable file name without extension: "figure-1-km-overall-survival", "flow-diagram". */
  readonly fileStem: string;
  readonly column: ColumnWidth;
  /** Why this width: a sentence for the README and the run's listing. */
  readonly columnReason: string;
  /** The analysis result the figure shows (a KmComparison, ForestResult, SchoenfeldPlotData …). */
  readonly of: unknown;
  /** Draws the figure (without its caption) in `frame`; returns the y of its lowest mark. */
  readonly draw: (surface: DrawingSurface, frame: FigureFrame) => number;
  /** Draws the figure with its caption on the report's page, breaking the page where it must. */
  readonly drawOnPage: (report: ReportDocument) => void;
}

/**
 * Every figure of the report in the PDF's order with the PDF's numbers and captions: the patient-flow
 * diagram (unnumbered, as in the PDF), the Kaplan–Meier
 * figure of each endpoint, the forest plot of each endpoint with subgroup variables, then the
 * Kaplan–Meier figures of each subgroup, the Schoenfeld residual plots of the sensitivity analyses
 * the landmark Kaplan–Meier figures, and per endpoint the IPTW-weighted and the PS-matched Kaplan–Meier
 * figures of the propensity analysis. The report
 * page (renderReport), the figure files and the Word document all take their figures from here, so
 * numbers and captions are written once; renderReport checks it meets them in this order.
 * Every figure takes the full text width (175 mm); see KM_COLUMN_REASON and FOREST_COLUMN_REASON.
 */
export function reportFigures(result: AnalysisResult, plan: AnalysisPlan): ReportFigure[] {
  const list: FigureList = { result, plan, fmt: reportFormat(plan.format), figures: [] };
  const group = inSentence(result.group.label);
  for (const km of result.survival)
    addKm(list, km, `${km.label} (${km.abbreviation}) by ${group} in ${result.population}.`, slug(km.label));
  for (const forest of result.forest) if (forest.variables.length > 0) addForest(list, forest);
  for (const sub of result.subgroupKm)
    for (const km of sub.comparisons)
      addKm(
        list,
        km,
        `${km.label} (${km.abbreviation}) by ${group} in the ${sub.label} (n = ${sub.n}).`,
        `${slug(km.label)}-${slug(sub.label)}`,
      );
  for (const sens of result.sensitivity ?? [])
    for (const z of sens.schoenfeld ?? []) addSchoenfeld(list, sens, z);
  for (const r of result.immortalTime ?? [])
    r.landmarks.forEach((l, i) => {
      addKm(list, l.km, landmarkCaption(result, r, i), `${slug(r.label)}-landmark-${i + 1}`, {
        xLabel: `Time from the landmark (${r.timeUnit})`,
        yLabel: `${r.label} probability`,
      });
    });
  // Per endpoint, the IPTW-weighted curves, then those of the PS-matched sample.
  for (const e of result.propensity?.endpoints ?? []) {
    if (e.weightedKm !== null)
      addKm(
        list,
        e.weightedKm,
        weightedKmCaption(result, e),
        `${slug(e.label)}-iptw-weighted`,
        { yLabel: `${e.label} probability (weighted)` },
        { weighted: true },
      );
    if (e.matchedKm !== null)
      addKm(
        list,
        e.matchedKm,
        matchedKmCaption(result, e),
        `${slug(e.label)}-ps-matched`,
        { yLabel: `${e.label} probability (matched)` },
        {
          ...(result.propensity!.matching!.unitWeights ? {} : { weighted: true }),
          testLine: matchedKmTestLine(result, e, list.fmt),
        },
      );
  }
  return [flowFigure(result), ...list.figures];
}

/** The numbered figures so far; the next one is number `figures.length + 1`. */
interface FigureList {
  readonly result: AnalysisResult;
  readonly plan: AnalysisPlan;
  readonly fmt: ReportFormat;
  readonly figures: ReportFigure[];
}

/** The patient-flow diagram: unnumbered, as in the PDF, whose page has a heading instead of a caption. */
function flowFigure(result: AnalysisResult): ReportFigure {
  return {
    number: null,
    label: 'Patient flow',
    caption: `Flow of patients: screened, excluded (with the reasons), analysed, and by ${inSentence(result.group.label)}.`,
    fileStem: 'flow-diagram',
    column: 'double',
    columnReason: FLOW_COLUMN_REASON,
    of: result.flow,
    draw: (s, frame) => drawFlowBody(s, result, frame),
    drawOnPage: (report) => drawFlow(report, result),
  };
}

function addKm(
  { result, plan, fmt, figures }: FigureList,
  km: KmComparison,
  caption: string,
  stem: string,
  axes: Pick<KmFigureOptions, 'xLabel' | 'yLabel'> = { yLabel: `${km.label} probability` },
  extra: Pick<KmFigureOptions, 'weighted' | 'testLine'> = {},
): void {
  const number = figures.length + 1;
  // Said once, here, so the PDF, the figure files and the Word captions agree.
  const fullCaption = caption + omittedMarksSentence(km.curves, km.xMax);
  const options: KmFigureOptions = {
    label: `FIGURE ${number}`,
    caption: fullCaption,
    confidenceBands: plan.survival.confidenceBands,
    confLevel: result.confLevel,
    ...axes,
    format: fmt,
    ...extra,
  };
  figures.push({
    number,
    label: options.label,
    caption: fullCaption,
    fileStem: `figure-${number}-km-${stem}`,
    column: 'double',
    columnReason: KM_COLUMN_REASON,
    of: km,
    draw: (s, frame) => drawKmBody(s, km, options, frame),
    drawOnPage: (report) => drawKmFigure(report, km, options),
  });
}

function addForest({ result, fmt, figures }: FigureList, forest: ForestResult): void {
  const number = figures.length + 1;
  const options = {
    label: `FIGURE ${number}`,
    caption: `Subgroup analysis of ${inSentence(forest.label)} (${forest.abbreviation}): ${hazardRatioPhrase(result)} within each subgroup.`,
    groupLevels: result.group.levels.map((l) => l.level),
    format: fmt,
  };
  figures.push({
    number,
    label: options.label,
    caption: options.caption,
    fileStem: `figure-${number}-forest-${slug(forest.label)}`,
    column: 'double',
    columnReason: FOREST_COLUMN_REASON,
    of: forest,
    // The page's tallest rows: a figure file has no page to fit.
    draw: (s, frame) => drawForestBody(s, forest, options, frame, 12),
    drawOnPage: (report) => drawForestFigure(report, forest, options),
  });
}

function addSchoenfeld({ figures, fmt }: FigureList, sens: SensitivityResult, z: SchoenfeldPlotData): void {
  const number = figures.length + 1;
  const options = {
    label: `FIGURE ${number}`,
    caption: schoenfeldCaption(sens, z, fmt),
    timeUnit: sens.timeUnit,
  };
  figures.push({
    number,
    label: options.label,
    caption: options.caption,
    fileStem: `figure-${number}-schoenfeld-${slug(sens.label)}-${slug(z.label)}`,
    column: 'double',
    columnReason: SCHOENFELD_COLUMN_REASON,
    of: z,
    draw: (s, frame) => drawSchoenfeldBody(s, z, options, frame),
    drawOnPage: (report) => drawSchoenfeldFigure(report, z, options),
  });
}

/** The width of a column in points, rounded to whole 300-dpi pixels. */
export function pointsOfColumn(column: ColumnWidth): number {
  return (pixelsOfColumn(column) * 72) / FIGURE_DPI;
}

/** The width of a column in whole 300-dpi pixels. */
export function pixelsOfColumn(column: ColumnWidth): number {
  return Math.round((COLUMN_WIDTH_MM[column] / 25.4) * FIGURE_DPI);
}

/** The size of a figure file: the column's width, and the drawing's height rounded up to whole pixels. */
export interface FigureSize {
  readonly widthPt: number;
  readonly heightPt: number;
  readonly widthPx: number;
  readonly heightPx: number;
}

/** Draws `figure` on `surface` inside the file's padding; returns the size the file must have. */
export function drawFigureFile(figure: ReportFigure, surface: DrawingSurface): FigureSize {
  const widthPx = pixelsOfColumn(figure.column);
  const widthPt = pointsOfColumn(figure.column);
  const bottom = figure.draw(surface, { left: PAD, top: PAD, width: widthPt - 2 * PAD });
  const heightPx = Math.ceil(((bottom + PAD) / 72) * FIGURE_DPI);
  return { widthPt, heightPt: (heightPx * 72) / FIGURE_DPI, widthPx, heightPx };
}

/** "Overall survival — Stage III/IV" → "overall-survival-stage-iii-iv": ASCII, stable across runs. */
export function slug(text: string): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
  return s === '' ? 'figure' : s;
}
