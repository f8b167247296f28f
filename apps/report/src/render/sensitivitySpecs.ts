import type { SchoenfeldPlotData } from '../analysis/schoenfeldTypes.js';
import type { AnalysisResult, SensitivityResult } from '../analysis/types.js';
import { formatNumber, formatP, formatStatistic, timeDigits } from '../format/index.js';
import { inSentence, type ReportFormat } from '../format/reportFormat.js';
import { type ReportDocument, STYLE } from './document.js';
import { drawTable, type TableRow, type TableSpec, tableNotesHeight } from './table.js';

const ZPH_NOTE = 'zph-global';
const EVALUE_NOTE = 'evalue-rule';

/** A number that may be negative (an RMST difference), with a true minus sign: "−97", not "-97". */
export function signedNumber(x: number, digits: number): string {
  return formatNumber(x, digits).replace(/^-/, '−');
}

/**
 * An interval that may be negative: "−155 to −39". With a negative limit the limits are joined by
 * " to ", since "−155–−39" misreads; otherwise by the plan's separator.
 */
export function signedInterval(lower: number, upper: number, digits: number, fmt: ReportFormat): string {
  return lower < 0 || upper < 0
    ? `${signedNumber(lower, digits)} to ${signedNumber(upper, digits)}`
    : fmt.interval(lower, upper, digits);
}

/** An estimate with its interval, either may be negative: "−97 (−155 to −39)". */
export function signedEstimate(
  x: { readonly estimate: number; readonly lower: number; readonly upper: number },
  digits: number,
  fmt: ReportFormat,
): string {
  return `${signedNumber(x.estimate, digits)} (${signedInterval(x.lower, x.upper, digits, fmt)})`;
}

/** The proportional-hazards check of one endpoint's Cox model: R's cox.zph(fit) table. */
export function phTableSpec(s: SensitivityResult, label: string, fmt: ReportFormat): TableSpec | null {
  const ph = s.ph;
  if (ph === null) return null;
  const model = ph.model === 'multivariable' ? fmt.multivariable : fmt.univariable;
  return {
    label,
    caption: `Test of proportional hazards in the ${model} Cox model of ${inSentence(s.label)} (${s.abbreviation}).`,
    widths: [3.2, 1.1, 0.8, 1.1],
    align: ['left', 'center', 'center', 'center'],
    header: [
      [
        { text: 'Variable' },
        { text: 'χ²', align: 'center' },
        { text: 'df', align: 'center' },
        { text: 'p', align: 'center' },
      ],
    ],
    rows: [
      ...ph.terms.map((t) => ({
        cells: [t.label, formatStatistic(t.chisq), String(t.df), formatP(t.pValue)],
      })),
      {
        cells: [
          { text: 'Global test', notes: [ZPH_NOTE] },
          formatStatistic(ph.global.chisq),
          String(ph.global.df),
          formatP(ph.global.pValue),
        ],
      },
    ],
    footnotes: [
      `Score tests of a time trend in each variable’s scaled Schoenfeld residuals, with time transformed by the Kaplan–Meier estimate (Grambsch & Therneau 1994; R’s cox.zph(fit), transform = "km"); a factor’s indicators are tested jointly. n = ${ph.n}, events = ${ph.events}. A small p suggests the hazard ratio changes over time.`,
    ],
    notes: [{ key: ZPH_NOTE, text: 'Joint test of all variables of the model.' }],
  };
}

/**
 * RMST contrasts and E-values of the group comparison for one endpoint: per non-reference arm, each
 * arm's RMST up to τ, their difference and ratio, then the adjusted HR with its E-values.
 */
