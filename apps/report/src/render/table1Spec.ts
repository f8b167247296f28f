// Table 1: the patients' characteristics by group, n (%) per level, a p-value whose mark names its
// test, and the notes on the tests chosen, missing values and Monte Carlo p-values.
import type {
  AnalysisResult,
  Table1Categorical,
  Table1Continuous,
  Table1MonteCarlo,
  Table1Result,
  TestUsed,
} from '../analysis/types.js';
import { formatCountPercent, formatP, pRelation } from '../format/index.js';
import { inSentence, type ReportFormat } from '../format/reportFormat.js';
import type { MarkedNote } from './footnotes.js';
import type { Cell, HeaderCell, TableRow, TableSpec } from './table.js';

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

/** What the categorical rows' p-values leave for the notes: tests the plan overrode, simulated p-values. */
interface Table1Marks {
  readonly differing: string[];
  readonly monteCarlo: { label: string; mc: Table1MonteCarlo }[];
}

/** Table 1: characteristics by group, n (%), p with a mark naming its test. */
export function table1Spec(result: AnalysisResult, label: string, fmt: ReportFormat): TableSpec {
  const t1: Table1Result = result.table1;
  const groups = result.group.levels;
  const marks: Table1Marks = { differing: [], monteCarlo: [] };
  const rows = t1.rows.flatMap((row): TableRow[] =>
    row.kind === 'heading'
      ? [{ cells: [row.label], heading: true }]
      : row.kind === 'continuous'
        ? continuousRows(row, t1, fmt)
        : categoricalRows(row, t1, marks),
  );
  const footnotes: string[] = [];
  if (t1.rows.some((r) => r.kind === 'continuous')) footnotes.push('Continuous variables: median (range).');
  footnotes.push('Percentages are of the group’s patients; “Unknown” counts missing values.');
  const missingNote = missingValuesSentence(t1);
  if (missingNote !== '') footnotes.push(missingNote);
  const header: HeaderCell[][] = [
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
  ];
  return {
    label,
    caption: `Characteristics of the patients by ${inSentence(result.group.label)}.`,
    widths: [2.6, ...groups.map(() => 1.25), 0.7],
    align: ['left', ...groups.map(() => 'center' as const), 'center'],
    header,
    rows,
    footnotes,
    notes: table1Notes(marks),
  };
}

/** A continuous variable: its median (range) per group on the name row, then its missing count if any. */
function continuousRows(row: Table1Continuous, t1: Table1Result, fmt: ReportFormat): TableRow[] {
  const rows: TableRow[] = [
    {
      cells: [
        `${row.label}${row.unit ? `, ${row.unit}` : ''}, median (range)`,
        ...row.perGroup.map((g) => fmt.medianRange(g.median, g.min, g.max, row.decimals)),
        row.test === null ? '–' : { text: formatP(row.pValue), notes: [testKey(row.test)] },
      ],
      heading: true,
      indent: row.depth,
    },
  ];
  if (row.perGroup.some((g) => g.missing > 0))
    rows.push({
      cells: ['Unknown', ...row.perGroup.map((g, j) => formatCountPercent(g.missing, t1.groupN[j] ?? 0)), ''],
      indent: row.depth + 1,
    });
  return rows;
}

/** A categorical variable: its name, then n (%) per level; the p-value sits on the first level. */
function categoricalRows(row: Table1Categorical, t1: Table1Result, marks: Table1Marks): TableRow[] {
  const rows: TableRow[] = [{ cells: [row.label], heading: true, indent: row.depth }];
  row.levels.forEach((level, i) => {
    rows.push({
      cells: [
        level.label,
        ...level.counts.map((c, g) => formatCountPercent(c, t1.groupN[g] ?? 0)),
        i === 0 ? categoricalP(row, marks) : '',
      ],
      indent: row.depth + 1,
    });
  });
  return rows;
}

/** The p-value cell with the marks of its test, of the automatic rule the plan overrode, or of Monte Carlo. */
function categoricalP(row: Table1Categorical, marks: Table1Marks): Cell {
  if (row.test === null) return '–';
  const simulated = row.monteCarlo !== undefined && row.test === 'fisher';
  if (row.monteCarlo !== undefined) marks.monteCarlo.push({ label: row.label, mc: row.monteCarlo });
  const notes = [simulated ? MONTE_CARLO : testKey(row.test)];
  if (row.autoPValue !== null) {
    notes.push(AUTO_RULE);
    const name =
      row.autoTest === 'fisher' && row.monteCarlo !== undefined
        ? `${TEST_NAME.fisher}, Monte Carlo`
        : TEST_NAME[row.autoTest];
    marks.differing.push(`${row.label} (${name}, p ${pRelation(row.autoPValue)})`);
  }
  return { text: formatP(row.pValue), notes };
}

/** Every note a p-value may refer to; marks are lettered where the table is drawn, in the order the rows first use them. */
function table1Notes({ differing, monteCarlo }: Table1Marks): MarkedNote[] {
  return [
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
