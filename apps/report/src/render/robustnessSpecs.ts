// The robustness table: the treatment effect of a two-arm comparison as every analysis of the
// report estimates it, side by side — the table a reviewer of a non-randomised comparison reads
// first. It computes nothing: each row repeats a number of the table it comes from (Cox tables,
// landmark/time-dependent, propensity, RMST/E-value), which the caption names.
import type { ImmortalTimeResult } from '../analysis/immortalTimeTypes.js';
import type { PropensityEndpoint } from '../analysis/propensityTypes.js';
import type { AnalysisResult, CoxLevelRow, CoxTable, SensitivityResult } from '../analysis/types.js';
import { formatNumber, formatP, NOT_ESTIMABLE, timeDigits } from '../format/index.js';
import type { ReportFormat } from '../format/reportFormat.js';
import { signedEstimate } from './sensitivitySpecs.js';
import type { TableRow, TableSpec } from './table.js';

/** A hazard ratio with the patients and events of its model; null when the analysis gave none. */
interface Estimate {
  readonly n: number | null;
  readonly events: number | null;
  readonly hazardRatio: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly pValue: number | null;
}

/** A plan-given time as written (6 months), any other at the unit's usual decimals. */
const timeText = (t: number, unit: SensitivityResult['timeUnit']) =>
  Number.isInteger(t) ? String(t) : formatNumber(t, timeDigits(unit));

const capitalised = (s: string) => `${s[0]!.toUpperCase()}${s.slice(1)}`;

function hrRow(analysis: string, e: Estimate | null, fmt: ReportFormat, indent: number): TableRow {
  if (e === null || e.hazardRatio === null || e.lower === null || e.upper === null)
    return { cells: [analysis, '', NOT_ESTIMABLE, ''], indent };
  const counts = e.n === null ? '' : `${e.n} (${e.events})`;
  return {
    cells: [analysis, counts, `HR ${fmt.hazardRatio(e.hazardRatio, e.lower, e.upper)}`, formatP(e.pValue)],
    indent,
  };
}

/** The treated arm's row of the group variable in one of a Cox table's models. */
function coxGroupEstimate(
  result: AnalysisResult,
  table: CoxTable,
  model: 'univariate' | 'multivariable',
): Estimate | null {
  const rows = table[model].find((v) => v?.variable === result.group.variable) ?? null;
  const level: CoxLevelRow | undefined = rows?.levels.find((l) => !l.isReference);
  if (rows === null || level === undefined) return null;
  const n = model === 'multivariable' ? table.multivariableN : rows.n;
  const events = model === 'multivariable' ? table.multivariableEvents : rows.events;
  return { ...level, n, events };
}

/** The rows of one endpoint, in the order the report's sections give them. */
function endpointRows(
  result: AnalysisResult,
  endpoint: string,
  fmt: ReportFormat,
  indent: number,
): TableRow[] {
  const rows: TableRow[] = [];
  const cox = result.cox.find((c) => c.endpoint === endpoint);
  if (cox !== undefined) {
    rows.push(
      hrRow(
        `${capitalised(fmt.univariable)} Cox model`,
        coxGroupEstimate(result, cox, 'univariate'),
        fmt,
        indent,
      ),
    );
    const adjusted = coxGroupEstimate(result, cox, 'multivariable');
    if (adjusted !== null)
      rows.push(hrRow(`${capitalised(fmt.multivariable)} Cox model`, adjusted, fmt, indent));
  }
  const it: ImmortalTimeResult | undefined = result.immortalTime?.find((r) => r.endpoint === endpoint);
  for (const l of it?.landmarks ?? []) {
    const adjusted = l.adjusted !== null;
    rows.push(
      hrRow(
        `Landmark at ${timeText(l.landmark, it!.timeUnit)} ${it!.timeUnit}${adjusted ? ` (${fmt.multivariable})` : ''}`,
        l.adjusted ?? l.unadjusted,
        fmt,
        indent,
      ),
    );
  }
  if (it?.cox) {
    const adjusted = it.cox.adjusted?.timeDependent ?? null;
    rows.push(
      hrRow(
        `Time-dependent treatment${adjusted !== null ? ` (${fmt.multivariable})` : ''}`,
        adjusted ?? it.cox.unadjusted.timeDependent,
        fmt,
        indent,
      ),
    );
  }
  const p: PropensityEndpoint | undefined = result.propensity?.endpoints.find((e) => e.endpoint === endpoint);
  if (p !== undefined && result.propensity !== undefined) {
    const { estimand, stabilize, matching } = result.propensity;
    if (p.weighted !== null)
      rows.push(hrRow(`IPTW (${estimand}${stabilize ? ', stabilised' : ''})`, p.weighted, fmt, indent));
    if (p.matched !== null && matching !== null)
      rows.push(
        hrRow(
          `PS-matched 1:${matching.ratio}${matching.replace ? ' with replacement' : ''}`,
          p.matched,
          fmt,
          indent,
        ),
      );
  }
  rows.push(
    ...effectMeasureRows(
      result.sensitivity?.find((s) => s.endpoint === endpoint),
      fmt,
      indent,
    ),
  );
  return rows;
}

