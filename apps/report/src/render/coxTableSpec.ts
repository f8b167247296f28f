// Tables 2–3: the univariable and multivariable Cox models side by side, with the notes that say
// why a hazard ratio is missing (infinite, not estimable, NA) and Firth's estimate where it replaces one.
import type { AnalysisResult, CoxLevelRow, CoxTable, CoxVariableRows } from '../analysis/types.js';
import { formatP, formatReference, NOT_AVAILABLE, NOT_ESTIMABLE, pRelation } from '../format/index.js';
import { capitalise, inSentence, type ReportFormat } from '../format/reportFormat.js';
import type { MarkedNote } from './footnotes.js';
import type { Cell, HeaderCell, TableRow, TableSpec } from './table.js';

interface CoxCells {
  hr: Cell;
  p: Cell;
}

const INFINITE = 'infinite';
const FIRTH = 'firth';
const NO_ESTIMATE = 'no-estimate';
const NA_REASON: Record<NonNullable<CoxLevelRow['notEstimable']>, string> = {
  constant:
    'Not estimable (NA): the covariate takes a single value in the patients of this model, so its coefficient is not identified (R’s coxph reports NA).',
  aliased:
    'Not estimable (NA): the covariate is aliased — a linear combination of the other covariates in this model (R’s coxph reports NA).',
  'not-converged':
    'Not estimable: the model’s iterations ran out before converging (R’s coxph: “Ran out of iterations and did not converge”), as when the outcome separates the patients by this covariate; the values where the iterations stopped are not estimates and are not shown.',
};
const naKey = (reason: keyof typeof NA_REASON) => `na:${reason}`;

function coxCells(
  level: CoxLevelRow,
  firthNotes: Map<string, string>,
  where: string,
  fmt: ReportFormat,
): CoxCells {
  if (level.isReference) return { hr: formatReference(), p: '' };
  if (level.notEstimable === 'not-converged')
    return { hr: { text: NOT_ESTIMABLE, notes: [naKey(level.notEstimable)] }, p: NOT_AVAILABLE };
  if (level.notEstimable !== null)
    return { hr: { text: NOT_AVAILABLE, notes: [naKey(level.notEstimable)] }, p: NOT_AVAILABLE };
  if (!level.infinite && level.hazardRatio === null)
    return { hr: { text: NOT_ESTIMABLE, notes: [NO_ESTIMATE] }, p: formatP(level.pValue) };
  if (level.infinite || level.hazardRatio === null) {
    const notes = [INFINITE];
    if (level.firth !== null) {
      notes.push(FIRTH);
      const f = level.firth;
      firthNotes.set(
        where,
        `${where}: ${fmt.hazardRatio(f.hazardRatio, f.lower, f.upper)}, p ${pRelation(f.pValue)}`,
      );
    }
    return { hr: { text: NOT_ESTIMABLE, notes }, p: formatP(level.pValue) };
  }
  return {
    hr: fmt.hazardRatio(level.hazardRatio, level.lower ?? Number.NaN, level.upper ?? Number.NaN),
    p: formatP(level.pValue),
  };
}

/** "Age (per 10 years)": the row label of a continuous covariate. */
function continuousLabel(v: CoxVariableRows): string {
  return `${v.label} (${v.levels[0]?.label ?? ''})`;
}

/** "929 patients, 646 events". */
function modelSize(n: number, events: number): string {
  return `${n} patient${n === 1 ? '' : 's'}, ${events} event${events === 1 ? '' : 's'}`;
}

/** The rows of the two models, and what the cells left for the notes. */
interface CoxBody {
  readonly rows: TableRow[];
  /** Firth's estimate by row name, for the Firth note. */
  readonly firthNotes: Map<string, string>;
  /** The rows the engine flagged (CoxLevelRow.infinite), named in the footnote. */
  readonly infiniteRows: string[];
}

/**
 * Tables 2–3: univariable and multivariable Cox models side by side, in the paper's layout. Each
 * model uses its own complete cases: when the univariable models differ in size, a column gives each
 * model's patients (events); otherwise one footnote line does.
 */
