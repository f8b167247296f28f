import type {
  AnalysisResult,
  CoxLevelRow,
  CoxTable,
  CoxVariableRows,
  Table1Result,
  TestUsed,
} from '../analysis/types.js';
import { formatCountPercent, formatP, formatReference, NOT_ESTIMABLE, pRelation } from '../format/index.js';
import { capitalise, type ReportFormat } from '../format/reportFormat.js';
import type { MarkedNote } from './footnotes.js';
import type { Cell, TableRow, TableSpec } from './table.js';

type AnyTest = TestUsed | 'wilcoxon' | 'kruskal';
const testKey = (test: AnyTest) => `test:${test}`;
/** The automatic-rule note of Table 1. */
const AUTO_RULE = 'auto-rule';
const TEST_NAME: Record<AnyTest, string> = {
  chisq: 'Pearson’s χ² test',
  fisher: 'Fisher’s exact test',
  wilcoxon: 'Wilcoxon rank-sum test',
  kruskal: 'Kruskal–Wallis test',
};

/** Table 1: characteristics by group, n (%), p with a mark naming its test. */
export function table1Spec(result: AnalysisResult, label: string, fmt: ReportFormat): TableSpec {
  const t1: Table1Result = result.table1;
  const groups = result.group.levels;
  const rows: TableRow[] = [];
  const differing: string[] = [];
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
          ...row.perGroup.map((g) => fmt.medianRange(g.median, g.min, g.max)),
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
          const notes = [testKey(row.test)];
          if (row.autoPValue !== null) {
            notes.push(AUTO_RULE);
            differing.push(`${row.label} (${TEST_NAME[row.autoTest]}, p ${pRelation(row.autoPValue)})`);
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
  ];
  return {
    label,
    caption: `Characteristics of the patients by ${result.group.label.toLowerCase()}.`,
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

interface CoxCells {
  hr: Cell;
  p: Cell;
}

const INFINITE = 'infinite';
const FIRTH = 'firth';

function coxCells(
  level: CoxLevelRow,
  firthNotes: Map<string, string>,
  where: string,
  fmt: ReportFormat,
): CoxCells {
  if (level.isReference) return { hr: formatReference(), p: '' };
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

/** Tables 2–3: univariable and multivariable Cox models side by side, in the paper's layout. */
export function coxTableSpec(
  result: AnalysisResult,
  cox: CoxTable,
  label: string,
  fmt: ReportFormat,
): TableSpec {
  const uniWord = fmt.univariable;
  const multiWord = fmt.multivariable;
  const rows: TableRow[] = [];
  const firthNotes = new Map<string, string>();
  let anyInfinite = false;
  cox.univariate.forEach((uni: CoxVariableRows, v) => {
    const multi = cox.multivariable[v] ?? null;
    rows.push({ cells: [uni.label], heading: true });
    uni.levels.forEach((level, i) => {
      const u = coxCells(level, firthNotes, `${uni.label} = ${level.label} (${uniWord})`, fmt);
      const mLevel = multi?.levels[i];
      const m =
        mLevel === undefined
          ? { hr: '', p: '' }
          : coxCells(mLevel, firthNotes, `${uni.label} = ${level.label} (${multiWord})`, fmt);
      if (level.infinite || mLevel?.infinite === true) anyInfinite = true;
      rows.push({ cells: [level.label, u.hr, u.p, m.hr, m.p], indent: 1 });
    });
  });
  const footnotes: string[] = [];
  const pct = Math.round(result.confLevel * 100);
  footnotes.push(
    `HR, hazard ratio (${pct}% CI), Cox proportional-hazards model (${result.ties === 'efron' ? 'Efron' : 'Breslow'} ties); p, Wald test. Reference levels are shown as ${formatReference()}.`,
  );
  footnotes.push(
    `${capitalise(multiWord)} model: ${cox.multivariableVariables.length === 0 ? 'not fitted' : `${cox.multivariableN} patients, ${cox.multivariableEvents} events`}.`,
  );
  const notes: MarkedNote[] = [];
  if (anyInfinite) {
    const infinite = cox.warnings.filter((w) => /infinite/i.test(w));
    const quoted =
      infinite.length > 0 ? infinite.map((w) => `“${w.trim()}”`).join('; ') : 'the coefficient diverged';
    notes.push({
      key: INFINITE,
      text: `Not estimable: the partial likelihood has no finite maximum (engine warning: ${quoted}).`,
    });
  }
  if (firthNotes.size > 0)
    notes.push({
      key: FIRTH,
      text: `Firth’s penalised-likelihood estimate, HR (${pct}% profile CI): ${[...firthNotes.values()].join('; ')}.`,
    });
  return {
    label,
    caption: `${capitalise(uniWord)} and ${multiWord} analysis of the prognostic factors for ${cox.label.toLowerCase()} (${cox.abbreviation}).`,
    widths: [2.4, 1.75, 0.65, 1.75, 0.65],
    align: ['left', 'center', 'center', 'center', 'center'],
    header: [
      [
        { text: 'Characteristic' },
        { text: capitalise(uniWord), span: 2, align: 'center' },
        { text: capitalise(multiWord), span: 2, align: 'center' },
      ],
      [
        { text: '' },
        { text: 'HR (95% CI)'.replace('95', String(pct)), align: 'center' },
        { text: 'p', align: 'center' },
        { text: 'HR (95% CI)'.replace('95', String(pct)), align: 'center' },
        { text: 'p', align: 'center' },
      ],
    ],
    rows,
    footnotes,
    notes,
  };
}
