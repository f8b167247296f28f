import type {
  AnalysisResult,
  CoxLevelRow,
  CoxTable,
  CoxVariableRows,
  PairwiseLogRank,
  Table1Categorical,
  Table1MonteCarlo,
  Table1Result,
  TestUsed,
} from '../analysis/types.js';
import {
  formatCountPercent,
  formatP,
  formatReference,
  formatStatistic,
  NOT_AVAILABLE,
  NOT_ESTIMABLE,
  pRelation,
} from '../format/index.js';
import { capitalise, inSentence, type ReportFormat } from '../format/reportFormat.js';
import type { MarkedNote } from './footnotes.js';
import type { Cell, TableRow, TableSpec } from './table.js';

type AnyTest = TestUsed | 'wilcoxon' | 'kruskal';
const testKey = (test: AnyTest) => `test:${test}`;
/** The automatic-rule note of Table 1. */
const AUTO_RULE = 'auto-rule';
/** The note of a Fisher p-value estimated by Monte Carlo (the exact test was beyond reach). */
const MONTE_CARLO = 'monte-carlo';
const TEST_NAME: Record<AnyTest, string> = {
  chisq: 'Pearson’s χ² test',
  fisher: 'Fisher’s exact test',
  wilcoxon: 'Wilcoxon rank-sum test',
  kruskal: 'Kruskal–Wallis test',
};

/**
 * How Table 1's categorical tests treated missing values, in one sentence for the methods text and
 * the table's footnote: from what each row's test did (`row.missing`), naming the rows that differ
 * from the rest when a plan overrides the rule per row. Empty when no tested row has a missing value.
 */
export function missingValuesSentence(t1: Table1Result): string {
  const rows = t1.rows.filter(
    (r): r is Table1Categorical =>
      r.kind === 'categorical' && r.test !== null && r.levels.some((l) => l.unknown),
  );
  if (rows.length === 0) return '';
  const join = (xs: readonly string[]) =>
    xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
  const rule = (m: Table1Categorical['missing']) =>
    m === 'category' ? 'count “Unknown” as a category' : 'leave “Unknown” out';
  const exception = (m: Table1Categorical['missing']) =>
    m === 'category' ? 'it is counted as a category' : 'it is left out';
  // The plan-wide rule first, then the rows that override it.
  const others = rows.filter((r) => r.missing !== t1.missing);
  if (others.length === 0) return `The tests ${rule(t1.missing)}.`;
  if (others.length === rows.length) return `The tests ${rule(others[0]!.missing)}.`;
  return `The tests ${rule(t1.missing)}, except for ${join(others.map((r) => r.label))}, where ${exception(others[0]!.missing)}.`;
}