export function coxTableSpec(
  result: AnalysisResult,
  cox: CoxTable,
  label: string,
  fmt: ReportFormat,
): TableSpec {
  const uniWord = fmt.univariable;
  const multiWord = fmt.multivariable;
  const pct = Math.round(result.confLevel * 100);
  const fitted = cox.univariate.filter((u) => u.n > 0);
  const sizes = new Set(fitted.map((u) => `${u.n}/${u.events}`));
  const sizeColumn = sizes.size > 1;
  const body = coxBody(cox, fmt, sizeColumn);
  const footnotes: string[] = [];
  footnotes.push(
    `HR, hazard ratio (${pct}% CI), Cox proportional-hazards model (${result.ties === 'efron' ? 'Efron' : 'Breslow'} ties); p, Wald test. Reference levels are shown as ${formatReference()}.${cox.univariate.some((u) => u.type === 'continuous') ? ' Continuous covariates enter linearly; their HR is per the stated number of units.' : ''}`,
  );
  const [only] = sizes;
  const uniSize =
    sizeColumn || only === undefined
      ? `Each model uses the patients with its covariates known (complete cases); n (events) of each ${uniWord} model as shown.`
      : `${capitalise(uniWord)} models: ${modelSize(fitted[0]!.n, fitted[0]!.events)} each.`;
  footnotes.push(
    `${uniSize} ${capitalise(multiWord)} model: ${cox.multivariableVariables.length === 0 ? 'not fitted' : modelSize(cox.multivariableN, cox.multivariableEvents)}.`,
  );
  return {
    label,
    caption: `${capitalise(uniWord)} and ${multiWord} analysis of the prognostic factors for ${inSentence(cox.label)} (${cox.abbreviation}).`,
    widths: sizeColumn ? [2.2, 0.9, 1.6, 0.6, 1.6, 0.6] : [2.4, 1.75, 0.65, 1.75, 0.65],
    align: ['left', ...(sizeColumn ? ['center' as const] : []), 'center', 'center', 'center', 'center'],
    header: coxHeader(fmt, pct, sizeColumn),
    rows: body.rows,
    footnotes,
    notes: coxNotes(body, pct),
  };
}

/** One row per continuous covariate; a name row and a row per level for a categorical one. */
function coxBody(cox: CoxTable, fmt: ReportFormat, sizeColumn: boolean): CoxBody {
  const uniWord = fmt.univariable;
  const multiWord = fmt.multivariable;
  const body: CoxBody = { rows: [], firthNotes: new Map(), infiniteRows: [] };
  const size = (u: CoxVariableRows): Cell[] => (sizeColumn ? [u.n > 0 ? `${u.n} (${u.events})` : '–'] : []);
  const blank = (): Cell[] => (sizeColumn ? [''] : []);
  cox.univariate.forEach((uni: CoxVariableRows, v) => {
    const multi = cox.multivariable[v] ?? null;
    const cells = (level: CoxLevelRow, i: number, name: string): Cell[] => {
      const u = coxCells(level, body.firthNotes, `${name} (${uniWord})`, fmt);
      const mLevel = multi?.levels[i];
      const m =
        mLevel === undefined
          ? { hr: '', p: '' }
          : coxCells(mLevel, body.firthNotes, `${name} (${multiWord})`, fmt);
      if (level.infinite) body.infiniteRows.push(`${name} (${uniWord})`);
      if (mLevel?.infinite === true) body.infiniteRows.push(`${name} (${multiWord})`);
      return [u.hr, u.p, m.hr, m.p];
    };
    if (uni.type === 'continuous') {
      const level = uni.levels[0];
      const name = continuousLabel(uni);
      body.rows.push({
        cells: [name, ...size(uni), ...(level === undefined ? ['', '', '', ''] : cells(level, 0, name))],
        // Bold like every other variable name (Table 1 sets its continuous rows the same way).
        heading: true,
      });
      return;
    }
    body.rows.push({ cells: [uni.label, ...size(uni)], heading: true });
    uni.levels.forEach((level, i) => {
      body.rows.push({
        cells: [level.label, ...blank(), ...cells(level, i, `${uni.label} = ${level.label}`)],
        indent: 1,
      });
    });
  });
  return body;
}

function coxHeader(fmt: ReportFormat, pct: number, sizeColumn: boolean): HeaderCell[][] {
  const hrHead = `HR (${pct}% CI)`;
  return [
    [
      { text: 'Characteristic' },
      ...(sizeColumn ? [{ text: 'n (events)', align: 'center' as const }] : []),
      { text: capitalise(fmt.univariable), span: 2, align: 'center' },
      { text: capitalise(fmt.multivariable), span: 2, align: 'center' },
    ],
    [
      { text: '' },
      ...(sizeColumn ? [{ text: '' }] : []),
      { text: hrHead, align: 'center' },
      { text: 'p', align: 'center' },
      { text: hrHead, align: 'center' },
      { text: 'p', align: 'center' },
    ],
  ];
}

/** Every note a cell may refer to; the table letters the ones used, by first appearance. */
function coxNotes({ firthNotes, infiniteRows }: CoxBody, pct: number): MarkedNote[] {
  return [
    {
      key: INFINITE,
      text: `Not estimable: the partial likelihood has no finite maximum (R: “coefficient may be infinite”) for ${infiniteRows.join('; ')}.`,
    },
    {
      key: NO_ESTIMATE,
      text: 'Not estimable: the model gives no estimate for this hazard ratio (R’s coxph reports NA, e.g. when the patients of this model have no events).',
    },
    {
      key: FIRTH,
      text: `Firth’s penalised-likelihood estimate, HR (${pct}% profile CI): ${[...firthNotes.values()].join('; ')}.`,
    },
    { key: naKey('constant'), text: NA_REASON.constant },
    { key: naKey('aliased'), text: NA_REASON.aliased },
    { key: naKey('not-converged'), text: NA_REASON['not-converged'] },
  ];
}