export function effectTableSpec(
  result: AnalysisResult,
  s: SensitivityResult,
  label: string,
  fmt: ReportFormat,
): TableSpec | null {
  const rmst = s.rmst ?? [];
  const ev = s.eValue ?? [];
  if (rmst.length === 0 && ev.length === 0) return null;
  const pct = Math.round(result.confLevel * 100);
  const d = timeDigits(s.timeUnit);
  const est = (x: { estimate: number; lower: number; upper: number }, digits: number) =>
    signedEstimate(x, digits, fmt);
  const reference = result.group.levels.find((l) => l.level === result.group.reference)?.label ?? '';
  const armLabels = result.group.levels.filter((l) => l.level !== result.group.reference).map((l) => l.label);
  const heading = armLabels.length > 1;
  const rows: TableRow[] = [];
  for (const arm of armLabels) {
    if (heading) rows.push({ cells: [`${arm} vs ${reference}`, '', ''], heading: true });
    const indent = heading ? 1 : 0;
    const r = rmst.find((x) => x.arm.label === arm);
    if (r !== undefined) {
      const tau = `τ = ${formatNumber(r.tau, d)} ${s.timeUnit}`;
      rows.push(
        { cells: [`RMST, ${r.arm.label} (${tau})`, est(r.arm, d), ''], indent },
        { cells: [`RMST, ${r.reference.label}`, est(r.reference, d), ''], indent },
        {
          cells: [`RMST difference (${s.timeUnit})`, est(r.difference, d), formatP(r.difference.pValue)],
          indent,
        },
        { cells: ['RMST ratio', est(r.ratio, 3), formatP(r.ratio.pValue)], indent },
      );
    }
    const e = ev.find((x) => x.label === arm);
    if (e !== undefined) {
      const hr = { estimate: e.hazardRatio, lower: e.lower, upper: e.upper };
      rows.push(
        { cells: [`Adjusted hazard ratio (${fmt.multivariable})`, est(hr, 3), ''], indent },
        {
          cells: [{ text: 'E-value, hazard ratio', notes: [EVALUE_NOTE] }, formatNumber(e.point, 2), ''],
          indent,
        },
        {
          cells: [{ text: 'E-value, CI limit nearest 1', notes: [EVALUE_NOTE] }, formatNumber(e.ci, 2), ''],
          indent,
        },
      );
    }
  }
  const footnotes: string[] = [];
  if (rmst.length > 0)
    footnotes.push(
      `RMST, restricted mean survival time: the area under the Kaplan–Meier curve up to τ (${rmst[0]!.tauRule === 'given' ? 'τ set in the analysis plan' : 'τ the shorter of the two groups’ longest follow-up times'}); ${pct}% CIs and p from normal approximations, the ratio on the log scale (Uno et al. 2014; R’s survRM2::rmst2).`,
    );
  const outcome =
    s.eValueOutcome === 'rare'
      ? 'the outcome taken as rare, so the HR approximates the risk ratio'
      : 'the outcome taken as common (HR converted to a risk ratio, (1 − 0.5^√HR)/(1 − 0.5^√(1/HR)))';
  return {
    label,
    caption: `Restricted mean survival time and E-values of the ${inSentence(result.group.label)} comparison: ${inSentence(s.label)} (${s.abbreviation}).`,
    widths: [3.2, 2.0, 0.9],
    align: ['left', 'center', 'center'],
    header: [
      [
        { text: 'Measure' },
        { text: `Estimate (${pct}% CI)`, align: 'center' },
        { text: 'p', align: 'center' },
      ],
    ],
    rows,
    footnotes,
    notes: [
      {
        key: EVALUE_NOTE,
        text: `Minimum risk ratio of an unmeasured confounder with both group and outcome that could explain the estimate (or its CI limit nearest 1) away; 1 if the CI contains 1 (VanderWeele & Ding 2017), with ${outcome}.`,
      },
    ],
  };
}

/**
 * Draws a short table on one page: a new page first when its estimated height (caption, rows at the
 * table's line height, footnotes) does not fit, so that its notes are not left alone on the next page.
 */
export function drawShortTable(report: ReportDocument, spec: TableSpec): void {
  const row = STYLE.tableSize * 1.2 + 2 * 2.2;
  const footnotes = tableNotesHeight(report, spec);
  const caption = report.measure(`${spec.label}  ${spec.caption}`, 'sans', STYLE.tableSize + 1) + 8;
  report.ensureSpace(caption + (spec.rows.length + spec.header.length) * row + footnotes + 6);
  drawTable(report, spec);
}

/** Caption of the Schoenfeld residual plot of one group column (R's plot(cox.zph(fit)[j])). */
export function schoenfeldCaption(s: SensitivityResult, z: SchoenfeldPlotData, fmt: ReportFormat): string {
  // The plan's wording (multivariable or multivariate), as the PH table's caption has it.
  const model = s.ph?.model === 'univariable' ? fmt.univariable : fmt.multivariable;
  return `Scaled Schoenfeld residuals of ${z.label} vs ${z.reference} in the ${model} Cox model of ${s.label.toLowerCase()} (${s.abbreviation}) against time, with a natural cubic spline smooth (4 df) and ±2 standard errors (Grambsch & Therneau 1994; R’s plot(cox.zph(fit))). The smooth estimates the log hazard ratio over time; a flat smooth near β̂ supports proportional hazards.`;
}