/** The RMST difference and the E-value of the treated arm (the only non-reference arm). */
function effectMeasureRows(s: SensitivityResult | undefined, fmt: ReportFormat, indent: number): TableRow[] {
  const rows: TableRow[] = [];
  const r = s?.rmst?.[0];
  if (s !== undefined && r !== undefined) {
    const d = timeDigits(s.timeUnit);
    rows.push({
      cells: [
        `RMST difference at τ = ${timeText(r.tau, s.timeUnit)} ${s.timeUnit}`,
        `${r.arm.n + r.reference.n} (${r.arm.events + r.reference.events})`,
        `${signedEstimate(r.difference, d, fmt)} ${s.timeUnit}`,
        formatP(r.difference.pValue),
      ],
      indent,
    });
  }
  const e = s?.eValue?.[0];
  if (e !== undefined)
    rows.push({
      cells: [
        `E-value of the ${fmt.multivariable} HR`,
        '',
        `${formatNumber(e.point, 2)} (CI limit: ${formatNumber(e.ci, 2)})`,
        '',
      ],
      indent,
    });
  return rows;
}

/**
 * The treatment effect per endpoint across the report's analyses, or null when the plan asked for
 * none of the analyses that make it more than Table 2 again (landmark/time-dependent, propensity)
 * or the group has more than two arms.
 */
export function robustnessTableSpec(
  result: AnalysisResult,
  label: string,
  fmt: ReportFormat,
): TableSpec | null {
  if (result.group.levels.length !== 2) return null;
  if (result.immortalTime === undefined && result.propensity === undefined) return null;
  const pct = Math.round(result.confLevel * 100);
  const treated = result.group.levels.find((l) => l.level !== result.group.reference)!;
  const reference = result.group.levels.find((l) => l.level === result.group.reference)!;
  const several = result.survival.length > 1;
  const rows: TableRow[] = [];
  for (const km of result.survival) {
    if (several) rows.push({ cells: [`${km.label} (${km.abbreviation})`, '', '', ''], heading: true });
    rows.push(...endpointRows(result, km.endpoint, fmt, several ? 1 : 0));
  }
  return {
    label,
    caption: `${treated.label} vs ${reference.label.toLowerCase()} in every analysis of this report: the hazard ratio (${pct}% CI) of the Cox tables, of the analyses of treatment started during follow-up and of the propensity-score analyses, the difference in restricted mean survival time and the E-value.`,
    widths: [2.8, 1.1, 2.3, 0.8],
    align: ['left', 'center', 'center', 'center'],
    header: [
      [
        { text: 'Analysis' },
        { text: 'n (events)', align: 'center' },
        { text: `Estimate (${pct}% CI)`, align: 'center' },
        { text: 'p', align: 'center' },
      ],
    ],
    rows,
    footnotes: [
      `Each row repeats a number of the table that reports its analysis in full, with its methods: the Cox tables (${fmt.univariable} and ${fmt.multivariable}), the landmark and time-dependent analyses, the propensity-score analyses (robust standard errors) and the RMST/E-value table. HR < 1 favours ${treated.label.toLowerCase()}; a positive RMST difference is a longer mean survival time with ${treated.label.toLowerCase()} up to τ. The E-value is the strength of association an unmeasured confounder would need with both treatment and outcome to explain the adjusted HR away (VanderWeele & Ding 2017).`,
    ],
  };
}