/** Table 1: characteristics by group, n (%), p with a mark naming its test. */
export function table1Spec(result: AnalysisResult, label: string, fmt: ReportFormat): TableSpec {
  const t1: Table1Result = result.table1;
  const groups = result.group.levels;
  const rows: TableRow[] = [];
  const differing: string[] = [];
  const monteCarlo: { label: string; mc: Table1MonteCarlo }[] = [];
  let anyContinuous = false;
  for (const row of t1.rows) {
    if (row.kind === 'heading') {
      rows.push({ cells: [row.label], heading: true });
      continue;
    }
    if (row.kind === 'continuous') {
      anyContinuous = true;
      rows.push({
        cells: [
          `${row.label}${row.unit ? `, ${row.unit}` : ''}, median (range)`,
          ...row.perGroup.map((g) => fmt.medianRange(g.median, g.min, g.max, row.decimals)),
          row.test === null ? '–' : { text: formatP(row.pValue), notes: [testKey(row.test)] },
        ],
        heading: true,
        indent: row.depth,
      });
      if (row.perGroup.some((g) => g.missing > 0))
        rows.push({
          cells: [
            'Unknown',
            ...row.perGroup.map((g, j) => formatCountPercent(g.missing, t1.groupN[j] ?? 0)),
            '',
          ],
          indent: row.depth + 1,
        });
      continue;
    }
    rows.push({ cells: [row.label], heading: true, indent: row.depth });
    row.levels.forEach((level, i) => {
      let p: Cell = '';
      if (i === 0) {
        if (row.test === null) p = '–';
        else {
          const simulated = row.monteCarlo !== undefined && row.test === 'fisher';
          if (row.monteCarlo !== undefined) monteCarlo.push({ label: row.label, mc: row.monteCarlo });
          const notes = [simulated ? MONTE_CARLO : testKey(row.test)];
          if (row.autoPValue !== null) {
            notes.push(AUTO_RULE);
            const name =
              row.autoTest === 'fisher' && row.monteCarlo !== undefined
                ? `${TEST_NAME.fisher}, Monte Carlo`
                : TEST_NAME[row.autoTest];
            differing.push(`${row.label} (${name}, p ${pRelation(row.autoPValue)})`);
          }
          p = { text: formatP(row.pValue), notes };
        }
      }
      rows.push({
        cells: [level.label, ...level.counts.map((c, g) => formatCountPercent(c, t1.groupN[g] ?? 0)), p],
        indent: row.depth + 1,
      });
    });
  }
  const footnotes: string[] = [];
  if (anyContinuous) footnotes.push('Continuous variables: median (range).');
  footnotes.push('Percentages are of the group’s patients; “Unknown” counts missing values.');
  const missingNote = missingValuesSentence(t1);
  if (missingNote !== '') footnotes.push(missingNote);
  // Marks are lettered where the table is drawn, in the order the rows first use them.
  const notes: MarkedNote[] = [
    { key: testKey('chisq'), text: `${TEST_NAME.chisq}.` },
    { key: testKey('fisher'), text: `${TEST_NAME.fisher}.` },
    { key: testKey('wilcoxon'), text: `${TEST_NAME.wilcoxon} (R’s wilcox.test rules).` },
    { key: testKey('kruskal'), text: `${TEST_NAME.kruskal} (R’s kruskal.test).` },
    {
      key: AUTO_RULE,
      text: `Test chosen by the analysis plan; the automatic rule (Fisher’s exact test when an expected count is below 5) would have used: ${differing.join('; ')}.`,
    },
    { key: MONTE_CARLO, text: monteCarloFootnote(monteCarlo) },
  ];
  return {
    label,
    caption: `Characteristics of the patients by ${inSentence(result.group.label)}.`,
    widths: [2.6, ...groups.map(() => 1.25), 0.7],
    align: ['left', ...groups.map(() => 'center' as const), 'center'],
    header: [
      [
        { text: 'Characteristic' },
        ...groups.map((g) => ({ text: g.label, align: 'center' as const })),
        { text: 'p' },
      ],
      [
        { text: '' },
        ...groups.map((g) => ({ text: `n = ${g.n} (%)`, align: 'center' as const })),
        { text: '' },
      ],
    ],
    rows,
    footnotes,
    notes,
  };
}

/**
 * "f Fisher’s exact test, Monte Carlo p-value (B = 100,000, seed 2024, SE 0.0012)": rows whose
 * exact test was beyond reach; one SE per row when several are simulated.
 */
function monteCarloFootnote(rows: readonly { label: string; mc: Table1MonteCarlo }[]): string {
  const se = (x: number) => x.toPrecision(2);
  const settings = new Set(rows.map(({ mc }) => `B = ${mc.B.toLocaleString('en-US')}, seed ${mc.seed}`));
  const detail =
    rows.length === 1
      ? `${[...settings][0]}, SE ${se(rows[0]!.mc.stdErr)}`
      : settings.size === 1
        ? `${[...settings][0]}; SE ${rows.map(({ label, mc }) => `${se(mc.stdErr)} for ${label}`).join(', ')}`
        : rows
            .map(
              ({ label, mc }) =>
                `${label}: B = ${mc.B.toLocaleString('en-US')}, seed ${mc.seed}, SE ${se(mc.stdErr)}`,
            )
            .join('; ');
  return `Fisher’s exact test, Monte Carlo p-value (${detail}); the exact test was beyond reach, as for R’s fisher.test.`;
}

interface CoxCells {
  hr: Cell;
  p: Cell;
}

const INFINITE = 'infinite';
const FIRTH = 'firth';
const NO_ESTIMATE = 'no-estimate';
const NA_REASON: Record<'constant' | 'aliased', string> = {
  constant:
    'Not estimable (NA): the covariate takes a single value in the patients of this model, so its coefficient is not identified (R’s coxph reports NA).',
  aliased:
    'Not estimable (NA): the covariate is aliased — a linear combination of the other covariates in this model (R’s coxph reports NA).',
};
const naKey = (reason: keyof typeof NA_REASON) => `na:${reason}`;

