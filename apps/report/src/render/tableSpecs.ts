import type {
  AnalysisResult,
  CoxLevelRow,
  CoxTable,
  CoxVariableRows,
  Table1Result,
  TestUsed,
} from '../analysis/types.js';
import {
  formatCountPercent,
  formatHazardRatio,
  formatMedianRange,
  formatP,
  formatReference,
  NOT_ESTIMABLE,
  pRelation,
} from '../format/index.js';
import type { Cell, TableRow, TableSpec } from './table.js';

type AnyTest = TestUsed | 'wilcoxon' | 'kruskal';
const TEST_MARK: Record<AnyTest, string> = { chisq: 'a', fisher: 'b', wilcoxon: 'd', kruskal: 'e' };
const TEST_NAME: Record<AnyTest, string> = {
  chisq: 'Pearson’s χ² test',
  fisher: 'Fisher’s exact test',
  wilcoxon: 'Wilcoxon rank-sum test',
  kruskal: 'Kruskal–Wallis test',
};

/** Table 1: characteristics by group, n (%), p with a mark naming its test. */
export function table1Spec(result: AnalysisResult, label: string): TableSpec {
  const t1: Table1Result = result.table1;
  const groups = result.group.levels;
  const rows: TableRow[] = [];
  const used = new Set<AnyTest>();
  const differing: string[] = [];
  let anyContinuous = false;
  for (const row of t1.rows) {
    if (row.kind === 'heading') {
      rows.push({ cells: [row.label], heading: true });
      continue;
    }
    if (row.kind === 'continuous') {
      anyContinuous = true;
      if (row.test !== null) used.add(row.test);
      rows.push({
        cells: [
          `${row.label}${row.unit ? `, ${row.unit}` : ''}, median (range)`,
          ...row.perGroup.map((g) => formatMedianRange(g.median, g.min, g.max)),
          row.test === null ? '–' : { text: formatP(row.pValue), mark: TEST_MARK[row.test] },
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
          used.add(row.test);
          let mark = TEST_MARK[row.test];
          if (row.autoPValue !== null) {
            mark += ',c';
            differing.push(`${row.label} (${TEST_NAME[row.autoTest]}, p ${pRelation(row.autoPValue)})`);
          }
          p = { text: formatP(row.pValue), mark };
        }
      }
      rows.push({
        cells: [level.label, ...level.counts.map((c, g) => formatCountPercent(c, t1.groupN[g] ?? 0)), p],
        indent: row.depth + 1,
      });
    });
  }
  const footnotes: string[] = [];
  for (const test of ['chisq', 'fisher'] as const)
    if (used.has(test)) footnotes.push(`${TEST_MARK[test]} ${TEST_NAME[test]}.`);
  if (differing.length > 0)
    footnotes.push(
      `c Test chosen by the analysis plan; the automatic rule (Fisher’s exact test when an expected count is below 5) would have used: ${differing.join('; ')}.`,
    );
  for (const test of ['wilcoxon', 'kruskal'] as const)
    if (used.has(test))
      footnotes.push(`${TEST_MARK[test]} ${TEST_NAME[test]} (R’s wilcox.test/kruskal.test rules).`);
  if (anyContinuous) footnotes.push('Continuous variables: median (range).');
  footnotes.push('Percentages are of the group’s patients; “Unknown” counts missing values.');
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
  };
}

interface CoxCells {
  hr: Cell;
  p: Cell;
}

function coxCells(level: CoxLevelRow, notes: Map<string, string>, where: string): CoxCells {
  if (level.isReference) return { hr: formatReference(), p: '' };
  if (level.infinite || level.hazardRatio === null) {
    let mark = 'a';
    if (level.firth !== null) {
      mark = 'a,b';
      const f = level.firth;
      notes.set(
        `b ${where}`,
        `${where}: ${formatHazardRatio(f.hazardRatio, f.lower, f.upper)}, p ${pRelation(f.pValue)}`,
      );
    }
    return { hr: { text: NOT_ESTIMABLE, mark }, p: formatP(level.pValue) };
  }
  return {
    hr: formatHazardRatio(level.hazardRatio, level.lower ?? Number.NaN, level.upper ?? Number.NaN),
    p: formatP(level.pValue),
  };
}

/** Tables 2–3: univariate and multivariable Cox models side by side, in the paper's layout. */
export function coxTableSpec(result: AnalysisResult, cox: CoxTable, label: string): TableSpec {
  const rows: TableRow[] = [];
  const firthNotes = new Map<string, string>();
  // which rows the engine flagged (CoxLevelRow.infinite), named for the footnote
  const infiniteRows: string[] = [];
  cox.univariate.forEach((uni: CoxVariableRows, v) => {
    const multi = cox.multivariable[v] ?? null;
    rows.push({ cells: [uni.label], heading: true });
    uni.levels.forEach((level, i) => {
      const u = coxCells(level, firthNotes, `${uni.label} = ${level.label} (univariate)`);
      const mLevel = multi?.levels[i];
      const m =
        mLevel === undefined
          ? { hr: '', p: '' }
          : coxCells(mLevel, firthNotes, `${uni.label} = ${level.label} (multivariate)`);
      if (level.infinite) infiniteRows.push(`${uni.label} = ${level.label} (univariate)`);
      if (mLevel?.infinite === true) infiniteRows.push(`${uni.label} = ${level.label} (multivariate)`);
      rows.push({ cells: [level.label, u.hr, u.p, m.hr, m.p], indent: 1 });
    });
  });
  const footnotes: string[] = [];
  const pct = Math.round(result.confLevel * 100);
  footnotes.push(
    `HR, hazard ratio (${pct}% CI), Cox proportional-hazards model (${result.ties === 'efron' ? 'Efron' : 'Breslow'} ties); p, Wald test. Reference levels are shown as ${formatReference()}.`,
  );
  footnotes.push(
    `Multivariate model: ${cox.multivariableVariables.length === 0 ? 'not fitted' : `${cox.multivariableN} patients, ${cox.multivariableEvents} events`}.`,
  );
  if (infiniteRows.length > 0) {
    footnotes.push(
      `a Not estimable: the partial likelihood has no finite maximum (R: “coefficient may be infinite”) for ${infiniteRows.join('; ')}.`,
    );
  }
  if (firthNotes.size > 0)
    footnotes.push(
      `b Firth’s penalised-likelihood estimate, HR (${pct}% profile CI): ${[...firthNotes.values()].join('; ')}.`,
    );
  return {
    label,
    caption: `Univariate and multivariate analysis of the prognostic factors for ${cox.label.toLowerCase()} (${cox.abbreviation}).`,
    widths: [2.4, 1.75, 0.65, 1.75, 0.65],
    align: ['left', 'center', 'center', 'center', 'center'],
    header: [
      [
        { text: 'Characteristic' },
        { text: 'Univariate', span: 2, align: 'center' },
        { text: 'Multivariate', span: 2, align: 'center' },
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
  };
}