function coxCells(
  level: CoxLevelRow,
  firthNotes: Map<string, string>,
  where: string,
  fmt: ReportFormat,
): CoxCells {
  if (level.isReference) return { hr: formatReference(), p: '' };
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
  const rows: TableRow[] = [];
  const firthNotes = new Map<string, string>();
  const fitted = cox.univariate.filter((u) => u.n > 0);
  const sizes = new Set(fitted.map((u) => `${u.n}/${u.events}`));
  const sizeColumn = sizes.size > 1;
  const size = (u: CoxVariableRows): Cell[] => (sizeColumn ? [u.n > 0 ? `${u.n} (${u.events})` : '–'] : []);
  const blank = (): Cell[] => (sizeColumn ? [''] : []);
  // Which rows the engine flagged (CoxLevelRow.infinite), named in the footnote.
  const infiniteRows: string[] = [];
  cox.univariate.forEach((uni: CoxVariableRows, v) => {
    const multi = cox.multivariable[v] ?? null;
    const cells = (level: CoxLevelRow, i: number, name: string): Cell[] => {
      const u = coxCells(level, firthNotes, `${name} (${uniWord})`, fmt);
      const mLevel = multi?.levels[i];
      const m =
        mLevel === undefined
          ? { hr: '', p: '' }
          : coxCells(mLevel, firthNotes, `${name} (${multiWord})`, fmt);
      if (level.infinite) infiniteRows.push(`${name} (${uniWord})`);
      if (mLevel?.infinite === true) infiniteRows.push(`${name} (${multiWord})`);
      return [u.hr, u.p, m.hr, m.p];
    };
    if (uni.type === 'continuous') {
      const level = uni.levels[0];
      const name = continuousLabel(uni);
      rows.push({
        cells: [name, ...size(uni), ...(level === undefined ? ['', '', '', ''] : cells(level, 0, name))],
        // Bold like every other variable name (Table 1 sets its continuous rows the same way).
        heading: true,
      });
      return;
    }
    rows.push({ cells: [uni.label, ...size(uni)], heading: true });
    uni.levels.forEach((level, i) => {
      rows.push({
        cells: [level.label, ...blank(), ...cells(level, i, `${uni.label} = ${level.label}`)],
        indent: 1,
      });
    });
  });
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
  // Every note a cell may refer to; the table letters the ones used, by first appearance.
  const notes: MarkedNote[] = [
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
  ];
  const hrHead = `HR (${pct}% CI)`;
  return {
    label,
    caption: `${capitalise(uniWord)} and ${multiWord} analysis of the prognostic factors for ${inSentence(cox.label)} (${cox.abbreviation}).`,
    widths: sizeColumn ? [2.2, 0.9, 1.6, 0.6, 1.6, 0.6] : [2.4, 1.75, 0.65, 1.75, 0.65],
    align: ['left', ...(sizeColumn ? ['center' as const] : []), 'center', 'center', 'center', 'center'],
    header: [
      [
        { text: 'Characteristic' },
        ...(sizeColumn ? [{ text: 'n (events)', align: 'center' as const }] : []),
        { text: capitalise(uniWord), span: 2, align: 'center' },
        { text: capitalise(multiWord), span: 2, align: 'center' },
      ],
      [
        { text: '' },
        ...(sizeColumn ? [{ text: '' }] : []),
        { text: hrHead, align: 'center' },
        { text: 'p', align: 'center' },
        { text: hrHead, align: 'center' },
        { text: 'p', align: 'center' },
      ],
    ],
    rows,
    footnotes,
    notes,
  };
}

const ADJUST_TEXT: Record<PairwiseLogRank['adjust'], (pairs: number) => string> = {
  holm: (m) => `adjusted for ${m} comparisons by Holm’s method (R’s p.adjust)`,
  bonferroni: (m) => `adjusted for ${m} comparisons by Bonferroni’s method (R’s p.adjust)`,
  none: () => 'not adjusted for multiplicity',
};

/** Pairwise log-rank tests between the arms (survminer's pairwise_survdiff), one row per pair. */
export function pairwiseSpec(result: AnalysisResult, pairwise: PairwiseLogRank, label: string): TableSpec {
  const km = result.survival.find((s) => s.endpoint === pairwise.endpoint);
  const test = pairwise.rho === 0 ? 'log-rank' : `Harrington–Fleming (ρ = ${pairwise.rho})`;
  return {
    label,
    caption: `Pairwise ${test} tests of ${km === undefined ? pairwise.endpoint : inSentence(km.label)} (${pairwise.abbreviation}) between the ${inSentence(result.group.label)} groups.`,
    widths: [3.2, 1.1, 1.1, 1.3],
    align: ['left', 'center', 'center', 'center'],
    header: [
      [
        { text: 'Comparison' },
        { text: 'χ² (1 df)', align: 'center' },
        { text: 'p', align: 'center' },
        { text: 'Adjusted p', align: 'center' },
      ],
    ],
    rows: pairwise.rows.map((r) => ({
      cells: [
        `${r.second} vs ${r.first}`,
        formatStatistic(r.statistic),
        formatP(r.pValue),
        formatP(r.adjustedP),
      ],
    })),
    footnotes: [
      `Each test uses the patients of its two groups only; p-values ${ADJUST_TEXT[pairwise.adjust](pairwise.rows.length)}, as survminer’s pairwise_survdiff.`,
    ],
  };
}
